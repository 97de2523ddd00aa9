/**
 * A synthetic archive for the search index (a read-only store that makes each body on demand,
 * at about what reading a body file costs), the bench's queries, and a brute-force scan that
 * says which articles truly match a query: what the truth test and the bench compare with.
 */
import { createHash } from 'node:crypto';
import type { ArticleBody, ArticleMeta, ExtractedArticle } from '../model.ts';
import type { SearchableStore } from '../search/index.ts';
import { matchable, matchesQuery, type MatchableArticle } from '../search/match.ts';
import { parseSearchQuery } from '../search/syntax.ts';
import { syntheticArticle, syntheticOriginal } from './synthetic.ts';

/**
 * The sha256 of synthetic article `index`'s original bytes: an archive written from the synthetic
 * articles (the store bench's) takes its first 16 hex digits as the article's id, as an import does.
 */
export function syntheticOriginalSha(index: number, article: ExtractedArticle = syntheticArticle(index)): string {
  return createHash('sha256').update(syntheticOriginal(index, article).bytes).digest('hex');
}

/** A read-only store of `n` synthetic articles. */
export class SyntheticStore implements SearchableStore {
  readonly #metas = new Map<string, ArticleMeta>();
  readonly #index = new Map<string, number>();

  readonly #listeners = new Set<(change: { type: 'added' | 'updated' | 'removed'; id: string }) => void>();
  #next = 0;

  /**
   * With `archiveIds`, article i has the id the bench's synthetic archive gives it (sha-derived,
   * as an import does), so an index built here opens over that archive with nothing to catch up;
   * else `doc` and eight hex digits (cheaper, and what the tests name).
   */
  constructor(
    readonly dir: string,
    n: number,
    readonly options: { archiveIds?: boolean } = {},
  ) {
    this.#addRange(n);
  }

  /** Adds the next `count` synthetic articles, telling listeners as a store does; returns their ids. */
  addSynthetic(count: number): string[] {
    const ids = this.#addRange(count);
    for (const id of ids) for (const listener of this.#listeners) listener({ type: 'added', id });
    return ids;
  }

  /** Removes articles, telling listeners. */
  removeSynthetic(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.#metas.delete(id)) continue;
      for (const listener of this.#listeners) listener({ type: 'removed', id });
    }
  }

  #addRange(count: number): string[] {
    const ids: string[] = [];
    for (let i = this.#next; i < this.#next + count; i++) {
      const a = syntheticArticle(i);
      const id = this.options.archiveIds ? syntheticOriginalSha(i, a).slice(0, 16) : `doc${i.toString(16).padStart(8, '0')}`;
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
      ids.push(id);
    }
    this.#next += count;
    return ids;
  }

  all(): IterableIterator<ArticleMeta> {
    return this.#metas.values();
  }

  summaries(): IterableIterator<ArticleMeta> {
    return this.#metas.values();
  }

  get(id: string): ArticleMeta | undefined {
    return this.#metas.get(id);
  }

  summary(id: string): ArticleMeta | undefined {
    return this.#metas.get(id);
  }

  async getBody(id: string): Promise<ArticleBody> {
    const i = this.#index.get(id);
    if (i === undefined) throw new Error(`no article ${id}`);
    const a = syntheticArticle(i);
    return { id, html: a.html, paragraphs: a.paragraphs, ruby: [], excerpt: a.excerpt, assets: [] };
  }

  onChange(listener: (change: { type: 'added' | 'updated' | 'removed'; id: string }) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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

/** Every article of the store, folded once for scanning. */
export async function scannable(store: SyntheticStore): Promise<{ id: string; article: MatchableArticle }[]> {
  const out: { id: string; article: MatchableArticle }[] = [];
  for (const meta of store.all()) out.push({ id: meta.id, article: matchable(meta, (await store.getBody(meta.id)).paragraphs) });
  return out;
}

/** The ids that match `query`, by reading every article's text: no index involved. */
export function bruteForceIds(articles: readonly { id: string; article: MatchableArticle }[], query: string): Set<string> {
  const parsed = parseSearchQuery(query);
  const ids = new Set<string>();
  if (parsed.clauses.length === 0) return ids;
  for (const { id, article } of articles) if (matchesQuery(parsed, article)) ids.add(id);
  return ids;
}

/**
 * The ids matching each query, by reading every article's text once (streaming, so 100k
 * articles never sit in memory at once): no index involved.
 */
export async function bruteForceAll(store: SyntheticStore, queries: readonly string[]): Promise<Map<string, Set<string>>> {
  const parsed = queries.map((q) => parseSearchQuery(q));
  const found = new Map(queries.map((q) => [q, new Set<string>()]));
  for (const meta of store.all()) {
    const article = matchable(meta, (await store.getBody(meta.id)).paragraphs);
    parsed.forEach((query, k) => {
      if (query.clauses.length > 0 && matchesQuery(query, article)) found.get(queries[k]!)!.add(meta.id);
    });
  }
  return found;
}

/** The bench's classes of query: 1–2 CJK characters, 3 or more, English, and mixed (scripts or parts). */
export function queryClass(query: string): 'cjk_1_2' | 'cjk_3plus' | 'english' | 'mixed' {
  const parts = parseSearchQuery(query).clauses.flatMap((c) => c.anyOf.flatMap((a) => (a.kind === 'text' || a.kind === 'phrase' ? a.parts : [])));
  if (parts.every((p) => p.kind === 'word')) return 'english';
  if (parts.length === 1) return parts[0]!.text.length <= 2 ? 'cjk_1_2' : 'cjk_3plus';
  return 'mixed';
}
