/**
 * Full-text search over the archive, across scripts. Titles, bylines, sources and bodies are
 * folded (see fold.ts) and indexed as CJK characters and character pairs with their positions
 * (any substring of a query is found without word segmentation, exactly: longer runs are pairs
 * in place) and as words (matched by prefix). Queries are read by syntax.ts, answered by
 * evaluate.ts and paged by page.ts. The index lives in `<archive>/search/index.bin`, follows the
 * store's changes, catches up with what changed while it was closed, and is rebuilt when missing
 * or damaged; all the indexing runs in short slices so the event loop stays free.
 */
import { join } from 'node:path';
import { matchesLibraryFilters, type ArticleBody, type ArticleMeta, type SearchFilters, type SearchHit, type SearchResults } from '../model.ts';
import { convertForDisplay } from '../convert/script.ts';
import { CJK, WORD, foldTables, foldText } from './fold.ts';
import { CorruptIndex, readIndexFile, writeIndexFile, type DocTable } from './file.ts';
import { KeyCounter, addPosting, grow } from './build.ts';
import type { PostingBuilder } from './postings.ts';
import { allPartsIn, makeSnippet, snippetHtml, type QueryPart } from './query.ts';
import { emptyCjk, emptyTerms, findKey, frozenBytes, lowerBound, mergePostings, type CjkPostings, type FrozenPostings, type TermPostings } from './segment.ts';
import { QuerySyntax, parseSearchQuery, type ParsedQuery } from './syntax.ts';
import { evaluateQuery, type PostingSource } from './evaluate.ts';
import { allMatches, collectPage } from './page.ts';

/** What the index needs from the archive (ArchiveStore has it all). */
export interface SearchableStore {
  readonly dir: string;
  all(): IterableIterator<ArticleMeta>;
  get(id: string): ArticleMeta | undefined;
  getBody(id: string): Promise<ArticleBody>;
  onChange(listener: (change: { type: 'added' | 'updated' | 'removed'; id: string }) => void): () => void;
}

/** The library's filters (limit: default 20, at most 200), plus the script the article is written in. */
export interface SearchOptions extends SearchFilters {
  /** The script the article is written in, judged from its characters. */
  textScript?: 'hans' | 'hant' | 'other';
}

export type { SearchHit, SearchResults };

export interface SearchIndexOptions {
  /** Delay after the last change before the index is saved (default 2 s). */
  saveDelayMs?: number;
}

const MERGE_BYTES = 48 << 20;
const SLICE_MS = 12;
/** Bodies read in parallel while indexing. */
const READ_AHEAD = 8;
/** Longer words are indexed by their first 40 units. */
const MAX_WORD = 40;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchIndex {
  /** What happened at open (rebuilt because …). */
  readonly notices: string[] = [];
  readonly path: string;
  readonly #store: SearchableStore;
  readonly #saveDelay: number;
  #docs: DocTable = { ids: [], lengths: [], alive: new Uint8Array(1024), scripts: new Uint8Array(1024) };
  #byId = new Map<string, number>();
  #titles: string[] = [];
  #recency = new Float64Array(1024);
  #cjk: CjkPostings = emptyCjk();
  #terms: TermPostings = emptyTerms();
  #cjkDelta = new Map<number, PostingBuilder>();
  #termDelta = new Map<string, PostingBuilder>();
  /** Deltas being merged into the compact part: still searched until the merge is done. */
  #merging: { cjk: Map<number, PostingBuilder>; terms: Map<string, PostingBuilder> } | null = null;
  #mergeDone: Promise<void> | null = null;
  #deltaBytes = 0;
  #queue: string[] = [];
  #queueAt = 0;
  #working: Promise<void> | null = null;
  #saveTimer: NodeJS.Timeout | null = null;
  #saving: Promise<void> | null = null;
  #dirty = false;
  #closed = false;
  #unsubscribe: () => void = () => undefined;
  #counter = new KeyCounter();
  #wordUnits = new Uint16Array(MAX_WORD);
  /** Exact counts started, so a count that a newer one made pointless (the reader typed on) can stop. */
  #counts = 0;

  private constructor(store: SearchableStore, options: SearchIndexOptions) {
    this.#store = store;
    this.path = join(store.dir, 'search', 'index.bin');
    this.#saveDelay = options.saveDelayMs ?? 2000;
  }

  /**
   * Opens the archive's index: loads and checks the saved one (or starts a rebuild), then
   * catches up with the store in the background. `ready()` resolves when it has.
   */
  static async open(store: SearchableStore, options: SearchIndexOptions = {}): Promise<SearchIndex> {
    const index = new SearchIndex(store, options);
    await index.#load();
    index.#unsubscribe = store.onChange((change) => index.#onChange(change));
    await index.#reconcile();
    return index;
  }

  async #load(): Promise<void> {
    const { version } = foldTables();
    try {
      const snap = await readIndexFile(this.path, version);
      this.#docs = { ...snap.docs, alive: grow(snap.docs.alive, snap.docs.ids.length + 1024), scripts: grow(snap.docs.scripts, snap.docs.ids.length + 1024) };
      this.#cjk = snap.cjk;
      this.#terms = snap.terms;
      snap.docs.ids.forEach((id, n) => {
        if (this.#docs.alive[n]) this.#byId.set(id, n);
      });
      this.#titles = new Array<string>(snap.docs.ids.length).fill('');
      this.#recency = new Float64Array(snap.docs.ids.length + 1024);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.#store.all().next().done !== true) this.notices.push('search index missing: rebuilding it');
      } else if (error instanceof CorruptIndex) {
        this.notices.push(`search index not usable (${error.message}): rebuilding it`);
      } else {
        throw error;
      }
    }
  }

  /** Marks what the store no longer has, queues what the index lacks, refreshes titles. */
  async #reconcile(): Promise<void> {
    let sliceStart = performance.now();
    for (const meta of [...this.#store.all()]) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
      const n = this.#byId.get(meta.id);
      if (n === undefined) this.#enqueue(meta.id);
      else this.#refreshMeta(n, meta);
    }
    for (const [id, n] of this.#byId) {
      if (!this.#store.get(id)) this.#drop(id, n);
    }
    this.#kick();
  }

  #onChange(change: { type: 'added' | 'updated' | 'removed'; id: string }): void {
    if (this.#closed) return;
    const n = this.#byId.get(change.id);
    if (change.type === 'removed') {
      if (n !== undefined) this.#drop(change.id, n);
      this.#scheduleSave();
    } else if (n === undefined) {
      this.#enqueue(change.id);
      this.#kick();
    } else {
      const meta = this.#store.get(change.id);
      if (!meta) return;
      if (foldText(meta.title) === this.#titles[n]) {
        this.#refreshMeta(n, meta);
      } else {
        // The title is indexed with the text: a new title means indexing the article again.
        this.#drop(change.id, n);
        this.#enqueue(change.id);
        this.#kick();
      }
    }
  }

  #drop(id: string, n: number): void {
    this.#docs.alive[n] = 0;
    this.#byId.delete(id);
    this.#dirty = true;
  }

  #refreshMeta(n: number, meta: ArticleMeta): void {
    this.#titles[n] = foldText(meta.title);
    this.#recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
  }

  #enqueue(id: string): void {
    this.#queue.push(id);
  }

  #kick(): void {
    if (this.#working || this.#closed || this.#queueAt >= this.#queue.length) return;
    this.#working = this.#work().finally(() => {
      this.#working = null;
      this.#kick();
    });
  }

  async #work(): Promise<void> {
    let sliceStart = performance.now();
    while (this.#queueAt < this.#queue.length && !this.#closed) {
      const batch = this.#queue.slice(this.#queueAt, this.#queueAt + READ_AHEAD);
      this.#queueAt += batch.length;
      const bodies = await Promise.all(
        batch.map((id) => (this.#store.get(id) && !this.#byId.has(id) ? this.#store.getBody(id).catch(() => null) : null)),
      );
      for (let i = 0; i < batch.length; i++) {
        const id = batch[i]!;
        const meta = this.#store.get(id);
        const body = bodies[i];
        if (meta && body && !this.#byId.has(id) && !this.#closed) this.#addDocument(meta, body);
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
      if (this.#deltaBytes > MERGE_BYTES) await this.#merge();
    }
    if (this.#queueAt >= this.#queue.length) {
      this.#queue = [];
      this.#queueAt = 0;
    }
    this.#scheduleSave();
  }

  /** Indexes one article (synchronously; callers slice the work). */
  #addDocument(meta: ArticleMeta, body: ArticleBody): void {
    const text = [meta.title, meta.byline ?? '', meta.source ?? '', ...body.paragraphs].join('\n');
    const n = this.#docs.ids.length;
    const { fold, kind, scriptOf } = foldTables();
    const counter = this.#counter.reserve(text.length * 2);
    const words = new Map<string, number>();
    const wordUnits = this.#wordUnits;
    let previous = -1;
    let wordStart = -1;
    let simplified = 0;
    let traditional = 0;
    for (let i = 0; i <= text.length; i++) {
      const raw = i < text.length ? text.charCodeAt(i) : 0x20;
      const k = kind[raw]!;
      const s = scriptOf[raw]!;
      if (s === 1) simplified++;
      else if (s === 2) traditional++;
      if (k === CJK) {
        const f = fold[raw]!;
        counter.add(f);
        if (previous >= 0) counter.addAt(previous * 0x10000 + f, i - 1);
        previous = f;
      } else {
        previous = -1;
      }
      if (k === WORD) {
        if (wordStart < 0) wordStart = i;
        if (i - wordStart < MAX_WORD) wordUnits[i - wordStart] = fold[raw]!;
      } else if (wordStart >= 0) {
        const word = String.fromCharCode.apply(null, wordUnits.subarray(0, Math.min(i - wordStart, MAX_WORD)) as unknown as number[]);
        words.set(word, (words.get(word) ?? 0) + 1);
        wordStart = -1;
      }
    }
    counter.drain((key, count, positions) => {
      this.#deltaBytes += addPosting(this.#cjkDelta, key, n, count, positions);
    });
    for (const [word, count] of words) this.#deltaBytes += addPosting(this.#termDelta, word, n, count);
    const docs = this.#docs;
    if (n >= docs.alive.length) {
      docs.alive = grow(docs.alive, n * 2);
      docs.scripts = grow(docs.scripts, n * 2);
    }
    if (n >= this.#recency.length) {
      const r = new Float64Array(n * 2);
      r.set(this.#recency);
      this.#recency = r;
    }
    docs.ids.push(meta.id);
    docs.lengths.push(text.length);
    docs.alive[n] = 1;
    docs.scripts[n] = simplified + traditional === 0 ? 0 : traditional > simplified ? 2 : 1;
    this.#byId.set(meta.id, n);
    this.#titles[n] = foldText(meta.title);
    this.#recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
    this.#dirty = true;
  }

  /** Moves what was indexed since the last merge into the compact part, in slices. */
  async #merge(): Promise<void> {
    while (this.#mergeDone) await this.#mergeDone;
    if (this.#cjkDelta.size === 0 && this.#termDelta.size === 0) return;
    const merging = { cjk: this.#cjkDelta, terms: this.#termDelta };
    this.#merging = merging;
    this.#cjkDelta = new Map();
    this.#termDelta = new Map();
    this.#deltaBytes = 0;
    let sliceStart = performance.now();
    const pause = (): Promise<void> | null => {
      if (performance.now() - sliceStart < SLICE_MS) return null;
      return yieldToLoop().then(() => {
        sliceStart = performance.now();
      });
    };
    this.#mergeDone = (async () => {
      const cjk = await mergePostings(this.#cjk.keys, this.#cjk, merging.cjk, pause);
      const terms = await mergePostings(this.#terms.keys, this.#terms, merging.terms, pause);
      this.#cjk = { keys: Uint32Array.from(cjk.keys), offsets: cjk.offsets, last: cjk.last, blob: cjk.blob };
      this.#terms = terms;
    })();
    try {
      await this.#mergeDone;
    } finally {
      this.#merging = null;
      this.#mergeDone = null;
    }
  }

  #scheduleSave(): void {
    if (!this.#dirty || this.#closed) return;
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      void this.save().catch((error: unknown) => this.notices.push(`search index not saved: ${String(error)}`));
    }, this.#saveDelay);
    this.#saveTimer.unref();
  }

  /** Writes the index now (after merging); resolves when it is on disk. */
  async save(): Promise<void> {
    while (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    await this.#merge();
    this.#dirty = false;
    const docs = this.#docs;
    const snapshot = {
      fold: foldTables().version,
      docs: { ids: [...docs.ids], lengths: [...docs.lengths], alive: docs.alive.slice(0, docs.ids.length), scripts: docs.scripts.slice(0, docs.ids.length) },
      cjk: this.#cjk,
      terms: this.#terms,
    };
    this.#saving = writeIndexFile(this.path, snapshot).then(
      () => undefined,
      (error: unknown) => {
        this.#dirty = true;
        throw error;
      },
    );
    try {
      await this.#saving;
    } finally {
      this.#saving = null;
    }
  }

  /** Resolves when every queued article is indexed. */
  async ready(): Promise<void> {
    while (this.#working) await this.#working;
  }

  /** Indexing progress: articles indexed and still queued. */
  status(): { documents: number; pending: number } {
    return { documents: this.#byId.size, pending: this.#queue.length - this.#queueAt };
  }

  /** Bytes of postings held in memory. */
  get postingBytes(): number {
    return this.#cjk.blob.byteLength + this.#terms.blob.byteLength + this.#deltaBytes;
  }

  /** Drops the index and indexes every article again; resolves when done and saved. */
  async rebuild(): Promise<void> {
    await this.ready();
    while (this.#mergeDone) await this.#mergeDone;
    this.#docs = { ids: [], lengths: [], alive: new Uint8Array(1024), scripts: new Uint8Array(1024) };
    this.#byId = new Map();
    this.#titles = [];
    this.#recency = new Float64Array(1024);
    this.#cjk = emptyCjk();
    this.#terms = emptyTerms();
    this.#cjkDelta = new Map();
    this.#termDelta = new Map();
    this.#deltaBytes = 0;
    this.#dirty = true;
    await this.#reconcile();
    await this.ready();
    await this.save();
  }

  /** Stops following the store and saves what changed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#unsubscribe();
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#closed = true;
    await this.ready();
    this.#closed = false;
    try {
      await this.save();
    } finally {
      this.#closed = true;
    }
  }

  /** The postings as evaluation reads them (see evaluate.ts). */
  #source(): PostingSource {
    const chunksOf = (frozen: FrozenPostings<unknown>, i: number, merging: PostingBuilder | undefined, delta: PostingBuilder | undefined): Uint8Array[] => {
      const chunks: Uint8Array[] = [];
      if (i >= 0) chunks.push(frozenBytes(frozen, i));
      for (const b of [merging, delta]) if (b) chunks.push(b.bytes.subarray(0, b.length));
      return chunks;
    };
    return {
      alive: this.#docs.alive,
      size: this.#docs.ids.length,
      maxWord: MAX_WORD,
      cjk: (key) => chunksOf(this.#cjk, findKey(this.#cjk.keys, key), this.#merging?.cjk.get(key), this.#cjkDelta.get(key)),
      terms: (word, prefix) => {
        const found = new Map<string, Uint8Array[]>();
        const terms = this.#terms.keys;
        for (let i = lowerBound(terms, word); i < terms.length; i++) {
          const term = terms[i]!;
          if (term !== word && !(prefix && term.startsWith(word))) break;
          found.set(term, [frozenBytes(this.#terms, i)]);
        }
        for (const delta of [this.#merging?.terms, this.#termDelta]) {
          for (const [term, b] of delta ?? []) {
            if (term === word || (prefix && term.startsWith(word))) found.set(term, [...(found.get(term) ?? []), b.bytes.subarray(0, b.length)]);
          }
        }
        return [...found.values()];
      },
      title: (n) => this.#titles[n] ?? '',
      meta: (n) => this.#store.get(this.#docs.ids[n]!),
    };
  }

  /**
   * Finds the articles matching `query` (see syntax.ts), best first. Every match counts: the
   * total is exact unless a quoted phrase of several parts is still being checked against the
   * text (`totalExact` false; `waitForTotal` waits for the count).
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    const indexing = this.#queueAt < this.#queue.length;
    let parsed: ParsedQuery;
    try {
      parsed = parseSearchQuery(query);
    } catch (error) {
      if (error instanceof QuerySyntax) return { hits: [], total: 0, exact: true, totalExact: true, indexing, syntaxError: error.detail };
      throw error;
    }
    if (parsed.clauses.length === 0) return { hits: [], total: 0, exact: true, totalExact: true, indexing };
    const count = options.waitForTotal === true ? ++this.#counts : 0;
    const evaluation = evaluateQuery(parsed, this.#source(), this.#libraryFilter(options));
    const parts = evaluation.positiveParts;
    const page = await collectPage({
      evaluation,
      query: parsed,
      score: (n, weight) => this.#score(n, parts, weight),
      meta: (n) => this.#store.get(this.#docs.ids[n]!),
      body: (id) => this.#bodyOrNull(id),
      offset: Math.max(0, options.offset ?? 0),
      limit: Math.min(200, Math.max(1, options.limit ?? 20)),
      waitForTotal: options.waitForTotal === true,
      superseded: () => this.#closed || count !== this.#counts,
    });
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
          titleMatch: score >= 4,
          score: Math.round(score * 1e6) / 1e6,
        };
      });
    return { hits, total: page.total, exact: page.totalExact, totalExact: page.totalExact, indexing };
  }

  /** The ids of every article matching `query`, unranked: what the truth tests compare. */
  async matchingIds(query: string, options: SearchOptions = {}): Promise<string[]> {
    const parsed = parseSearchQuery(query);
    const evaluation = evaluateQuery(parsed, this.#source(), this.#libraryFilter(options));
    const meta = (n: number) => this.#store.get(this.#docs.ids[n]!);
    const found = await allMatches({ evaluation, query: parsed, meta, body: (id) => this.#bodyOrNull(id) });
    return found.map((n) => this.#docs.ids[n]!);
  }

  /** The body, or null when its file cannot be read (verify reports that; search goes on). */
  #bodyOrNull(id: string): Promise<ArticleBody | null> {
    return this.#store.getBody(id).catch(() => null);
  }

  /** Title hits first (4), then density (0..2), then recency (below 0.001). */
  #score(n: number, parts: readonly QueryPart[], weight: number): number {
    const title = this.#titles[n] ?? '';
    const titleHit = title && parts.length > 0 && allPartsIn(title, title, parts) ? 4 : 0;
    const density = Math.min(1, weight / Math.max(1, this.#docs.lengths[n]!));
    const recency = Math.max(0, Math.min(1, (this.#recency[n]! - Date.UTC(1990, 0)) / (Date.UTC(2100, 0) - Date.UTC(1990, 0))));
    return titleHit + 2 * density + recency * 0.001;
  }

  /** The library's filters and the text script, as a test of a document number (null: none). */
  #libraryFilter(o: SearchOptions): ((n: number) => boolean) | null {
    const byMeta = Boolean(o.source || o.tag || o.lang || o.from || o.to || o.extraction);
    if (!byMeta && !o.textScript) return null;
    const want = o.textScript === 'hans' ? 1 : o.textScript === 'hant' ? 2 : 0;
    return (n) => {
      if (o.textScript && this.#docs.scripts[n] !== want) return false;
      if (!byMeta) return true;
      const m = this.#store.get(this.#docs.ids[n]!);
      return m !== undefined && matchesLibraryFilters(m, o);
    };
  }
}
