/**
 * The bench harness: suites return named figures; the runner prints a table and, with
 * `--json`, one JSON object on the last line. Figures are medians of several runs, and budgets
 * are judged as ratios or absolute numbers in the closing notes, never asserted in tests.
 */

/** What every suite gets from the runner. */
export interface BenchContext {
  /** Article counts to measure at (`--scale N` narrows it to one). */
  scales: number[];
  /** How many repetitions a figure takes its median over. */
  runs: number;
  /** A scratch folder of the run's own, removed afterwards. */
  tmpDir: string;
  /** `../shared/peer` when it is there, else null (suites that need it say they skipped). */
  peerDir: string | null;
  /** Progress for the human; silent in `--json` mode. */
  log(message: string): void;
}

/** Figures keyed `<suite>.<figure>[.<scale>]`, e.g. `store.open_ms.100k`. */
export type Figures = Record<string, number | string>;

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<Figures>;
}

/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** `1000` → `1k`, `100000` → `100k`, `1000000` → `1M`: the scale part of a figure's key. */
export function scaleLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** Runs `fn` `runs` times and returns the median of its elapsed milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return round(median(times));
}

/** Rounds to 2 decimals for display. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
