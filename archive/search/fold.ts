/**
 * Folding text for search: every UTF-16 unit maps to exactly one unit, so a position in folded
 * text is the same position in the original (snippets and marks need no mapping). Chinese
 * characters fold to one Simplified form (Taiwan and Hong Kong variants to OpenCC standard
 * Traditional, then to Simplified, plus a few variants OpenCC leaves alone); Latin and other
 * letters lose case, diacritics and compatibility forms (full-width `Ａ` → `a`).
 */
import { createHash } from 'node:crypto';
import { hanTables } from '../convert/chars.ts';

/** What a folded unit is for tokenizing: a separator, part of a word, or a CJK unit (indexed by n-grams). */
export const SEPARATOR = 0;
export const WORD = 1;
export const CJK = 2;

/** Variants that read the same to a searcher but that OpenCC keeps apart. */
const EXTRA_VARIANTS: [string, string][] = [
  ['著', '着'],
  ['妳', '你'],
  ['祂', '他'],
  ['峯', '峰'],
  ['綫', '线'],
  ['綉', '绣'],
  ['堃', '坤'],
  ['喆', '哲'],
];

export interface FoldTables {
  /** Folded unit of every UTF-16 unit. */
  fold: Uint16Array;
  /** SEPARATOR, WORD or CJK, by folded unit. */
  kind: Uint8Array;
  /** 1 where a Han character is written only in Simplified, 2 where only in Traditional. */
  scriptOf: Uint8Array;
  /** Changes whenever the tables do, so a persisted index built with others is rebuilt. */
  version: string;
}

let tables: FoldTables | null = null;

function isCjkUnit(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0x2fdf) || // radicals
    (c >= 0x3005 && c <= 0x3007) || // 々 〆 〇
    (c >= 0x3040 && c <= 0x30ff) || // kana
    (c >= 0x3100 && c <= 0x312f) || // bopomofo
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) || // hangul
    (c >= 0xd800 && c <= 0xdfff) || // surrogates: rare ideographs beyond the BMP
    (c >= 0xf900 && c <= 0xfaff)
  );
}

/** The folding tables, built on first use (about 100 ms). */
export function foldTables(): FoldTables {
  if (tables) return tables;
  const fold = new Uint16Array(0x10000);
  const kind = new Uint8Array(0x10000);
  const scriptOf = new Uint8Array(0x10000);
  const letter = /[\p{L}\p{N}]/u;
  const mark = /\p{M}/gu;
  for (let c = 0; c < 0x10000; c++) {
    fold[c] = c;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    const plain = s.normalize('NFKD').replace(mark, '').toLowerCase();
    if (plain.length === 1) fold[c] = plain.charCodeAt(0);
    else if (s.toLowerCase().length === 1) fold[c] = s.toLowerCase().charCodeAt(0);
  }
  const han = hanTables();
  scriptOf.set(han.scriptOf);
  for (const [c, s] of han.toSimplified) fold[c] = s;
  for (const [from, to] of EXTRA_VARIANTS) fold[from.charCodeAt(0)] = fold[to.charCodeAt(0)]!;
  // Chains (a → b, b → c) must end where they would for b itself.
  for (let c = 0; c < 0x10000; c++) {
    let f = fold[c]!;
    for (let n = 0; n < 4 && fold[f] !== f; n++) f = fold[f]!;
    fold[c] = f;
  }
  for (let c = 0; c < 0x10000; c++) {
    const f = fold[c]!;
    kind[c] = isCjkUnit(f) ? CJK : letter.test(String.fromCharCode(f)) && !(f >= 0xd800 && f <= 0xdfff) ? WORD : SEPARATOR;
  }
  const version = createHash('sha256').update(fold).update(kind).digest('hex').slice(0, 16);
  tables = { fold, kind, scriptOf, version };
  return tables;
}

const decoder = new TextDecoder('utf-16le');

/** `text` folded unit by unit: same length, same positions. */
export function foldText(text: string): string {
  const { fold } = foldTables();
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = fold[text.charCodeAt(i)]!;
  return decoder.decode(out);
}
