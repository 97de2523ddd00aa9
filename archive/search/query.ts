/**
 * Queries and snippets: a query is folded like the index and cut into parts (runs of CJK units,
 * words); snippets show the first hit in a window of its paragraph, converted to the reader's
 * script with the marks carried through the conversion.
 */
import type { ScriptMode } from '../model.ts';
import { conversionPlan, convertTextTracked, sourceScript } from '../convert/script.ts';
import { CJK, WORD, foldTables, foldText } from './fold.ts';

/** One part of a query: every part must match. */
export interface QueryPart {
  kind: 'cjk' | 'word';
  /** Folded text of the part. */
  text: string;
  /** A word that must be a whole word (in a quoted phrase), not a prefix of one. */
  whole?: boolean;
}

/** Cuts a query into its parts, folded, without duplicates. */
export function parseQuery(query: string): QueryPart[] {
  const { kind } = foldTables();
  const folded = foldText(query);
  const parts: QueryPart[] = [];
  const seen = new Set<string>();
  let start = 0;
  let current = 0;
  const push = (end: number) => {
    if (current !== 0 && end > start) {
      const text = folded.slice(start, end);
      const key = `${current}:${text}`;
      if (!seen.has(key)) {
        seen.add(key);
        parts.push({ kind: current === CJK ? 'cjk' : 'word', text });
      }
    }
  };
  for (let i = 0; i <= folded.length; i++) {
    const k = i < folded.length ? kind[query.charCodeAt(i)]! : 0;
    if (k !== current) {
      push(i);
      start = i;
      current = k;
    }
  }
  return parts.filter((p) => p.kind === 'cjk' || p.text.length > 0);
}

/**
 * Position of `part` in folded `text`: any substring for CJK; for words, the start of a word
 * (the whole word when the part is one character or `whole`, as the index matches them).
 */
export function findPart(folded: string, raw: string, part: QueryPart, from = 0): number {
  const { kind } = foldTables();
  let at = folded.indexOf(part.text, from);
  if (part.kind === 'cjk') return at;
  const whole = part.whole === true || part.text.length < 2;
  const end = part.text.length;
  while (at >= 0 && ((at > 0 && kind[raw.charCodeAt(at - 1)] === WORD) || (whole && kind[raw.charCodeAt(at + end)] === WORD))) {
    at = folded.indexOf(part.text, at + 1);
  }
  return at;
}

/** True when every part is in `text` (a title). */
export function allPartsIn(folded: string, raw: string, parts: readonly QueryPart[]): boolean {
  return parts.every((p) => findPart(folded, raw, p) >= 0);
}

/** How often `part` occurs in folded text. */
export function countPart(folded: string, raw: string, part: QueryPart): number {
  let n = 0;
  for (let at = findPart(folded, raw, part); at >= 0; at = findPart(folded, raw, part, at + part.text.length)) n++;
  return n;
}

/** A snippet: plain text and the ranges of the hits in it. */
export interface Snippet {
  text: string;
  marks: [number, number][];
}

const BEFORE = 30;
const WINDOW = 120;

/** The snippet of the first paragraph with a hit (or the first paragraph), shown in `mode`. */
export function makeSnippet(paragraphs: readonly string[], parts: readonly QueryPart[], mode: ScriptMode, lang: string | null): Snippet {
  let para = '';
  let hit = -1;
  for (const p of paragraphs) {
    const folded = foldText(p);
    for (const part of parts) {
      const at = findPart(folded, p, part);
      if (at >= 0 && (hit < 0 || at < hit)) hit = at;
    }
    if (hit >= 0) {
      para = p;
      break;
    }
  }
  if (hit < 0) {
    para = paragraphs.find((p) => p.trim()) ?? '';
    hit = 0;
  }
  let start = Math.max(0, hit - BEFORE);
  let end = Math.min(para.length, start + WINDOW);
  start = Math.max(0, Math.min(start, end - WINDOW));
  const { kind } = foldTables();
  // Start and end on word boundaries where the text has words (never more than 15 units away).
  for (let n = 0; n < 15 && start > 0 && start < hit && kind[para.charCodeAt(start - 1)] === WORD && kind[para.charCodeAt(start)] === WORD; n++) start++;
  for (let n = 0; n < 15 && end < para.length && kind[para.charCodeAt(end - 1)] === WORD && kind[para.charCodeAt(end)] === WORD; n++) end--;
  if (isLowSurrogate(para, start)) start--;
  if (isLowSurrogate(para, end)) end++;
  const window = para.slice(start, end);
  const foldedWindow = foldText(window);
  const marks: [number, number][] = [];
  for (const part of parts) {
    for (let at = findPart(foldedWindow, window, part); at >= 0; at = findPart(foldedWindow, window, part, at + part.text.length)) {
      marks.push([at, at + part.text.length]);
    }
  }
  const merged = mergeRanges(marks);
  const plan = mode === 'original' ? [] : conversionPlan(mode, sourceScript(lang, window));
  const converted = convertTextTracked(window, plan);
  const lead = start > 0 ? '…' : '';
  const tail = end < para.length ? '…' : '';
  return {
    text: lead + converted.text + tail,
    marks: merged.map(([a, b]) => [converted.offsets.map(a) + lead.length, converted.offsets.map(b) + lead.length]),
  };
}

function isLowSurrogate(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** The snippet as HTML, escaped, with each hit in `<mark>`. */
export function snippetHtml(snippet: Snippet): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
  let out = '';
  let at = 0;
  for (const [a, b] of snippet.marks) {
    out += `${escape(snippet.text.slice(at, a))}<mark>${escape(snippet.text.slice(a, b))}</mark>`;
    at = b;
  }
  return out + escape(snippet.text.slice(at));
}

