/**
 * What the index holds: the open segments (their tables and dictionaries in memory, their lists
 * on disk), the part being written out, and what was indexed since (memory-part.ts). Documents
 * are numbered across all of them in order: segment after segment, then memory. The table of
 * every document (lengths, live flags, scripts, dates, title signatures) is one set of typed
 * arrays, with the ids read from each part's own list (ids.ts) rather than copied, built anew
 * only when the numbering changes (a merge dropped documents), and kept by each query for its
 * whole run. Posting lists are read when a query needs them (prefetch), through a cache of
 * decoded bytes of a fixed size, so memory does not grow with the postings.
 */
import type { ArticleSummary } from '../model.ts';
import { foldText } from './fold.ts';
import { grow } from './build.ts';
import { MAX_WORD, MemoryPart } from './memory-part.ts';
import { findKey } from './segment.ts';
import type { IdSeq, SegmentDocs, SegmentReader } from './segment-file.ts';
import type { IdLookup } from './ids.ts';
import { SIG_WORDS } from './title-sig.ts';
import type { SegmentEntry } from './manifest.ts';
import type { PostingSource } from './evaluate.ts';
import type { ParsedQuery } from './syntax.ts';

export { MAX_WORD } from './memory-part.ts';

/** An open segment and where its documents sit in the numbering. */
export interface OpenSegment {
  entry: SegmentEntry;
  reader: SegmentReader;
  /** Every document by id (the last one written, where an id is there twice). */
  byId: IdLookup;
  /** 1 for live documents (live when written, and not removed since). */
  alive: Uint8Array;
  base: number;
}

/** The table of every document, by number; a query keeps the one it started with. */
export class DocTable {
  /** Where each part's documents start in the numbering, and their ids (held by the part, not copied). */
  #parts: { base: number; ids: IdSeq; titles: IdSeq | null }[] = [];
  #size = 0;
  lengths: Uint32Array = new Uint32Array(1024);
  scripts: Uint8Array = new Uint8Array(1024);
  alive: Uint8Array = new Uint8Array(1024);
  /** Folded titles of the documents indexed since the table was numbered (an update that keeps its title is not indexed again). */
  titles = new Map<number, string>();
  recency: Float64Array = new Float64Array(1024).fill(NaN);
  /** Each title's signature (title-sig.ts), SIG_WORDS per document. */
  sigs: Uint32Array = new Uint32Array(1024 * SIG_WORDS);

  get size(): number {
    return this.#size;
  }

  /** The part holding document `n`. */
  #partOf(n: number): { base: number; ids: IdSeq; titles: IdSeq | null } {
    const parts = this.#parts;
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (parts[mid]!.base <= n) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo]!;
  }

  /** Id of document `n`. */
  id(n: number): string {
    const part = this.#partOf(n);
    return part.ids.at(n - part.base)!;
  }

  /** Numbers `ids` from `base` on (the last part may still grow: the memory part's), with their folded titles where the part keeps them. */
  addPart(base: number, ids: IdSeq, titles: IdSeq | null = null): void {
    this.#parts.push({ base, ids, titles });
    this.#size = base + ids.length;
  }

  /** Counts document `n`, of the last part, as added. */
  added(n: number, ids: IdSeq, titles: IdSeq | null = null): void {
    const last = this.#parts[this.#parts.length - 1];
    if (!last || last.ids !== ids) this.#parts.push({ base: n, ids, titles });
    this.#size = n + 1;
  }

  /** Room for `n` documents. */
  reserve(n: number): void {
    if (n <= this.alive.length) return;
    const size = Math.max(n, this.alive.length * 2);
    this.alive = grow(this.alive, size);
    this.scripts = grow(this.scripts, size);
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const recency = new Float64Array(size).fill(NaN);
    recency.set(this.recency);
    this.recency = recency;
    const sigs = new Uint32Array(size * SIG_WORDS);
    sigs.set(this.sigs);
    this.sigs = sigs;
  }

  /**
   * The folded title of document `n`: as indexed (each part keeps its documents' titles), else,
   * in a segment written before titles were kept, folded from its record each time. At a million
   * articles a record read is a disk read of its row (about 16 µs), and a query of common English
   * words tests tens of thousands of titles: kept in the index, a title is read from memory.
   */
  titleOf(n: number, meta: (n: number) => ArticleSummary | undefined): string {
    const title = this.titles.get(n);
    if (title !== undefined) return title;
    const part = this.#partOf(n);
    const kept = part.titles?.at(n - part.base);
    if (kept !== undefined) return kept;
    const m = meta(n);
    return m ? foldText(m.title) : '';
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
}

/** Decoded-list bytes kept between queries, least recently used dropped first. */
class ListCache {
  readonly #lists = new Map<string, Uint8Array>();
  #bytes = 0;
  constructor(readonly budget: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): Uint8Array | undefined {
    const list = this.#lists.get(key);
    if (list) {
      this.#lists.delete(key);
      this.#lists.set(key, list);
    }
    return list;
  }

  set(key: string, list: Uint8Array): void {
    if (list.length > this.budget / 4 || this.#lists.has(key)) return;
    this.#lists.set(key, list);
    this.#bytes += list.length;
    for (const [k, v] of this.#lists) {
      if (this.#bytes <= this.budget) break;
      this.#lists.delete(k);
      this.#bytes -= v.length;
    }
  }
}

/** Bytes of posting lists kept between queries. */
const CACHE_BYTES = 96 << 20;

/** One part's lists in the query's order: a segment on disk, or one in memory. */
type Part = { kind: 'disk'; segment: OpenSegment } | { kind: 'memory'; memory: MemoryPart; base: number };

export class IndexContents {
  segments: OpenSegment[] = [];
  /** The memory part being written out as a segment (still searched until it is open as one). */
  flushing: { memory: MemoryPart; base: number } | null = null;
  memory = new MemoryPart();
  memoryBase = 0;
  table = new DocTable();
  /** Ids dropped from segments on disk (or being written) since the last commit: removals to write. */
  removed = new Set<string>();
  live = 0;
  readonly #cache = new ListCache(CACHE_BYTES);

  /** Bytes of postings held in memory: the parts not yet on disk and the cache. */
  get postingBytes(): number {
    return this.memory.bytes + (this.flushing?.memory.bytes ?? 0) + this.#cache.bytes;
  }

  /** Numbers every part again and builds a new table (after segments were added or merged). */
  renumber(): void {
    const table = new DocTable();
    let size = 0;
    for (const s of this.segments) size += s.reader.docs.ids.length;
    size += (this.flushing?.memory.size ?? 0) + this.memory.size;
    table.reserve(size + 1024);
    let at = 0;
    const place = ({ ids, lengths, scripts, sigs, titles }: SegmentDocs, alive: Uint8Array): number => {
      const n = ids.length;
      table.sigs.set(sigs.subarray(0, n * SIG_WORDS), at * SIG_WORDS);
      table.addPart(at, ids, titles ?? null);
      table.lengths.set(lengths.subarray(0, n), at);
      table.scripts.set(scripts.subarray(0, n), at);
      table.alive.set(alive.subarray(0, n), at);
      const base = at;
      at += n;
      return base;
    };
    for (const s of this.segments) s.base = place(s.reader.docs, s.alive);
    if (this.flushing) this.flushing.base = place(this.flushing.memory.docs, this.flushing.memory.docs.alive);
    this.memoryBase = place(this.memory.docs, this.memory.docs.alive);
    let live = 0;
    for (let i = 0; i < at; i++) live += table.alive[i]!;
    this.live = live;
    this.table = table;
  }

  /** The live document of `id`: its part and number there, or null. */
  #find(id: string): { alive: Uint8Array; n: number; global: number; disk: boolean } | null {
    const m = this.memory.byId.get(id);
    if (m !== undefined && this.memory.docs.alive[m]) return { alive: this.memory.docs.alive, n: m, global: this.memoryBase + m, disk: false };
    const f = this.flushing;
    const fn = f?.memory.byId.get(id);
    if (f && fn !== undefined && f.memory.docs.alive[fn]) return { alive: f.memory.docs.alive, n: fn, global: f.base + fn, disk: true };
    for (let k = this.segments.length - 1; k >= 0; k--) {
      const s = this.segments[k]!;
      const n = s.byId.get(id);
      if (n !== undefined && s.alive[n]) return { alive: s.alive, n, global: s.base + n, disk: true };
    }
    return null;
  }

  has(id: string): boolean {
    return this.#find(id) !== null;
  }

  /** The number of `id`'s live document, or undefined. */
  numberOf(id: string): number | undefined {
    return this.#find(id)?.global;
  }

  /** Marks article `id` removed; a removal to write if it was on disk. */
  drop(id: string): boolean {
    const found = this.#find(id);
    if (!found) return false;
    found.alive[found.n] = 0;
    this.table.alive[found.global] = 0;
    if (found.disk) this.removed.add(id);
    this.live--;
    return true;
  }

  /** Indexes `text` as article `id`, replacing what the id had; returns its number. */
  addDocument(id: string, text: string): number {
    this.drop(id);
    const local = this.memory.add(id, text);
    const n = this.memoryBase + local;
    const table = this.table;
    if (n !== table.size) throw new Error('index numbering out of step');
    table.reserve(n + 1);
    table.added(n, this.memory.docs.ids, this.memory.docs.titles);
    table.lengths[n] = this.memory.docs.lengths[local]!;
    table.scripts[n] = this.memory.docs.scripts[local]!;
    table.sigs.set(this.memory.docs.sigs.subarray(local * SIG_WORDS, (local + 1) * SIG_WORDS), n * SIG_WORDS);
    table.alive[n] = 1;
    const titleEnd = text.indexOf('\n');
    table.titles.set(n, foldText(titleEnd < 0 ? text : text.slice(0, titleEnd)));
    table.recency[n] = NaN;
    this.live++;
    return n;
  }

  /** Every live document's id. */
  *liveIds(): IterableIterator<string> {
    const table = this.table;
    for (let n = 0; n < table.size; n++) if (table.alive[n]) yield table.id(n);
  }

  #parts(): Part[] {
    const parts: Part[] = this.segments.map((segment) => ({ kind: 'disk', segment }));
    if (this.flushing) parts.push({ kind: 'memory', memory: this.flushing.memory, base: this.flushing.base });
    parts.push({ kind: 'memory', memory: this.memory, base: this.memoryBase });
    return parts;
  }

  async #read(segment: OpenSegment, cjk: boolean, i: number): Promise<Uint8Array> {
    const key = `${segment.entry.name}|${cjk ? 'c' : 't'}|${i}|${segment.base}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const list = await segment.reader.list(cjk ? segment.reader.cjk : segment.reader.terms, i, segment.base);
    this.#cache.set(key, list);
    return list;
  }

  /**
   * Reads every list `query` needs (CorruptIndex if one is damaged) and returns the postings as
   * evaluation reads them, over the table of this moment.
   */
  async source(query: ParsedQuery, meta: (n: number) => ArticleSummary | undefined): Promise<PostingSource & { table: DocTable }> {
    const table = this.table;
    const parts = this.#parts();
    const cjkKeys = new Set<number>();
    const words = new Map<string, boolean>();
    for (const clause of query.clauses) {
      for (const atom of clause.anyOf) {
        const inner = atom.kind === 'title' ? atom.inner : atom.kind === 'text' || atom.kind === 'phrase' ? atom : null;
        for (const part of inner?.parts ?? []) {
          const t = part.text;
          if (part.kind === 'cjk') {
            if (t.length === 1) cjkKeys.add(t.charCodeAt(0));
            for (let j = 0; j + 1 < t.length; j++) cjkKeys.add(t.charCodeAt(j) * 0x10000 + t.charCodeAt(j + 1));
          } else {
            const long = t.length > MAX_WORD;
            const word = long ? t.slice(0, MAX_WORD) : t;
            const prefix = long || (part.whole !== true && word.length >= 2);
            words.set(word, (words.get(word) ?? false) || prefix);
          }
        }
      }
    }
    const cjk = new Map<number, Promise<Uint8Array>[]>();
    for (const key of cjkKeys) {
      const lists: Promise<Uint8Array>[] = [];
      for (const p of parts) {
        if (p.kind === 'disk') {
          const i = findKey(p.segment.reader.cjk.keys, key);
          if (i >= 0) lists.push(this.#read(p.segment, true, i));
        } else {
          const b = p.memory.cjk.get(key);
          if (b) lists.push(Promise.resolve(MemoryPart.listOf(b, p.base)));
        }
      }
      cjk.set(key, lists);
    }
    /** By word asked: each matching term's lists, in part order. */
    const terms = new Map<string, Map<string, Promise<Uint8Array>[]>>();
    for (const [word, prefix] of words) {
      const found = new Map<string, Promise<Uint8Array>[]>();
      const add = (term: string, list: Promise<Uint8Array>) => {
        const lists = found.get(term);
        if (lists) lists.push(list);
        else found.set(term, [list]);
      };
      for (const p of parts) {
        if (p.kind === 'disk') {
          const keys = p.segment.reader.terms.keys;
          for (let i = keys.lowerBound(word); i < keys.length; i++) {
            const term = keys.get(i);
            if (term !== word && !(prefix && term.startsWith(word))) break;
            add(term, this.#read(p.segment, false, i));
          }
        } else {
          for (const [term, b] of p.memory.terms) if (term === word || (prefix && term.startsWith(word))) add(term, Promise.resolve(MemoryPart.listOf(b, p.base)));
        }
      }
      terms.set(word, found);
    }
    // Every read settles before any failure is reported, so none is left unhandled.
    const pending: Promise<Uint8Array>[] = [...[...cjk.values()].flat(), ...[...terms.values()].flatMap((found) => [...found.values()].flat())];
    const failed = (await Promise.allSettled(pending)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const cjkRead = new Map<number, Uint8Array[]>();
    for (const [key, lists] of cjk) cjkRead.set(key, await Promise.all(lists));
    const termsRead = new Map<string, Map<string, Uint8Array[]>>();
    for (const [word, found] of terms) {
      const read = new Map<string, Uint8Array[]>();
      for (const [term, lists] of found) read.set(term, await Promise.all(lists));
      termsRead.set(word, read);
    }
    return {
      table,
      alive: table.alive,
      size: table.size,
      maxWord: MAX_WORD,
      cjk: (key) => cjkRead.get(key) ?? [],
      terms: (word, prefix) => {
        const found = termsRead.get(word);
        if (!found) return [];
        return [...found].filter(([term]) => term === word || (prefix && term.startsWith(word))).map(([, lists]) => lists);
      },
      title: (n) => table.titleOf(n, meta),
      meta,
    };
  }
}
