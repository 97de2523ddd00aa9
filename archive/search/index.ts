/**
 * Full-text search over the archive, across scripts. Titles, bylines, sources and bodies are
 * folded (see fold.ts) and indexed as CJK characters and character pairs (any substring of a
 * query is found without word segmentation; runs longer than two are checked against the text)
 * and as words (matched by prefix). The index lives in `<archive>/search/index.bin`, follows the
 * store's changes, catches up with what changed while it was closed, and is rebuilt when missing
 * or damaged; all the indexing runs in short slices so the event loop stays free.
 */
import { join } from 'node:path';
import type { ArticleBody, ArticleMeta, SearchFilters, SearchHit, SearchResults } from '../model.ts';
import { convertForDisplay } from '../convert/script.ts';
import { CJK, WORD, foldTables, foldText } from './fold.ts';
import { CorruptIndex, readIndexFile, writeIndexFile, type DocTable } from './file.ts';
import { KeyCounter, addPosting, grow, topByScore } from './build.ts';
import { NO_POSTINGS, decodePostings, intersectPostings, unionPostings, type PostingBuilder, type Postings } from './postings.ts';
import { allPartsIn, countPart, makeSnippet, parseQuery, snippetHtml, type QueryPart } from './query.ts';
import { emptyCjk, emptyTerms, findKey, frozenBytes, lowerBound, mergePostings, type CjkPostings, type TermPostings } from './segment.ts';

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
const MAX_EXPANSIONS = 200;
const MAX_VERIFY = 400;
/** Longer words are indexed by their first 40 units. */
const MAX_WORD = 40;
const VERIFY_BATCH = 16;
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
        if (previous >= 0) counter.add(previous * 0x10000 + f);
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
    counter.drain((key, count) => {
      this.#deltaBytes += addPosting(this.#cjkDelta, key, n, count);
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

  #postings(part: QueryPart): { postings: Postings; verify: boolean } {
    const alive = this.#docs.alive;
    const cjkList = (key: number): Postings => {
      const chunks: Uint8Array[] = [];
      const i = findKey(this.#cjk.keys, key);
      if (i >= 0) chunks.push(frozenBytes(this.#cjk, i));
      const m = this.#merging?.cjk.get(key);
      if (m) chunks.push(m.bytes.subarray(0, m.length));
      const d = this.#cjkDelta.get(key);
      if (d) chunks.push(d.bytes.subarray(0, d.length));
      return chunks.length ? decodePostings(chunks, alive) : NO_POSTINGS;
    };
    if (part.kind === 'cjk') {
      const t = part.text;
      if (t.length === 1) return { postings: cjkList(t.charCodeAt(0)), verify: false };
      const lists: Postings[] = [];
      for (let i = 0; i + 1 < t.length; i++) lists.push(cjkList(t.charCodeAt(i) * 0x10000 + t.charCodeAt(i + 1)));
      lists.sort((a, b) => a.docs.length - b.docs.length);
      let result = lists[0]!;
      for (let i = 1; i < lists.length && result.docs.length > 0; i++) result = intersectPostings(result, lists[i]!);
      return { postings: result, verify: t.length > 2 };
    }
    const lists: Postings[] = [];
    const terms = this.#terms.keys;
    const prefix = part.text.length >= 2;
    let taken = 0;
    for (let i = lowerBound(terms, part.text); i < terms.length && taken < MAX_EXPANSIONS; i++, taken++) {
      const term = terms[i]!;
      if (term === part.text || (prefix && term.startsWith(part.text))) lists.push(decodePostings([frozenBytes(this.#terms, i)], alive));
      else break;
    }
    for (const delta of [this.#merging?.terms, this.#termDelta]) {
      for (const [term, b] of delta ?? []) {
        if (term === part.text || (prefix && term.startsWith(part.text))) lists.push(decodePostings([b.bytes.subarray(0, b.length)], alive));
      }
    }
    return { postings: unionPostings(lists), verify: false };
  }

  /** Finds articles matching every part of `query`, best first. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    const parts = parseQuery(query);
    const indexing = this.#queueAt < this.#queue.length;
    if (parts.length === 0) return { hits: [], total: 0, exact: true, indexing };
    const found = parts.map((p) => this.#postings(p));
    const order = found.map((_, i) => i).sort((a, b) => found[a]!.postings.docs.length - found[b]!.postings.docs.length);
    let docs = found[order[0]!]!.postings.docs;
    for (const i of order.slice(1)) {
      if (docs.length === 0) break;
      docs = intersectPostings({ docs, counts: new Uint16Array(docs.length) }, found[i]!.postings).docs;
    }
    const needsVerify = found.some((f) => f.verify);
    const filtered = this.#filter(docs, options);
    const scores = this.#scoreAll(filtered, parts, found.map((f) => f.postings));
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.min(200, Math.max(1, options.limit ?? 20));
    const page: { n: number; score: number; body: ArticleBody; meta: ArticleMeta }[] = [];
    let skipped = 0;
    let verified = 0;
    let rejected = 0;
    let consumed = 0;
    let want = offset + limit + 32;
    let ranked = topByScore(scores, want);
    const batchSize = needsVerify ? VERIFY_BATCH : 1;
    while (page.length < limit && verified < MAX_VERIFY) {
      if (consumed >= ranked.length) {
        if (ranked.length >= scores.length) break;
        want *= 4;
        ranked = topByScore(scores, want);
        continue;
      }
      const batch: { k: number; n: number; meta: ArticleMeta }[] = [];
      while (batch.length < batchSize && consumed < ranked.length) {
        const k = ranked[consumed++]!;
        const n = filtered[k]!;
        const meta = this.#store.get(this.#docs.ids[n]!);
        if (meta) batch.push({ k, n, meta });
      }
      const bodies = needsVerify ? await Promise.all(batch.map((b) => this.#bodyOrNull(b.meta.id))) : [];
      for (let b = 0; b < batch.length && page.length < limit; b++) {
        const { k, n, meta } = batch[b]!;
        let score = scores[k]!;
        const body = bodies[b];
        if (needsVerify && !body) continue;
        if (body) {
          verified++;
          const text = [meta.title, meta.byline ?? '', meta.source ?? '', ...body.paragraphs].join('\n');
          const folded = foldText(text);
          const exact = parts.map((p) => countPart(folded, text, p));
          if (exact.some((c) => c === 0)) {
            rejected++;
            continue;
          }
          score = this.#score(n, parts, exact.reduce((sum, c, i) => sum + c * parts[i]!.text.length, 0));
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        page.push({ n, score, meta, body: body ?? (await this.#bodyOrNull(meta.id)) ?? emptyBody(meta.id) });
      }
    }
    page.sort((a, b) => b.score - a.score);
    const mode = options.script ?? 'original';
    const hits = page.map(({ n, score, meta, body }): SearchHit => {
      const snippet = makeSnippet(body.paragraphs, parts, mode, meta.lang);
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
    const exact = !needsVerify || verified >= filtered.length;
    return { hits, total: filtered.length - rejected, exact, indexing };
  }

  /** The body, or null when its file cannot be read (verify reports that; search goes on). */
  #bodyOrNull(id: string): Promise<ArticleBody | null> {
    return this.#store.getBody(id).catch(() => null);
  }

  /** Scores every candidate (see #score), walking each part's postings once. */
  #scoreAll(filtered: Int32Array, parts: readonly QueryPart[], lists: readonly Postings[]): Float64Array {
    const m = filtered.length;
    const weights = new Float64Array(m);
    for (let p = 0; p < parts.length; p++) {
      const { docs, counts } = lists[p]!;
      const length = parts[p]!.text.length;
      let c = 0;
      for (let k = 0; k < m; k++) {
        const n = filtered[k]!;
        while (docs[c]! < n) c++;
        weights[k]! += counts[c]! * length;
      }
    }
    const scores = new Float64Array(m);
    for (let k = 0; k < m; k++) scores[k] = this.#score(filtered[k]!, parts, weights[k]!);
    return scores;
  }

  /** Title hits first (4), then density (0..2), then recency (below 0.001). */
  #score(n: number, parts: readonly QueryPart[], weight: number): number {
    const title = this.#titles[n] ?? '';
    const titleHit = title && allPartsIn(title, title, parts) ? 4 : 0;
    const density = Math.min(1, weight / Math.max(1, this.#docs.lengths[n]!));
    const recency = Math.max(0, Math.min(1, (this.#recency[n]! - Date.UTC(1990, 0)) / (Date.UTC(2100, 0) - Date.UTC(1990, 0))));
    return titleHit + 2 * density + recency * 0.001;
  }

  #filter(docs: Int32Array, o: SearchOptions): Int32Array {
    const byMeta = Boolean(o.source || o.tag || o.lang || o.from || o.to || o.extraction);
    if (!byMeta && !o.textScript) return docs;
    const want = o.textScript === 'hans' ? 1 : o.textScript === 'hant' ? 2 : 0;
    return docs.filter((n) => {
      if (o.textScript && this.#docs.scripts[n] !== want) return false;
      if (!byMeta) return true;
      const m = this.#store.get(this.#docs.ids[n]!);
      return (
        m !== undefined &&
        (!o.source || m.source === o.source) &&
        (!o.tag || m.tags.includes(o.tag)) &&
        (!o.lang || (m.lang ?? '').startsWith(o.lang)) &&
        (!o.from || (m.publishedAt !== null && m.publishedAt.slice(0, 10) >= o.from)) &&
        (!o.to || (m.publishedAt !== null && m.publishedAt.slice(0, 10) <= o.to)) &&
        (!o.extraction || (m.extraction ?? 'article') === o.extraction)
      );
    });
  }
}

function emptyBody(id: string): ArticleBody {
  return { id, html: '', paragraphs: [], ruby: [], excerpt: null, assets: [] };
}
