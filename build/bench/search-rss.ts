/**
 * Run by the search bench in a child process: RSS of a process holding `n` synthetic article
 * records (as the app holds its catalog) with and without the saved search index loaded and
 * queried, after a full garbage collection. Prints one JSON line.
 */
import { SearchIndex } from '../../archive/search/index.ts';
import { BENCH_QUERIES, SyntheticStore } from './search.ts';

const [dir, count] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;
const store = new SyntheticStore(dir!, Number(count));
gc();
const catalogOnlyMb = mb(process.memoryUsage().rss);
const index = await SearchIndex.open(store);
await index.ready();
for (const q of BENCH_QUERIES) await index.search(q);
gc();
const usage = process.memoryUsage();
console.log(JSON.stringify({ rssMb: mb(usage.rss), catalogOnlyMb, heapMb: mb(usage.heapUsed), pending: index.status().pending }));
process.exit(0);
