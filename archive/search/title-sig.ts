/**
 * A title's signature: 128 bits per document, kept in the document table and in each segment,
 * that say which characters a title may hold, so ranking reads a title only when it may hold
 * the whole query. A bit is set for each CJK character of the folded title, and for the first
 * one and two units of each of its words (words are matched by prefix, at the start of a word).
 * A query's parts set the same bits; a title missing any of them cannot hold the query. All bits
 * set means "not known" (segments written before signatures): the title is read.
 */
import { CJK, WORD, foldTables, type FoldTables } from './fold.ts';
import type { QueryPart } from './query.ts';

/** 32-bit words per document. */
export const SIG_WORDS = 4;

function bit1(c: number): number {
  return Math.imul(c ^ 0x5bd1e995, 0x9e3779b1) >>> 25;
}

function bit2(a: number, b: number): number {
  return Math.imul((a * 0x10001) ^ (b + 0x7f4a7c15), 0x85ebca6b) >>> 25;
}

function set(out: Uint32Array, at: number, bit: number): void {
  out[at + (bit >>> 5)]! |= 1 << (bit & 31);
}

/** Writes the signature of `title` (as written; folded here) at `out[at..at + SIG_WORDS]`. */
export function writeTitleSig(title: string, out: Uint32Array, at: number, tables: FoldTables = foldTables()): void {
  const { fold, kind } = tables;
  out.fill(0, at, at + SIG_WORDS);
  let previous = 0;
  for (let i = 0; i < title.length; i++) {
    const c = fold[title.charCodeAt(i)]!;
    const k = kind[c]!;
    if (k === CJK) set(out, at, bit1(c));
    else if (k === WORD && previous !== WORD) {
      set(out, at, bit1(c));
      if (i + 1 < title.length) set(out, at, bit2(c, fold[title.charCodeAt(i + 1)]!));
    }
    previous = k;
  }
}

/** `count` signatures of "not known". */
export function unknownSigs(count: number): Uint32Array {
  return new Uint32Array(count * SIG_WORDS).fill(0xffffffff);
}

/** The bits a title holding every part (folded) must have; null when nothing can be ruled out. */
export function partsSig(parts: readonly QueryPart[]): Uint32Array | null {
  const { kind } = foldTables();
  const want = new Uint32Array(SIG_WORDS);
  let any = false;
  for (const p of parts) {
    const t = p.text;
    if (t.length === 0) continue;
    if (p.kind === 'cjk') {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (kind[c] !== CJK) continue;
        set(want, 0, bit1(c));
        any = true;
      }
    } else if (kind[t.charCodeAt(0)] === WORD) {
      set(want, 0, t.length >= 2 ? bit2(t.charCodeAt(0), t.charCodeAt(1)) : bit1(t.charCodeAt(0)));
      any = true;
    }
  }
  return any ? want : null;
}

/** False when document n's title cannot hold what `want` asks. */
export function mayHold(sigs: Uint32Array, n: number, want: Uint32Array): boolean {
  const at = n * SIG_WORDS;
  for (let w = 0; w < SIG_WORDS; w++) if ((sigs[at + w]! & want[w]!) !== want[w]!) return false;
  return true;
}
