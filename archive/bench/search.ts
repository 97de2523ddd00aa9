/**
 * Search bench (`search.*`): index build time, size on disk, reopen time, RSS with the index
 * loaded, and latency p50/p95 of 50 mixed queries (Chinese in both scripts, one to six
 * characters, English, mixed) at each scale. The archive is synthetic and fed to the index
 * directly through a stand-in store that makes each body on demand (`getBody` costs about what
 * reading a body file does), so the figures are the index's own, not the store's import.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../search/index.ts';
import { percentile, round, scaleLabel, type BenchSuite, type Figures } from './harness.ts';

import { BENCH_QUERIES, SyntheticStore } from '../testing/search-corpus.ts';

export { BENCH_QUERIES, SyntheticStore };

export const searchBench: BenchSuite = {
  name: 'search',
  async run(ctx) {
    const figures: Figures = {};
    for (const n of ctx.scales) {
      const label = scaleLabel(n);
      const dir = join(ctx.tmpDir, `search-${label}`);
      ctx.log(`${label}: generating ${n} synthetic articles`);
      const store = new SyntheticStore(dir, n);
      const start = performance.now();
      let index = await SearchIndex.open(store, { saveDelayMs: 60_000 });
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
      figures[`search.build_s.${label}`] = round((performance.now() - start) / 1000);
      figures[`search.build_max_event_loop_stall_ms.${label}`] = round(maxGapMs);
      figures[`search.index_mb.${label}`] = round(statSync(index.path).size / 1048576);
      await index.close();
      ctx.log(`${label}: built in ${figures[`search.build_s.${label}`]} s`);

      const reopen = performance.now();
      index = await SearchIndex.open(store);
      await index.ready();
      figures[`search.open_ms.${label}`] = round(performance.now() - reopen);

      for (const q of BENCH_QUERIES) await index.search(q);
      const times: number[] = [];
      let hits = 0;
      for (const q of BENCH_QUERIES) {
        const samples: number[] = [];
        for (let r = 0; r < ctx.runs; r++) {
          const t = performance.now();
          const result = await index.search(q, { script: 'hans' });
          samples.push(performance.now() - t);
          if (r === 0) hits += result.hits.length;
        }
        times.push(samples.sort((a, b) => a - b)[samples.length >> 1]!);
      }
      figures[`search.p50_ms.${label}`] = round(percentile(times, 50));
      figures[`search.p95_ms.${label}`] = round(percentile(times, 95));
      figures[`search.max_ms.${label}`] = round(Math.max(...times));
      figures[`search.hits_per_query.${label}`] = round(hits / BENCH_QUERIES.length);
      await index.close();
      ctx.log(`${label}: measuring RSS in a fresh process with the index loaded`);
      const child = fileURLToPath(new URL('./search-rss.ts', import.meta.url));
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, dir, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const rss = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
      figures[`search.rss_mb.${label}`] = rss.rssMb!;
      figures[`search.rss_catalog_only_mb.${label}`] = rss.catalogOnlyMb!;
      figures[`search.heap_mb.${label}`] = rss.heapMb!;
    }
    return figures;
  },
};
