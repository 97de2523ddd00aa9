/**
 * The conformance harness: each suite scores this project against test data written by other
 * projects (`../shared/peer`), which a user's clone may not have; suites then report themselves
 * as skipped with the reason.
 */

/** One row of the printed table. */
export interface ConformanceRow {
  suite: string;
  /** What was measured, e.g. `body bigram F1 (mean)` or `s2t pass rate`. */
  metric: string;
  value: number | string;
  /** The target, when the issue states one. */
  target?: string;
}

export interface ConformanceResult {
  rows: ConformanceRow[];
  /** Per-case details for `--json` (failures, first differing line …). */
  details?: unknown;
}

export interface ConformanceSuite {
  name: string;
  /** Runs against `peerDir` (`../shared/peer`); throw `SkipSuite` when its data is absent. */
  run(peerDir: string, log: (message: string) => void): Promise<ConformanceResult>;
}

/** Thrown by a suite whose data is not there, with the reason printed instead of figures. */
export class SkipSuite extends Error {}
