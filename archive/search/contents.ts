/**
 * What the index holds in memory: the document table (ids, lengths, live flags, scripts, titles,
 * dates) and the postings, as a compact part (loaded from the base file, or merged) and a growing
 * part for what was indexed since. Indexing one article is synchronous; merging runs in slices.
 */
import type { ArticleSummary } from '../model.ts';
import { CJK, WORD, foldTables, foldText } from './fold.ts';
import type { DocTable, IndexSnapshot } from './file.ts';
import { KeyCounter, addPosting, grow } from './build.ts';
import type { PostingBuilder } from './postings.ts';
import { emptyCjk, emptyTerms, findKey, frozenBytes, lowerBound, mergePostings, type CjkPostings, type FrozenPostings, type TermPostings } from './segment.ts';
import type { PostingSource } from './evaluate.ts';

/** Longer words are indexed by their first 40 units. */
export const MAX_WORD = 40;
const SLICE_MS = 12;
/** Postings indexed since the last merge past which the next merge is due. */
const MERGE_BYTES = 48 << 20;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class IndexContents {
  docs: DocTable = { ids: [], lengths: [], alive: new Uint8Array(1024), scripts: new Uint8Array(1024) };
  /** Live documents by article id. */
  byId = new Map<string, number>();
  /** Folded titles as indexed, by document; unknown (undefined) for a loaded base until first needed. */
  titles: (string | undefined)[] = [];
  /** Publication (or import) time in ms, by document; NaN until first needed. */
  recency = new Float64Array(1024).fill(NaN);
  #cjk: CjkPostings = emptyCjk();
  #terms: TermPostings = emptyTerms();
  #cjkDelta = new Map<number, PostingBuilder>();
  #termDelta = new Map<string, PostingBuilder>();
  /** Deltas being merged into the compact part: still searched until the merge is done. */
  #merging: { cjk: Map<number, PostingBuilder>; terms: Map<string, PostingBuilder> } | null = null;
  #mergeDone: Promise<void> | null = null;
  #deltaBytes = 0;
  #counter = new KeyCounter();
  #wordUnits = new Uint16Array(MAX_WORD);

  /** Contents loaded from a base file. */
  static fromSnapshot(snap: IndexSnapshot): IndexContents {
    const contents = new IndexContents();
    const count = snap.docs.ids.length;
    contents.docs = { ...snap.docs, alive: grow(snap.docs.alive, count + 1024), scripts: grow(snap.docs.scripts, count + 1024) };
    contents.#cjk = snap.cjk;
    contents.#terms = snap.terms;
    snap.docs.ids.forEach((id, n) => {
      if (contents.docs.alive[n]) contents.byId.set(id, n);
    });
    // Titles and dates are read from the records when a search first needs them: at 100k
    // articles, folding every title at open would cost a tenth of a second.
    contents.titles = new Array<string | undefined>(count);
    contents.recency = new Float64Array(count + 1024).fill(NaN);
    return contents;
  }

  /** Marks article `id` removed (its postings stay until the next rebuild, skipped as dead). */
  drop(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined) return false;
    this.docs.alive[n] = 0;
    this.byId.delete(id);
    return true;
  }

  /** Takes the title and date of the store's record (the title is also in the indexed text). */
  setMeta(n: number, meta: ArticleSummary): void {
    this.titles[n] = foldText(meta.title);
    this.recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
  }

  /** The folded title of document `n`, read from its record the first time it is needed. */
  titleOf(n: number, meta: (n: number) => ArticleSummary | undefined): string {
    let title = this.titles[n];
    if (title === undefined) {
      const m = meta(n);
      title = m ? foldText(m.title) : '';
      this.titles[n] = title;
    }
    return title;
  }

  /** The publication (or import) time of document `n` in ms, read from its record the first time. */
  recencyOf(n: number, meta: (n: number) => ArticleSummary | undefined): number {
    let time = this.recency[n]!;
    if (Number.isNaN(time)) {
      const m = meta(n);
      time = m ? Date.parse(m.publishedAt ?? m.importedAt) || 0 : 0;
      this.recency[n] = time;
    }
    return time;
  }

  /** Indexes `text` (see match.ts indexedText) as article `id`, replacing what the id had; returns its number. */
  addDocument(id: string, text: string): number {
    this.drop(id);
    const n = this.docs.ids.length;
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
    const docs = this.docs;
    if (n >= docs.alive.length) {
      docs.alive = grow(docs.alive, n * 2);
      docs.scripts = grow(docs.scripts, n * 2);
    }
    if (n >= this.recency.length) {
      const r = new Float64Array(n * 2).fill(NaN);
      r.set(this.recency);
      this.recency = r;
    }
    docs.ids.push(id);
    docs.lengths.push(text.length);
    docs.alive[n] = 1;
    docs.scripts[n] = simplified + traditional === 0 ? 0 : traditional > simplified ? 2 : 1;
    this.byId.set(id, n);
    const titleEnd = text.indexOf('\n');
    this.titles[n] = foldText(titleEnd < 0 ? text : text.slice(0, titleEnd));
    this.recency[n] = NaN;
    return n;
  }

  /** Whether enough was indexed since the last merge for the next one to be due. */
  get mergeDue(): boolean {
    return this.#deltaBytes > MERGE_BYTES;
  }

  /** Moves what was indexed since the last merge into the compact part, in slices. */
  async merge(): Promise<void> {
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
      // In one step with dropping the merged deltas: a search never sees a list in both places.
      this.#cjk = { keys: Uint32Array.from(cjk.keys), offsets: cjk.offsets, last: cjk.last, blob: cjk.blob };
      this.#terms = terms;
      this.#merging = null;
    })();
    try {
      await this.#mergeDone;
    } finally {
      this.#merging = null;
      this.#mergeDone = null;
    }
  }

  /**
   * What the base file holds, taken right after a merge with nothing indexed in between (the
   * caller pauses indexing), so every document in the table has its postings in the compact part.
   */
  snapshot(): IndexSnapshot {
    const docs = this.docs;
    return {
      fold: foldTables().version,
      docs: { ids: [...docs.ids], lengths: [...docs.lengths], alive: docs.alive.slice(0, docs.ids.length), scripts: docs.scripts.slice(0, docs.ids.length) },
      cjk: this.#cjk,
      terms: this.#terms,
    };
  }

  /** Bytes of postings held in memory. */
  get postingBytes(): number {
    return this.#cjk.blob.byteLength + this.#terms.blob.byteLength + this.#deltaBytes;
  }

  /** The postings as evaluation reads them (see evaluate.ts). */
  source(meta: (n: number) => ArticleSummary | undefined): PostingSource {
    const chunksOf = (frozen: FrozenPostings<unknown>, i: number, merging: PostingBuilder | undefined, delta: PostingBuilder | undefined): Uint8Array[] => {
      const chunks: Uint8Array[] = [];
      if (i >= 0) chunks.push(frozenBytes(frozen, i));
      for (const b of [merging, delta]) if (b) chunks.push(b.bytes.subarray(0, b.length));
      return chunks;
    };
    return {
      alive: this.docs.alive,
      size: this.docs.ids.length,
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
      title: (n) => this.titleOf(n, meta),
      meta,
    };
  }
}
