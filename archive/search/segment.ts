/** Looking keys up in a segment's sorted dictionary. */
import { lineStarts } from './ids.ts';

/** Index of `key` in sorted `keys`, or -1. */
export function findKey<T extends number | string>(keys: ArrayLike<T>, key: T): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First index whose key is >= `key`. */
export function lowerBound<T extends number | string>(keys: ArrayLike<T>, key: T): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A segment's lines, kept as their UTF-8 bytes (one per line) and read when looked at: its words
 * in sorted order (a million words held as strings would take about 40 MB), or its documents'
 * folded titles by number.
 */
export class TermKeys {
  readonly #bytes: Buffer;
  /** Where word i starts; `starts[length]` is one past the last byte plus one. */
  readonly #starts: Uint32Array;
  readonly length: number;

  constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#starts = lineStarts(bytes);
    this.length = this.#starts.length - 1;
  }

  /** Word i. */
  get(i: number): string {
    return this.#bytes.toString('utf8', this.#starts[i]!, this.#starts[i + 1]! - 1);
  }

  /** Line n, undefined past the end (as a list of titles is asked). */
  at(n: number): string | undefined {
    return n >= 0 && n < this.length ? this.get(n) : undefined;
  }

  /** The first index whose word is >= `word` (in the order words were sorted: UTF-16 units). */
  lowerBound(word: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
