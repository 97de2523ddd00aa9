/**
 * The library's in-memory indexes over the catalog's records: the ids sorted by each key (built
 * on first use, kept in step with adds), the ids of the last filtered list, and the counts of
 * sources, tags and dates behind the filters; and the archive's stats. Nothing here touches the disk.
 */
import {
  inCollection,
  matchesLibraryFilters,
  recentSince,
  type ArchiveStats,
  type ArticleMeta,
  type ArticleSummary,
  type FacetValue,
  type LibraryFacets,
  type ListPage,
  type ListQuery,
  type SortKey,
} from '../model.ts';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;
/** Sources or tags offered by the library's filters at most (the most used). */
const MAX_FACETS = 500;

function sortValue(meta: ArticleSummary, key: SortKey): string {
  switch (key) {
    case 'publishedAt':
      return meta.publishedAt ?? meta.importedAt;
    case 'importedAt':
      return meta.importedAt;
    case 'title':
      return meta.title.toLowerCase();
    case 'source':
      return (meta.source ?? '').toLowerCase();
  }
}

/** Sources and tags with their counts, the span of dates and the collections' sizes: what `facets()` reports. */
export interface FacetCounts {
  sources: Map<string, number>;
  tags: Map<string, number>;
  firstDate: string | null;
  lastDate: string | null;
  all: number;
  /** Counted against `recentSince` (the clock moves on: recounted when that is an hour old). */
  recent: number;
  recentSince: string;
  needsReview: number;
  highlighted: number;
}

/** Facet counts are recounted when their "recent" cutoff is older than this. */
const RECENT_RECOUNT_MS = 3_600_000;

/** Empty counts, "recent" judged at `now`. */
export function newFacetCounts(now: number): FacetCounts {
  return { sources: new Map(), tags: new Map(), firstDate: null, lastDate: null, all: 0, recent: 0, recentSince: recentSince(now), needsReview: 0, highlighted: 0 };
}

/** Counts one record into `counts`. */
export function countFacets(counts: FacetCounts, meta: ArticleSummary): void {
  counts.all++;
  if (inCollection(meta, 'recent', counts.recentSince)) counts.recent++;
  if (inCollection(meta, 'needs-review', counts.recentSince)) counts.needsReview++;
  if (inCollection(meta, 'highlighted', counts.recentSince)) counts.highlighted++;
  if (meta.source) counts.sources.set(meta.source, (counts.sources.get(meta.source) ?? 0) + 1);
  for (const tag of meta.tags) counts.tags.set(tag, (counts.tags.get(tag) ?? 0) + 1);
  const date = meta.publishedAt?.slice(0, 10);
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    if (counts.firstDate === null || date < counts.firstDate) counts.firstDate = date;
    if (counts.lastDate === null || date > counts.lastDate) counts.lastDate = date;
  }
}

/** Orders `[sort value, id, …]` entries ascending, ties by id. */
function byValueThenId(a: readonly [string, string, ...unknown[]], b: readonly [string, string, ...unknown[]]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Records in ascending `key` order (ties by id). */
function sortedBy<T extends ArticleSummary>(records: T[], key: SortKey): T[] {
  const entries = records.map((m) => [sortValue(m, key), m.id, m] as const);
  entries.sort(byValueThenId);
  return entries.map((e) => e[2]);
}

/** Article ids in ascending `key` order (ties by id); `fields` may hand back one shared object, so each value is taken as it comes. */
function sortIds(records: LibraryRecords, key: SortKey): string[] {
  const entries: (readonly [string, string])[] = [];
  for (const id of records.ids()) {
    const meta = records.fields(id);
    if (meta) entries.push([sortValue(meta, key), id]);
  }
  entries.sort(byValueThenId);
  return entries.map((e) => e[1]);
}

/**
 * Where the library finds the articles: records in memory, or (for a shard known by its row
 * index, rows.ts) the fields it sorts, filters and counts by, and a listed row read from disk.
 */
export interface LibraryRecords {
  /** The fields sorting, filtering and counting read (possibly one shared object, valid until the next call); undefined when there is no such article. */
  fields(id: string): ArticleSummary | undefined;
  /** The whole summary, read from disk if need be. */
  row(id: string): ArticleSummary | undefined;
  ids(): Iterable<string>;
  count(): number;
  /** Brings every title into `fields` (before a sort by title). */
  needTitles?(): void;
  /** The fields at a location the load gave with the default order (`adopt`), undefined when it no longer names a row. */
  fieldsAt?(loc: number): ArticleSummary | undefined;
}

/** The records of a plain object of summaries, all in memory. */
export function recordsOf(articles: () => Record<string, ArticleSummary>): LibraryRecords {
  return {
    fields: (id) => articles()[id],
    row: (id) => articles()[id],
    ids: () => Object.keys(articles()),
    count: () => Object.keys(articles()).length,
  };
}

/**
 * Records in the library's default order, the order each shard keeps them in: publishedAt (else
 * importedAt) newest first, ties by id descending. The next open then merges runs already sorted.
 */
export function inDefaultOrder<T extends ArticleSummary>(records: T[]): T[] {
  return sortedBy(records, 'publishedAt').reverse();
}

/**
 * A record as the list returns it: the fields catalog.json keeps (SUMMARY_KEYS: no provenance to
 * send to the window), with its number of captures once provenance is read. Written out field by
 * field (a literal is several times faster than a spread or a loop over the keys, and a test
 * checks that every summary key comes through); LibraryIndex keeps the rows it made.
 */
function summaryRow(m: ArticleMeta): ArticleSummary {
  const summary: ArticleSummary = {
    id: m.id, title: m.title, byline: m.byline, source: m.source, publishedAt: m.publishedAt,
    importedAt: m.importedAt, url: m.url, lang: m.lang, tags: m.tags, length: m.length, captureCount: m.captures.length,
  };
  if (m.extraction !== undefined) summary.extraction = m.extraction;
  if (m.editor !== undefined) summary.editor = m.editor;
  if (m.excerpt !== undefined) summary.excerpt = m.excerpt;
  if (m.highlightCount !== undefined) summary.highlightCount = m.highlightCount;
  return summary;
}

/** Sorted, filtered and counted views of the records `articles()` returns, kept until they change. */
export class LibraryIndex {
  readonly #records: LibraryRecords;
  readonly #now: () => number;
  #sorted = new Map<SortKey, string[]>();
  /**
   * Where each id of a sorted list lies (-1: look it up by id), kept in step with it. A filtered
   * list at a million articles reads the fields of every id in date order: by location, rows are
   * found without a lookup by id that misses the cache each time (measured 0.55 s by id).
   */
  #locs = new Map<SortKey, number[]>();
  /** The ids the last filtered list matched, in its order (forgotten at every change). */
  #filtered: { key: string; ids: string[] } | null = null;
  #facets: LibraryFacets | null = null;
  #facetCounts: FacetCounts | null = null;
  /** Rows made from records with provenance (see summaryRow), until the record changes. */
  #rows = new WeakMap<ArticleSummary, ArticleSummary>();

  /** How many captures a record read without its provenance has (a summary shard says). */
  readonly #captureCount: (id: string) => number;

  /**
   * `articles` (a function: recovery may replace the catalog's data after construction) or
   * `records` is read at each use; `now` is the clock "recent" is judged by; `captureCount`
   * answers for records not yet given their provenance (every article has at least one capture).
   */
  constructor(records: LibraryRecords | (() => Record<string, ArticleSummary>), now: () => number = Date.now, captureCount: (id: string) => number = () => 1) {
    this.#records = typeof records === 'function' ? recordsOf(records) : records;
    this.#now = now;
    this.#captureCount = captureCount;
  }

  /** Takes the default sort and the facet counts a background load built, unless they were made already. */
  adopt(publishedAscending: string[], counts: FacetCounts | null, locs: number[] | null = null): void {
    if (!this.#sorted.has('publishedAt')) {
      this.#sorted.set('publishedAt', publishedAscending);
      if (locs) this.#locs.set('publishedAt', locs);
    }
    if (!this.#facetCounts && counts) this.#facetCounts = counts;
  }

  /** Forgets every sorted list, the filtered list and the counts: made again when asked for. */
  forgetAll(): void {
    this.#sorted.clear();
    this.#locs.clear();
    this.#filtered = null;
    this.#facets = null;
    this.#facetCounts = null;
  }

  /** The ids in ascending `key` order, sorted now if no list by that key is kept. */
  sortedIds(key: SortKey): string[] {
    let ids = this.#sorted.get(key);
    if (!ids) {
      if (key === 'title') this.#records.needTitles?.();
      ids = sortIds(this.#records, key);
      this.#sorted.set(key, ids);
    }
    return ids;
  }

  /** Puts a new article in its place in every sorted list that is kept. */
  insertSorted(meta: ArticleSummary): void {
    for (const [key, ids] of this.#sorted) {
      const value = sortValue(meta, key);
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = this.#records.fields(ids[mid]!);
        const v = other ? sortValue(other, key) : '';
        if (v < value || (v === value && ids[mid]! < meta.id)) lo = mid + 1;
        else hi = mid;
      }
      ids.splice(lo, 0, meta.id);
      this.#locs.get(key)?.splice(lo, 0, -1);
    }
  }

  /** Forgets the sorted list by `key`, or every sorted list: they are sorted again when asked for. */
  forgetSorted(key?: SortKey): void {
    if (key) {
      this.#sorted.delete(key);
      this.#locs.delete(key);
    } else {
      this.#sorted.clear();
      this.#locs.clear();
    }
  }

  /** Forgets the last filtered list's ids: called for every change to the articles. */
  forgetFiltered(): void {
    this.#filtered = null;
  }

  /** Keeps the facet counts in step with a committed change (an add is counted in; others recount later). */
  changed(type: 'added' | 'updated' | 'removed', id: string): void {
    this.#facets = null;
    const record = this.#records.fields(id);
    if (record) this.#rows.delete(record);
    const added = type === 'added' ? record : undefined;
    if (added && this.#facetCounts) countFacets(this.#facetCounts, added);
    else this.#facetCounts = null;
  }

  /** How many articles there are. */
  get size(): number {
    // A sorted list already built is kept in step with every change; otherwise count, not sort.
    const sorted = this.#sorted.values().next();
    return sorted.done ? this.#records.count() : sorted.value.length;
  }

  /** One page of the library, sorted and filtered. */
  list(query: ListQuery = {}): ListPage {
    const key = query.sort ?? 'publishedAt';
    const desc = (query.order ?? (key === 'title' || key === 'source' ? 'asc' : 'desc')) === 'desc';
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(MAX_PAGE, Math.max(0, query.limit ?? DEFAULT_PAGE));
    const ids = this.sortedIds(key);
    const filtered = Boolean(query.source || query.tag || query.lang || query.from || query.to || query.extraction || query.collection);
    // A count by one source, one tag or one collection (the window asks how many samples there
    // are after every refresh) comes from the facet counts rather than a pass over every article.
    const narrowing = [query.source, query.tag, query.collection].filter(Boolean).length;
    if (limit === 0 && narrowing === 1 && !query.lang && !query.from && !query.to && !query.extraction) {
      return { total: this.#countOf(query), offset, items: [] };
    }
    const since = recentSince(this.#now());
    const matches = (m: ArticleSummary): boolean => matchesLibraryFilters(m, query, since);
    if (!filtered) {
      const items: ArticleSummary[] = [];
      for (let i = offset; i < Math.min(ids.length, offset + limit); i++) {
        const meta = this.#records.row(ids[desc ? ids.length - 1 - i : i]!);
        if (meta) items.push(this.#listed(meta));
      }
      return { total: ids.length, offset, items };
    }
    // The matching ids are kept until the next change: scrolling a filtered list asks for one
    // page after another, and each would otherwise scan every article again (69 ms at 100k).
    // "Recent" moves with the clock: its cutoff (to the minute) is part of the key.
    const cacheKey = JSON.stringify([key, desc, query.source, query.tag, query.lang, query.from, query.to, query.extraction, query.collection, query.collection === 'recent' ? since : '']);
    let matching = this.#filtered?.key === cacheKey ? this.#filtered.ids : null;
    if (!matching) {
      matching = [];
      const locs = this.#locs.get(key);
      const records = this.#records;
      for (let i = 0; i < ids.length; i++) {
        const at = desc ? ids.length - 1 - i : i;
        const loc = locs ? locs[at]! : -1;
        const meta = (loc >= 0 ? records.fieldsAt!(loc) : undefined) ?? records.fields(ids[at]!);
        if (meta && matches(meta)) matching.push(meta.id);
      }
      this.#filtered = { key: cacheKey, ids: matching };
    }
    const items: ArticleSummary[] = [];
    for (const id of matching.slice(offset, offset + limit)) {
      const meta = this.#records.row(id);
      if (meta) items.push(this.#listed(meta));
    }
    return { total: matching.length, offset, items };
  }

  /** A record as the list returns it (see summaryRow); the same row again while the record is unchanged. */
  #listed(meta: ArticleSummary): ArticleSummary {
    let row = this.#rows.get(meta);
    if (!row) {
      row = 'captures' in meta ? summaryRow(meta as ArticleMeta) : { ...meta, captureCount: this.#captureCount(meta.id) };
      this.#rows.set(meta, row);
    }
    return row;
  }

  /** How many articles have the one source, tag or collection `query` asks for, from the facet counts. */
  #countOf(query: ListQuery): number {
    const counts = this.#countedFacets();
    if (query.tag) return counts.tags.get(query.tag) ?? 0;
    if (query.source) return counts.sources.get(query.source) ?? 0;
    return { recent: counts.recent, 'needs-review': counts.needsReview, highlighted: counts.highlighted }[query.collection!];
  }

  #countedFacets(): FacetCounts {
    const since = recentSince(this.#now());
    // Articles age out of "recent" with no change to the archive: an hour-old count is redone.
    if (this.#facetCounts && Date.parse(since) - Date.parse(this.#facetCounts.recentSince) > RECENT_RECOUNT_MS) {
      this.#facetCounts = null;
      this.#facets = null;
    }
    if (!this.#facetCounts) {
      const counts = newFacetCounts(this.#now());
      for (const id of this.#records.ids()) {
        const meta = this.#records.fields(id);
        if (meta) countFacets(counts, meta);
      }
      this.#facetCounts = counts;
    }
    return this.#facetCounts;
  }

  /**
   * The sources and tags in the archive with their counts (most used first, at most `MAX_FACETS`
   * of each), and the span of publication dates: what the library's filters offer. Counted over
   * the whole catalog once (about 0.1 s at 100k articles), then kept up to date as articles are
   * added, so an import of thousands does not recount for every refresh of the window; recounted
   * after an edit or a removal.
   */
  facets(): LibraryFacets {
    const counted = this.#countedFacets();
    if (this.#facets) return this.#facets;
    const { sources, tags, firstDate, lastDate } = counted;
    const ranked = (counts: Map<string, number>): FacetValue[] =>
      [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, MAX_FACETS);
    const collections = { all: counted.all, recent: counted.recent, needsReview: counted.needsReview, highlighted: counted.highlighted };
    this.#facets = { sources: ranked(sources), tags: ranked(tags), firstDate, lastDate, collections };
    return this.#facets;
  }
}

/**
 * A page the catalog's head can answer before the shards are read: the default list (newest
 * first, unfiltered) within the head's rows, or a count by one source, tag or collection that
 * the head's facets hold. Null when the whole catalog is needed.
 */
export function headPage(head: { rows: ArticleSummary[]; total: number; facets: LibraryFacets }, query: ListQuery): ListPage | null {
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(MAX_PAGE, Math.max(0, query.limit ?? DEFAULT_PAGE));
  const narrowing = [query.source, query.tag, query.collection].filter(Boolean).length;
  if (narrowing === 0 && !query.lang && !query.from && !query.to && !query.extraction) {
    if ((query.sort ?? 'publishedAt') !== 'publishedAt' || (query.order ?? 'desc') !== 'desc') return null;
    if (offset + limit > head.rows.length && head.rows.length < head.total) return null;
    return { total: head.total, offset, items: head.rows.slice(offset, offset + limit) };
  }
  if (limit !== 0 || narrowing !== 1 || query.lang || query.from || query.to || query.extraction) return null;
  const { facets } = head;
  if (query.collection) {
    const c = facets.collections;
    return { total: { recent: c.recent, 'needs-review': c.needsReview, highlighted: c.highlighted }[query.collection], offset, items: [] };
  }
  const values = query.tag ? facets.tags : facets.sources;
  const found = values.find((v) => v.value === (query.tag ?? query.source));
  // The facets keep the most used values only: a value not among them is known to be absent only when all are kept.
  if (!found && values.length >= MAX_FACETS) return null;
  return { total: found?.count ?? 0, offset, items: [] };
}

/**
 * The archive's counts (`articles` of them), for `stats()`: sources and tags from the summaries,
 * captures and their bytes from `provenance`, which passes each record's captures (a writer keeps
 * provenance on disk: it is read shard by shard for this, not kept).
 */
export function archiveStats(summaries: Iterable<ArticleSummary>, provenance: (count: (fields: Pick<ArticleMeta, 'captures'>) => void) => void, articles: number, schemaVersion: number): ArchiveStats {
  const sources = new Set<string>();
  const tags = new Set<string>();
  let captures = 0;
  let originalsBytes = 0;
  for (const meta of summaries) {
    if (meta.source) sources.add(meta.source);
    for (const t of meta.tags) tags.add(t);
  }
  provenance((meta) => {
    captures += meta.captures.length;
    for (const c of meta.captures) originalsBytes += c.bytes;
  });
  return { articles, captures, sources: sources.size, tags: tags.size, originalsBytes, schemaVersion };
}
