/**
 * `npx tsx build/bench/cache-fill.ts --scale N`: fills the bench cache (see cache.ts) at scale
 * `N` ahead of a run: the archive's bodies and catalog and, unless `--no-index`, the search
 * index. `npm run bench` does the same on its own when the cache is missing; this only lets the
 * long part run beforehand (e.g. under `nice`).
 */
import { parseArgs } from 'node:util';
import { tuneHeapForLargeArchives } from '../../archive/heap.ts';
import { cachedArchive, cacheRoot } from './cache.ts';
import { cachedSearchIndex } from './search.ts';

tuneHeapForLargeArchives();
const { values } = parseArgs({ options: { scale: { type: 'string' }, 'no-index': { type: 'boolean', default: false }, 'no-archive': { type: 'boolean', default: false } } });
const n = Number(values.scale);
if (!Number.isInteger(n) || n <= 0) {
  console.error('cache-fill: --scale takes a positive whole number');
  process.exit(2);
}
const log = (m: string) => process.stderr.write(`  ${m}\n`);
log(`cache: ${cacheRoot()}`);
if (!values['no-archive']) await cachedArchive(n, log);
if (!values['no-index']) await cachedSearchIndex(n, log);
