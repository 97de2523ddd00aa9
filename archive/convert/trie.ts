/**
 * A dictionary trie with OpenCC's matching rules (longest match by code point, earlier
 * dictionaries of a group win over later ones), and the passes built on it: segmenting text
 * into phrases and replacing matches. Passes can record an alignment so that positions in the
 * input (ruby annotations, HTML text-node boundaries) can be carried to the output.
 */
import type { AlignmentBuilder } from './alignment.ts';

/** One OpenCC dictionary as opencc-js ships it: `"src dst|src dst"` or pairs. */
export type Dictionary = string | readonly (readonly [string, string])[];

interface TrieNode {
  children: Map<number, TrieNode> | null;
  value: string | undefined;
}

function newNode(): TrieNode {
  return { children: null, value: undefined };
}

/** A prefix tree over code points for one group of dictionaries. */
export class DictionaryTrie {
  readonly #root = newNode();
  readonly #match = { end: 0, value: '' };
  /** The root's children by BMP code unit: the first step of every match, made a plain index. */
  readonly #bmpRoot: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(0x10000).fill(undefined);

  /** Loads dictionaries so that the first one wins where two define the same key. */
  static fromGroup(group: readonly Dictionary[]): DictionaryTrie {
    const trie = new DictionaryTrie();
    for (let i = group.length - 1; i >= 0; i--) trie.load(group[i]!);
    return trie;
  }

  load(dict: Dictionary): void {
    if (typeof dict === 'string') {
      if (dict === '') return;
      for (const line of dict.split('|')) {
        const space = line.indexOf(' ');
        if (space <= 0) throw new TypeError(`bad dictionary entry "${line}"`);
        const end = line.indexOf(' ', space + 1);
        this.add(line.slice(0, space), line.slice(space + 1, end < 0 ? undefined : end));
      }
    } else {
      for (const [from, to] of dict) this.add(from, to);
    }
  }

  add(from: string, to: string): void {
    let node = this.#root;
    for (let i = 0; i < from.length; ) {
      const cp = from.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      node.children ??= new Map();
      let next = node.children.get(cp);
      if (!next) {
        next = newNode();
        node.children.set(cp, next);
        if (node === this.#root && cp <= 0xffff) this.#bmpRoot[cp] = next;
      }
      node = next;
    }
    node.value = to;
  }

  /** Every key's first code point: text without any of them passes through unchanged. */
  firstCodePoints(): Set<number> {
    return new Set(this.#root.children?.keys() ?? []);
  }

  /**
   * The longest key starting at `start` (before `limit`): its end and replacement, written to
   * `out`; returns false when nothing matches.
   */
  match(text: string, start: number, limit: number, out: { end: number; value: string }): boolean {
    let node: TrieNode;
    let j = start;
    const first = text.charCodeAt(start);
    if (first < 0xd800 || first > 0xdbff) {
      const next = this.#bmpRoot[first];
      if (next === undefined) return false;
      node = next;
      j++;
    } else {
      node = this.#root;
    }
    let found = false;
    if (node.value !== undefined) {
      out.end = j;
      out.value = node.value;
      found = true;
    }
    while (j < limit) {
      const cp = text.charCodeAt(j);
      let code = cp;
      let width = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && j + 1 < limit) {
        const low = text.charCodeAt(j + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      const next = node.children?.get(code);
      if (next === undefined) break;
      j += width;
      node = next;
      if (node.value !== undefined) {
        out.end = j;
        out.value = node.value;
        found = true;
      }
    }
    return found;
  }

  /**
   * Splits `text` into matched phrases and the unmatched runs between them, as OpenCC's
   * segmentation does; returns the boundaries, starting with 0 and ending with the length.
   */
  segmentBounds(text: string, values?: (string | undefined)[]): number[] {
    const bounds = [0];
    const m = { end: 0, value: '' };
    let pending = false;
    for (let i = 0; i < text.length; ) {
      if (this.match(text, i, text.length, m)) {
        if (pending) {
          bounds.push(i);
          values?.push(undefined);
        }
        pending = false;
        bounds.push(m.end);
        values?.push(m.value);
        i = m.end;
      } else {
        pending = true;
        i += unmatchedLength(text, i, text.length);
      }
    }
    if (pending) {
      bounds.push(text.length);
      values?.push(undefined);
    }
    return bounds;
  }

  /** `text` with every longest match replaced. */
  replaceAll(text: string): string {
    const out: string[] = [];
    this.replace(text, 0, text.length, out, null);
    return out[0] ?? '';
  }

  /**
   * Replaces every longest match in `text[start, end)`, appending to `out`; returns how many
   * UTF-16 units it appended.
   */
  replace(text: string, start: number, end: number, out: string[], align: AlignmentBuilder | null): number {
    const m = this.#match;
    let acc = '';
    let pending = -1;
    for (let i = start; i < end; ) {
      if (this.match(text, i, end, m)) {
        if (pending >= 0) {
          acc += text.slice(pending, i);
          align?.same(i - pending);
          pending = -1;
        }
        acc += m.value;
        align?.piece(m.end - i, m.value.length);
        i = m.end;
      } else {
        if (pending < 0) pending = i;
        i += unmatchedLength(text, i, end);
      }
    }
    if (pending >= 0) {
      acc += text.slice(pending, end);
      align?.same(end - pending);
    }
    out.push(acc);
    return acc.length;
  }
}

function codePointWidth(text: string, i: number, limit: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < limit) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

/** How many operands an ideographic description character (U+2FF0..U+2FFF) takes. */
function idsArity(cp: number): number {
  if (cp === 0x2ff2 || cp === 0x2ff3) return 3;
  if (cp >= 0x2ff0 && cp <= 0x2fff) return 2;
  return 0;
}

/** End of the ideographic description sequence at `i`, or 0 when there is none (or it is cut). */
function idsEnd(text: string, i: number, limit: number): number {
  const arity = idsArity(text.codePointAt(i)!);
  if (arity === 0) return 0;
  let end = i + codePointWidth(text, i, limit);
  for (let n = 0; n < arity; n++) {
    if (end >= limit) return 0;
    const child = idsEnd(text, end, limit);
    end = child || end + codePointWidth(text, end, limit);
  }
  return end;
}

/** An unmatched step: one code point, or a whole description sequence, which OpenCC keeps intact. */
function unmatchedLength(text: string, i: number, limit: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0x2ff0 && c <= 0x2fff) {
    const end = idsEnd(text, i, limit);
    if (end > i) return end - i;
  }
  return codePointWidth(text, i, limit);
}
