/**
 * Answering a query from the index's contents: evaluation (evaluate.ts), ranking, the library's
 * filters, and one page of hits with their snippets (page.ts, query.ts).
 */
import { matchesLibraryFilters, recentSince, type ArticleBody, type ArticleSummary, type SearchFilters, type SearchHit, type SearchResults } from '../model.ts';
import { convertForDisplay } from '../convert/script.ts';
import type { DocTable, IndexContents } from './contents.ts';
import { evaluateQuery } from './evaluate.ts';
import { TITLE_BOOST } from './rank.ts';
import { mayHold, partsSig } from './title-sig.ts';
import { allMatches, collectPage, type Page } from './page.ts';
import { Lease } from './lease.ts';
import { allPartsIn, makeSnippet, snippetHtml, type QueryPart } from './query.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';
import { QuerySyntax, parseSearchQuery, type ParsedQuery } from './syntax.ts';

/** The library's filters (limit: default 20, at most 200), plus the script the article is written in. */
export interface SearchOptions extends SearchFilters {
  /** The script the article is written in, judged from its characters. */
  textScript?: 'hans' | 'hant' | 'other';
}

/** What a search reads besides the contents: the store, and whether its count has gone stale. */
export interface AnswerContext {
  contents: IndexContents;
  store: SearchableStore;
  /** Whether articles are still waiting to be indexed (reported as `indexing`). */
  indexing: boolean;
  /** True once a newer count made this one pointless (the reader typed on), or the index closed. */
  superseded: () => boolean;
}

/** The body, or null when its file cannot be read (verify reports that; search goes on). */
function bodyOrNull(store: SearchableStore, id: string): Promise<ArticleBody | null> {
  return searchableBody(store, id).catch(() => null);
}

/** Finds the articles matching `query`, best first, one page of them (see SearchIndex.search). */
export async function answerQuery(ctx: AnswerContext, query: string, options: SearchOptions): Promise<SearchResults> {
  const { contents, store, indexing } = ctx;
  let parsed: ParsedQuery;
  try {
    parsed = parseSearchQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntax) return { hits: [], total: 0, exact: true, totalExact: true, indexing, syntaxError: error.detail };
    throw error;
  }
  if (parsed.clauses.length === 0) return { hits: [], total: 0, exact: true, totalExact: true, indexing };
  const table = contents.table;
  const meta = (n: number) => store.summary(table.id(n));
  const src = await contents.source(parsed, meta);
  // The evaluation's large arrays are borrowed (lease.ts) and given back once the page is made.
  const lease = new Lease();
  const evaluation = evaluateQuery(parsed, src, libraryFilter(src.table, store, options), lease);
  const parts = evaluation.positiveParts;
  let page: Page;
  try {
    page = await collectPage({
      lease,
      evaluation,
      query: parsed,
      base: (n, weight) => baseScore(src.table, n, weight, meta),
      inTitle: parts.length > 0 ? titleTest(src.table, parts, meta) : null,
      meta,
      body: (id) => bodyOrNull(store, id),
      offset: Math.max(0, options.offset ?? 0),
      limit: Math.min(200, Math.max(1, options.limit ?? 20)),
      waitForTotal: options.waitForTotal === true,
      superseded: ctx.superseded,
    });
  } finally {
    lease.release();
  }
  const mode = options.script ?? 'original';
  const hits = page.entries
    .sort((a, b) => b.score - a.score)
    .map(({ score, meta, body }): SearchHit => {
      const snippet = makeSnippet(body?.paragraphs ?? [], parts, mode, meta.lang);
      return {
        id: meta.id,
        title: convertForDisplay(meta.title, mode, meta.lang),
        snippet: snippet.text,
        marks: snippet.marks,
        snippetHtml: snippetHtml(snippet),
        titleMatch: score >= TITLE_BOOST,
        score: Math.round(score * 1e6) / 1e6,
      };
    });
  return { hits, total: page.total, exact: page.totalExact, totalExact: page.totalExact, indexing };
}

/** The ids of every article matching `query`, unranked. */
export async function matchingIds(contents: IndexContents, store: SearchableStore, query: string, options: SearchOptions): Promise<string[]> {
  const parsed = parseSearchQuery(query);
  const table = contents.table;
  const meta = (n: number) => store.summary(table.id(n));
  const src = await contents.source(parsed, meta);
  const lease = new Lease();
  try {
    const evaluation = evaluateQuery(parsed, src, libraryFilter(src.table, store, options), lease);
    const found = await allMatches({ evaluation, query: parsed, meta, body: (id) => bodyOrNull(store, id) });
    return found.map((n) => table.id(n));
  } finally {
    lease.release();
  }
}

const FROM = Date.UTC(1990, 0);
const SPAN = Date.UTC(2100, 0) - FROM;

/** A document's score but for its title: density (0..2), then recency (below 0.001). Title hits add TITLE_BOOST (rank.ts). */
function baseScore(contents: DocTable, n: number, weight: number, meta: (n: number) => ArticleSummary | undefined): number {
  const density = Math.min(1, weight / Math.max(1, contents.lengths[n]!));
  const recency = Math.max(0, Math.min(1, (contents.recencyOf(n, meta) - FROM) / SPAN));
  return 2 * density + recency * 0.001;
}

/** Whether document n's title holds every part of the query: read only where its signature allows it. */
function titleTest(contents: DocTable, parts: readonly QueryPart[], meta: (n: number) => ArticleSummary | undefined): (n: number) => boolean {
  const want = partsSig(parts);
  return (n) => {
    if (want && !mayHold(contents.sigs, n, want)) return false;
    const title = contents.titleOf(n, meta);
    return title.length > 0 && allPartsIn(title, title, parts);
  };
}

/** The library's filters and the text script, as a test of a document number (null: none). */
function libraryFilter(contents: DocTable, store: SearchableStore, o: SearchOptions): ((n: number) => boolean) | null {
  const byMeta = Boolean(o.source || o.tag || o.lang || o.from || o.to || o.extraction || o.collection);
  if (!byMeta && !o.textScript) return null;
  const since = recentSince();
  const want = o.textScript === 'hans' ? 1 : o.textScript === 'hant' ? 2 : 0;
  return (n) => {
    if (o.textScript && contents.scripts[n] !== want) return false;
    if (!byMeta) return true;
    // A filter reads a few fields of every candidate: the store's row index answers without reading records.
    const id = contents.id(n);
    const m = store.filterFields ? store.filterFields(id) : store.summary(id);
    return m !== undefined && matchesLibraryFilters(m, o, since);
  };
}
