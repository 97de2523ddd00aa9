/**
 * Run by the search bench in a child process: the resident memory of the app's own state at
 * scale `n`, measured on the real thing rather than a stand-in: the bench's synthetic archive
 * opened for writing (`ArchiveStore`, whole catalog loaded, one article imported so the writer's
 * lookups are built as after any import), then its search index (built over the same ids)
 * opened and the bench's queries run. After a full garbage collection each time. Then the same
 * queries timed as the suite times them over its stand-in store (the median of 3 runs each, p95
 * over the 50): here ranking reads what it needs from the real catalog, and the heap is the app's.
 * Prints one JSON line. The imported article's body goes to the cached bodies' folder: the parent removes it.
 */
import { SearchIndex } from '../../archive/search/index.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { BENCH_QUERIES } from '../../archive/testing/search-corpus.ts';
import { percentile } from './harness.ts';
import { IMPORTED_OFFSET } from './search.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';

const [dir, count] = process.argv.slice(2);
const n = Number(count);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;
const store = await ArchiveStore.open(dir!);
await store.loaded;
const i = n + IMPORTED_OFFSET;
const article = syntheticArticle(i);
await store.addArticle({ article, original: syntheticOriginal(i, article) });
gc();
const before = process.memoryUsage();
const catalogOnlyMb = mb(before.rss);
const index = await SearchIndex.open(store);
await index.ready();
for (const q of BENCH_QUERIES) await index.search(q);
gc();
const usage = process.memoryUsage();
// What the index holds: its JS heap and its typed arrays (RSS minus RSS before is not it: pages the
// allocator freed while the catalog loaded are still counted in the first figure).
const indexMemoryMb = mb(usage.heapUsed + usage.external - (before.heapUsed + before.external));
const times: number[] = [];
for (const q of BENCH_QUERIES) {
  const samples: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await index.search(q, { script: 'hans' });
    samples.push(performance.now() - t);
  }
  times.push(samples.sort((a, b) => a - b)[1]!);
}
const line = { rssMb: mb(usage.rss), catalogOnlyMb, indexMemoryMb, heapMb: mb(usage.heapUsed), pending: index.status().pending, p95Ms: percentile(times, 95), maxMs: Math.max(...times) };
await index.close();
await store.close();
console.log(JSON.stringify(line));
process.exit(0);
