/**
 * Heap settings for a process that holds a large archive. Opening 100k articles allocates a
 * hundred thousand records in one go; with V8's default young generation (16 MB semi-spaces)
 * they are copied through many scavenges before promotion, about a fifth of the open time.
 * Larger semi-spaces let the catalog's records be promoted in fewer, larger steps.
 * Called first thing by the app's main process, the CLI and the bench (which measures what they do).
 *
 * Measured on Node 20 (issue 16): set from inside a running process this flag does not change the
 * young generation at all: `v8.getHeapSpaceStatistics()` keeps new_space at 2 x 16 MB and
 * `--trace-gc` shows a scavenge every ~16 MB, as without it; only the command line (or NODE_OPTIONS)
 * sizes it. Given there, at 1M articles the background catalog load took 6.9 s with 64 MB
 * semi-spaces, 7.4-7.7 s with the default 16, 9.3 s with 4 and 13.2 s with 1 (smaller ones promote
 * sooner and run more old-generation marking, with stalls of 700 ms): no size is the lever for the
 * load's time or its stalls, so this stays as it is.
 */
import { setFlagsFromString } from 'node:v8';

const SEMI_SPACE_MB = 64;

/** Sets the heap flags; effective for the young generation's next resize, so call it early. */
export function tuneHeapForLargeArchives(): void {
  setFlagsFromString(`--max-semi-space-size=${SEMI_SPACE_MB}`);
}
