/**
 * `npm run bench [-- --json] [--scale N] [--only suite,suite] [--runs N]`: runs the bench
 * suites and prints a table, or one JSON object on the last line with `--json`. Generated
 * archives and indexes are kept between runs in `$READER_BENCH_CACHE` (see cache.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, Figures } from './harness.ts';
import { benchSuites } from './suites.ts';
import { cacheRoot } from './cache.ts';
import { tuneHeapForLargeArchives } from '../../archive/heap.ts';

tuneHeapForLargeArchives();

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    scale: { type: 'string' },
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});

const json = values.json ?? false;
const scales = values.scale ? [Number(values.scale)] : [1000, 10_000, 100_000];
if (scales.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`bench: --scale takes a positive whole number, not "${values.scale}"`);
  process.exit(2);
}
// A million articles held in this process (the store, the window's service) need more than
// the default heap: the bench runs itself again with a larger one.
const HEAP_MB = 8192;
if (Math.max(...scales) > 200_000 && getHeapStatistics().heap_size_limit < HEAP_MB * 1048576 * 0.9) {
  const again = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
const only = values.only ? new Set(values.only.split(',')) : null;
const peer = resolve(process.cwd(), '../shared/peer');
const tmpDir = mkdtempSync(join(tmpdir(), 'reader-bench-'));
const ctx: BenchContext = {
  scales,
  runs: Math.max(1, Number(values.runs)),
  tmpDir,
  peerDir: existsSync(peer) ? peer : null,
  log: (message) => {
    if (!json) process.stderr.write(`  ${message}\n`);
  },
};

const figures: Figures = {};
let failed = false;
ctx.log(`cache of generated archives and indexes: ${cacheRoot()}`);
try {
  for (const suite of benchSuites) {
    if (only && !only.has(suite.name)) continue;
    ctx.log(`[${suite.name}]`);
    try {
      Object.assign(figures, await suite.run(ctx));
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      figures[`${suite.name}.error`] = message;
      if (!json) console.error(`bench: suite ${suite.name} failed: ${message}`);
    }
  }
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}

if (json) {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const width = Math.max(...Object.keys(figures).map((k) => k.length), 10);
  for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(width)}  ${value}`);
}
process.exit(failed ? 1 : 0);
