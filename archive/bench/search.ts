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
import type { ArticleBody, ArticleMeta } from '../model.ts';
import { SearchIndex, type SearchableStore } from '../search/index.ts';
import { syntheticArticle } from '../testing/synthetic.ts';
import { percentile, round, scaleLabel, type BenchSuite, type Figures } from './harness.ts';

/** A read-only store of `n` synthetic articles. */
export class SyntheticStore implements SearchableStore {
  readonly #metas = new Map<string, ArticleMeta>();
  readonly #index = new Map<string, number>();

  constructor(
    readonly dir: string,
    n: number,
  ) {
    for (let i = 0; i < n; i++) {
      const a = syntheticArticle(i);
      const id = `doc${i.toString(16).padStart(8, '0')}`;
      this.#index.set(id, i);
      this.#metas.set(id, {
        id,
        title: a.title,
        byline: a.byline,
        source: a.source,
        publishedAt: a.publishedAt,
        importedAt: '2026-01-01T00:00:00Z',
        url: a.url,
        lang: a.lang,
        tags: [],
        length: a.paragraphs.join('\n').length,
        bodySha256: '',
        textSha256: '',
        assets: [],
        captures: [],
      });
    }
  }

  all(): IterableIterator<ArticleMeta> {
    return this.#metas.values();
  }

  get(id: string): ArticleMeta | undefined {
    return this.#metas.get(id);
  }

  async getBody(id: string): Promise<ArticleBody> {
    const i = this.#index.get(id);
    if (i === undefined) throw new Error(`no article ${id}`);
    const a = syntheticArticle(i);
    return { id, html: a.html, paragraphs: a.paragraphs, ruby: [], excerpt: a.excerpt, assets: [] };
  }

  onChange(): () => void {
    return () => undefined;
  }
}

/** 50 queries as readers type them: both scripts, 1–6 CJK characters, English, mixed. */
export const BENCH_QUERIES: string[] = [
  '教', '學', '网', '的', '鐵', '育', '山', '价',
  '教育', '脫貧', '脱贫', '學校', '农村', '經濟', '政府', '记者', '博物', '图书',
  '教育脱', '攻堅戰', '图书馆', '博物館', '数据安', '鐵路建',
  '教育脱贫', '农村学校', '經濟發展', '网络安全', '交通建设', '醫療衛生',
  '脱贫攻坚工', '图书馆和博', '學校的教師',
  '教育脱贫攻坚', '城市发展经济', '農村學校教師',
  'school', 'Teacher', 'railway museum', 'zurich', 'CAFÉ', 'univ', 'train', 'policy budget',
  'the river', 'exchange agreement', 'Harbour Times',
  '教育 school', 'Lin Wei', '王军 教育',
];

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
