/** Small building blocks of the index: per-document key counting, posting appends, ranking. */
import { PostingBuilder } from './postings.ts';

/** Counts 32-bit keys (never 0) of one document in an open-addressing table reused across documents. */
export class KeyCounter {
  #keys = new Uint32Array(1 << 14);
  #counts = new Uint32Array(1 << 14);
  #used = new Uint32Array(1 << 14);
  #size = 0;
  #mask = (1 << 14) - 1;

  /** Makes room for up to `n` distinct keys. */
  reserve(n: number): this {
    if (n * 2 > this.#keys.length) {
      let cap = this.#keys.length;
      while (cap < n * 2) cap *= 2;
      this.#keys = new Uint32Array(cap);
      this.#counts = new Uint32Array(cap);
      this.#used = new Uint32Array(cap);
      this.#mask = cap - 1;
    }
    return this;
  }

  add(key: number): void {
    const keys = this.#keys;
    let h = (Math.imul(key, 0x9e3779b1) >>> 7) & this.#mask;
    while (true) {
      const k = keys[h]!;
      if (k === key) {
        this.#counts[h]!++;
        return;
      }
      if (k === 0) {
        keys[h] = key;
        this.#counts[h] = 1;
        this.#used[this.#size++] = h;
        return;
      }
      h = (h + 1) & this.#mask;
    }
  }

  /** Hands out every key and its count, and empties the table. */
  drain(fn: (key: number, count: number) => void): void {
    for (let i = 0; i < this.#size; i++) {
      const h = this.#used[i]!;
      fn(this.#keys[h]!, this.#counts[h]!);
      this.#keys[h] = 0;
    }
    this.#size = 0;
  }
}

/**
 * Indices of the `count` best scores (all of those tied with the last), best first, ties in
 * index order, so a larger `count` extends the same order.
 */
export function topByScore(scores: Float64Array, count: number): Int32Array {
  let picked: Int32Array;
  if (count >= scores.length) {
    picked = Int32Array.from(scores.keys());
  } else {
    const threshold = Float64Array.from(scores).sort()[scores.length - count]!;
    let n = 0;
    for (let k = 0; k < scores.length; k++) if (scores[k]! >= threshold) n++;
    picked = new Int32Array(n);
    n = 0;
    for (let k = 0; k < scores.length; k++) if (scores[k]! >= threshold) picked[n++] = k;
  }
  return picked.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

export function addPosting<K>(map: Map<K, PostingBuilder>, key: K, doc: number, count: number): number {
  let b = map.get(key);
  if (!b) {
    b = new PostingBuilder();
    map.set(key, b);
  }
  const before = b.length;
  b.add(doc, count);
  return b.length - before;
}

export function grow(array: Uint8Array, size: number): Uint8Array {
  if (array.length >= size) return array;
  const out = new Uint8Array(size);
  out.set(array);
  return out;
}
