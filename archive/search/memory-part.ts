/**
 * What was indexed since the last save: a growing segment held in memory (documents numbered
 * from 0 within it, postings in builders), written out as one new segment file by `writeTo`.
 * Indexing one article is synchronous.
 */
import { CJK, WORD, foldTables, foldText } from './fold.ts';
import { KeyCounter, addPosting, grow } from './build.ts';
import type { PostingBuilder } from './postings.ts';
import { SIG_WORDS, writeTitleSig } from './title-sig.ts';
import { SegmentWriter, rebase, type SegmentDocs } from './segment-file.ts';

/** Longer words are indexed by their first 40 units. */
export const MAX_WORD = 40;

export class MemoryPart {
  docs: SegmentDocs & { ids: string[]; titles: string[] } = { ids: [], lengths: new Uint32Array(256), scripts: new Uint8Array(256), alive: new Uint8Array(256), sigs: new Uint32Array(256 * SIG_WORDS), titles: [] };
  /** Every document by id (the live one, where an id was indexed twice). */
  readonly byId = new Map<string, number>();
  readonly cjk = new Map<number, PostingBuilder>();
  readonly terms = new Map<string, PostingBuilder>();
  /** Bytes of postings held. */
  bytes = 0;
  #counter = new KeyCounter();
  #wordUnits = new Uint16Array(MAX_WORD);

  get size(): number {
    return this.docs.ids.length;
  }

  /** Indexes `text` (see match.ts indexedText) as article `id`; returns its number here. */
  add(id: string, text: string): number {
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
      this.bytes += addPosting(this.cjk, key, n, count, positions);
    });
    for (const [word, count] of words) this.bytes += addPosting(this.terms, word, n, count);
    const docs = this.docs;
    if (n >= docs.alive.length) {
      docs.alive = grow(docs.alive, n * 2);
      docs.scripts = grow(docs.scripts, n * 2);
      const lengths = new Uint32Array(n * 2);
      lengths.set(docs.lengths);
      docs.lengths = lengths;
      const sigs = new Uint32Array(n * 2 * SIG_WORDS);
      sigs.set(docs.sigs);
      docs.sigs = sigs;
    }
    const titleEnd = text.indexOf('\n');
    const title = titleEnd < 0 ? text : text.slice(0, titleEnd);
    writeTitleSig(title, docs.sigs, n * SIG_WORDS);
    docs.titles.push(foldText(title));
    docs.ids.push(id);
    docs.lengths[n] = text.length;
    docs.alive[n] = 1;
    docs.scripts[n] = simplified + traditional === 0 ? 0 : traditional > simplified ? 2 : 1;
    this.byId.set(id, n);
    return n;
  }

  /** The list of a builder, its first document moved by `base`, as a query reads it. */
  static listOf(builder: PostingBuilder, base: number): Uint8Array {
    const bytes = builder.bytes.subarray(0, builder.length);
    if (base === 0) return bytes;
    const out = new Uint8Array(builder.length + 5);
    out.set(bytes, 5);
    return rebase(out, 5, base);
  }

  /** Writes this part as a segment file at `path`; returns the bytes written. */
  async writeTo(path: string, fold: string, pause: () => Promise<void> | null): Promise<number> {
    const writer = new SegmentWriter(path);
    try {
      const cjkKeys = [...this.cjk.keys()].sort((a, b) => a - b);
      let i = 0;
      for (const key of cjkKeys) {
        const b = this.cjk.get(key)!;
        await writer.cjk(key, b.bytes.subarray(0, b.length), b.last);
        if ((++i & 1023) === 0) await pause();
      }
      const words = [...this.terms.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const word of words) {
        const b = this.terms.get(word)!;
        await writer.term(word, b.bytes.subarray(0, b.length), b.last);
        if ((++i & 1023) === 0) await pause();
      }
      const n = this.size;
      return await writer.finish(fold, { ids: this.docs.ids, lengths: this.docs.lengths.subarray(0, n), scripts: this.docs.scripts.subarray(0, n), alive: this.docs.alive.subarray(0, n), sigs: this.docs.sigs.subarray(0, n * SIG_WORDS), titles: this.docs.titles });
    } catch (error) {
      await writer.abandon();
      throw error;
    }
  }
}
