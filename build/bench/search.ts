/**
 * Search bench (`search.*`): index build time, size on disk, reopen time, RSS with the index
 * loaded, and latency p50/p95 of 50 mixed queries (Chinese in both scripts, one to six
 * characters, English, mixed) at each scale, overall and by class of query
 * (`search.p95_ms.<class>`). Truth: each query's matches against a brute-force scan of every
 * article (`search.recall`, `search.precision`: the worst query; `search.total_exact`: every
 * total exact and equal to the scan's; skipped above 100k, where the scan would take longer than the
 * rest, with the reason printed), and the time to an exact total. The bytes one save writes after
 * 1,000 new articles (`search.save_bytes_after_1000`). The index is built once per scale and kept
 * in the bench cache (cache.ts); `search.build_*` are the figures of the build that made it. The archive is synthetic and fed to the index
 * directly through a stand-in store that makes each body on demand (`getBody` costs about what
 * reading a body file does), so the figures are the index's own, not the store's import.
 * `search.app_p95_ms` times the same queries in the app's own configuration (search-rss.ts: the
 * real archive at scale N, its whole catalog loaded, and the index opened over it), where ranking
 * reads what it needs from the catalog and the heap is the app's, not the stand-in's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../../archive/search/index.ts';
import { percentile, round, scaleLabel, type BenchContext, type BenchSuite, type Figures } from './harness.ts';
import { cachedArchive, cachedIndex, forgetBodies, workingArchive, workingIndex } from './cache.ts';
import { heapFlag, syntheticBody } from './store.ts';
import { GrowingStore, saveBytes } from './search-save.ts';

import { BENCH_QUERIES, SyntheticStore, bruteForceAll, queryClass, syntheticOriginalSha } from '../../archive/testing/search-corpus.ts';

export { BENCH_QUERIES, SyntheticStore };

/** Above this many articles the brute-force truth scan is skipped (the method is shown at 100k). */
const TRUTH_MAX = 100_000;

/** The bytes of the files under `dir`. */
function bytesUnder(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const s = statSync(join(dir, name));
    if (s.isFile()) bytes += s.size;
  }
  return bytes;
}

/** Builds the index of the synthetic store at scale `n` in `dir`; returns the build's figures. */
async function buildIndex(dir: string, n: number, log: (m: string) => void): Promise<Record<string, number>> {
  log(`${scaleLabel(n)}: generating ${n} synthetic articles and indexing them`);
  const store = new SyntheticStore(dir, n, { archiveIds: true });
  const start = performance.now();
  const index = await SearchIndex.open(store);
  let maxGapMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last - 5);
    last = now;
  }, 5);
  await index.ready();
  await index.save();
  clearInterval(probe);
  const figures = {
    build_s: round((performance.now() - start) / 1000),
    build_max_event_loop_stall_ms: round(maxGapMs),
    // Every file under search/ (one file before segments, a folder of them since).
    index_mb: round(bytesUnder(join(dir, 'search')) / 1048576),
  };
  await index.close();
  log(`${scaleLabel(n)}: built in ${figures.build_s} s`);
  return figures;
}

/** The cached index at scale `n` (built when missing): the folder holding its `search/`. */
export function cachedSearchIndex(n: number, log: (m: string) => void): ReturnType<typeof cachedIndex> {
  return cachedIndex(n, (dir) => buildIndex(dir, n, log), log);
}

async function measureScale(ctx: BenchContext, n: number): Promise<Figures> {
  const figures: Figures = {};
  const label = scaleLabel(n);
  const cached = await cachedSearchIndex(n, ctx.log);
  for (const [name, value] of Object.entries(cached.figures)) figures[`search.${name}.${label}`] = value;
  if (cached.cached) ctx.log(`${label}: index from the cache (built ${cached.at}); search.build_* are that build's figures`);
  const dir = join(ctx.tmpDir, `search-${label}`);
  await workingIndex(cached.dir, dir);
  ctx.log(`${label}: generating ${n} synthetic article records`);
  const store = new GrowingStore(dir, n);
  {
      const reopen = performance.now();
      const index = await SearchIndex.open(store);
      await index.ready();
      figures[`search.open_ms.${label}`] = round(performance.now() - reopen);

      for (const q of BENCH_QUERIES) await index.search(q);
      const times: number[] = [];
      const byClass = new Map<string, number[]>();
      // CPU time beside wall time: on a machine shared with other work, it is what the search itself costs.
      const cpuByClass = new Map<string, number[]>();
      let hits = 0;
      for (const q of BENCH_QUERIES) {
        const samples: number[] = [];
        const cpuSamples: number[] = [];
        for (let r = 0; r < ctx.runs; r++) {
          const cpu = process.cpuUsage();
          const t = performance.now();
          const result = await index.search(q, { script: 'hans' });
          samples.push(performance.now() - t);
          const used = process.cpuUsage(cpu);
          cpuSamples.push((used.user + used.system) / 1000);
          if (r === 0) hits += result.hits.length;
        }
        const first = samples.sort((a, b) => a - b)[samples.length >> 1]!;
        times.push(first);
        const cls = queryClass(q);
        byClass.set(cls, [...(byClass.get(cls) ?? []), first]);
        cpuByClass.set(cls, [...(cpuByClass.get(cls) ?? []), cpuSamples.sort((a, b) => a - b)[cpuSamples.length >> 1]!]);
      }
      figures[`search.p50_ms.${label}`] = round(percentile(times, 50));
      figures[`search.p95_ms.${label}`] = round(percentile(times, 95));
      figures[`search.max_ms.${label}`] = round(Math.max(...times));
      for (const [cls, values] of byClass) figures[`search.p95_ms.${cls}.${label}`] = round(percentile(values, 95));
      for (const [cls, values] of cpuByClass) figures[`search.p95_cpu_ms.${cls}.${label}`] = round(percentile(values, 95));
      figures[`search.hits_per_query.${label}`] = round(hits / BENCH_QUERIES.length);

      Object.assign(figures, await truthFigures(ctx, n, store, index));
      await index.close();
  }
  Object.assign(figures, await appRss(ctx, n, cached.dir));

  ctx.log(`${label}: adding 1,000 articles with the index open, then one save`);
  const saved = await saveBytes(store, 1000);
  figures[`search.save_bytes_after_1000.${label}`] = saved.bytes;
  figures[`search.save_bytes_source.${label}`] = saved.source;
  figures[`search.save_ms_after_1000.${label}`] = round(saved.ms);
  return figures;
}

/**
 * `search.rss_mb` and `search.app_p95_ms`: the app's memory and its query times with the archive and its index open, in a fresh process
 * (search-rss.ts) on the store bench's synthetic archive at scale `n` (from the cache, copied)
 * with the cached index copied beside it: both name article i by the same id.
 */
/** Which synthetic article (n + this) search-rss.ts imports. */
export const IMPORTED_OFFSET = 2_000_000;

async function appRss(ctx: BenchContext, n: number, indexDir: string): Promise<Figures> {
  const label = scaleLabel(n);
  if (syntheticOriginalSha(0).slice(0, 16) !== syntheticBody(0).id) throw new Error('the search corpus and the synthetic archive no longer agree on ids');
  const { catalogDir } = await cachedArchive(n, ctx.log);
  const dir = join(ctx.tmpDir, `search-app-${label}`);
  await workingArchive(catalogDir, dir);
  await workingIndex(indexDir, dir);
  ctx.log(`${label}: measuring RSS and query times in a fresh process with the archive and its index open`);
  const child = fileURLToPath(new URL('./search-rss.ts', import.meta.url));
  // The child imports article n + 2,000,000 (never in the cached archive): its body goes to the cached bodies' folder.
  const importedId = syntheticOriginalSha(n + IMPORTED_OFFSET).slice(0, 16);
  let rss: { rssMb: number; catalogOnlyMb: number; indexMemoryMb: number; heapMb: number; pending: number; p95Ms: number; maxMs: number };
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', heapFlag(n), '--import', 'tsx', child, dir, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    rss = JSON.parse(out.trim().split('\n').pop()!) as typeof rss;
  } finally {
    await forgetBodies(dir, [importedId]);
    await rm(dir, { recursive: true, force: true });
  }
  if (rss.pending > 1) ctx.log(`${label}: the index had ${rss.pending} articles to catch up when measured`);
  return {
    [`search.rss_mb.${label}`]: rss.rssMb,
    [`search.rss_catalog_only_mb.${label}`]: rss.catalogOnlyMb,
    [`search.index_memory_mb.${label}`]: rss.indexMemoryMb,
    [`search.heap_mb.${label}`]: rss.heapMb,
    [`search.app_p95_ms.${label}`]: round(rss.p95Ms),
    [`search.app_max_ms.${label}`]: round(rss.maxMs),
  };
}

/**
 * Truth: every query's set of matches against a brute-force scan of the same articles (up to
 * TRUTH_MAX articles), and the time to an exact total at every scale.
 */
async function truthFigures(ctx: BenchContext, n: number, store: SyntheticStore, index: SearchIndex): Promise<Figures> {
  const label = scaleLabel(n);
  const figures: Figures = {};
  let truth: Map<string, Set<string>> | null = null;
  if (n <= TRUTH_MAX) {
    ctx.log(`${label}: scanning every article for the truth of ${BENCH_QUERIES.length} queries`);
    truth = await bruteForceAll(store, BENCH_QUERIES);
  } else {
    const why = `n/a (the brute-force scan is skipped above ${scaleLabel(TRUTH_MAX)}: it would take longer than the rest of the bench; the ${scaleLabel(TRUTH_MAX)} figures stand for the method)`;
    ctx.log(`${label}: recall, precision and exact totals against the scan: ${why}`);
    for (const name of ['recall', 'precision', 'total_exact']) figures[`search.${name}.${label}`] = why;
  }
  let recall = 1;
  let precision = 1;
  let totalsExact = true;
  const totalTimes: number[] = [];
  for (const q of BENCH_QUERIES) {
    const want = truth?.get(q);
    const t = performance.now();
    const counted = await index.search(q, { script: 'hans', waitForTotal: true });
    totalTimes.push(performance.now() - t);
    if (!want) continue;
    const got = new Set(await index.matchingIds(q));
    const common = [...got].filter((id) => want.has(id)).length;
    recall = Math.min(recall, want.size === 0 ? 1 : common / want.size);
    precision = Math.min(precision, got.size === 0 ? 1 : common / got.size);
    if (!counted.totalExact || counted.total !== want.size) {
      totalsExact = false;
      ctx.log(`${label}: "${q}" counted ${counted.total} (${counted.totalExact ? 'exact' : 'not exact'}), truth ${want.size}`);
    }
    if (common !== want.size || common !== got.size) ctx.log(`${label}: "${q}" found ${got.size}, truth ${want.size}, common ${common}`);
  }
  if (truth) {
    figures[`search.recall.${label}`] = recall.toFixed(3);
    figures[`search.precision.${label}`] = precision.toFixed(3);
    figures[`search.total_exact.${label}`] = String(totalsExact);
  }
  figures[`search.exact_total_p95_ms.${label}`] = round(percentile(totalTimes, 95));
  figures[`search.exact_total_max_ms.${label}`] = round(Math.max(...totalTimes));
  return figures;
}

export const searchBench: BenchSuite = {
  name: 'search',
  async run(ctx) {
    const figures: Figures = {};
    for (const n of ctx.scales) Object.assign(figures, await measureScale(ctx, n));
    return figures;
  },
};
