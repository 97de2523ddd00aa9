/**
 * The catalog's sorted runs: each shard's ids in the default order (newest first) with their
 * sort keys, and their merge into one order for the library, in time slices.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** One shard's ids in the default order (newest first) with their sort keys. */
export interface Run {
  ids: string[];
  keys: string[];
  /** Whether each place in the run is the row of a shard known by its row index (see CatalogShards.fieldsAt). */
  rows?: boolean;
}

/** Rows per shard a location can name (the shard's number is above them). */
export const LOC_ROW_BITS = 23;

/** Whether (ka, ia) comes before (kb, ib) newest first. */
export function before(ka: string, ia: string, kb: string, ib: string): boolean {
  return ka > kb || (ka === kb && ia > ib);
}

/** Sorts a run that is not in the default order (its places are then no longer rows). */
export function sortRun(run: Run): void {
  for (let i = 1; i < run.ids.length; i++) {
    if (before(run.keys[i]!, run.ids[i]!, run.keys[i - 1]!, run.ids[i - 1]!)) {
      run.rows = false;
      const pairs = run.ids.map((id, j) => [run.keys[j]!, id] as const).sort((a, b) => (before(a[0], a[1], b[0], b[1]) ? -1 : 1));
      run.ids = pairs.map((p) => p[1]);
      run.keys = pairs.map((p) => p[0]);
      return;
    }
  }
}

/**
 * Merges the runs (by shard number, undefined where there is none) pairwise into the default
 * order, yielding to the event loop whenever a slice has run `sliceMs`; returns the ids in
 * ascending order, as the library keeps them, with each one's location (its shard's number and
 * its row, -1 where the run's places are not rows: see CatalogShards.fieldsAt). The levels of
 * the merge move locations back and forth between two typed arrays: a new array of strings per
 * level left about 200 MB of garbage at a million, and large allocations late in the load
 * brought full collections of 50-70 ms.
 */
export async function mergeRuns(runs: readonly (Run | undefined)[], sliceMs: number): Promise<{ ascending: string[]; locs: number[] }> {
  const total = runs.reduce((n, r) => n + (r?.ids.length ?? 0), 0);
  let src = new Int32Array(total);
  let dst = new Int32Array(total);
  let bounds = [0];
  runs.forEach((run, number) => {
    if (!run || run.ids.length === 0) return;
    const at = bounds[bounds.length - 1]!;
    for (let i = 0; i < run.ids.length; i++) src[at + i] = (number << LOC_ROW_BITS) | i;
    bounds.push(at + run.ids.length);
  });
  const mask = (1 << LOC_ROW_BITS) - 1;
  let sliceStart = performance.now();
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const aEnd = bounds[r + 1]!;
      const bEnd = bounds[r + 2] ?? aEnd;
      let i = bounds[r]!;
      let j = aEnd;
      for (let k = bounds[r]!; k < bEnd; k++) {
        const a = src[i]!;
        const b = src[j]!;
        let fromA = j >= bEnd;
        if (!fromA && i < aEnd) {
          const ra = runs[a >>> LOC_ROW_BITS]!;
          const rb = runs[b >>> LOC_ROW_BITS]!;
          fromA = before(ra.keys[a & mask]!, ra.ids[a & mask]!, rb.keys[b & mask]!, rb.ids[b & mask]!);
        }
        if (fromA) {
          dst[k] = a;
          i++;
        } else {
          dst[k] = b;
          j++;
        }
        if ((k & 4095) === 4095 && performance.now() - sliceStart > sliceMs) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
      next.push(bEnd);
    }
    [src, dst] = [dst, src];
    bounds = next;
  }
  // Newest first in the runs: the library keeps ascending order.
  const ascending = new Array<string>(total);
  const locs = new Array<number>(total);
  for (let k = 0; k < total; k++) {
    const g = src[total - 1 - k]!;
    ascending[k] = runs[g >>> LOC_ROW_BITS]!.ids[g & mask]!;
    locs[k] = runs[g >>> LOC_ROW_BITS]!.rows ? g : -1;
    if ((k & 4095) === 4095 && performance.now() - sliceStart > sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  return { ascending, locs };
}
