/** Small building blocks of the index: per-document key counting, posting appends, ranking. */
import { PostingBuilder } from './postings.ts';

/**
 * Counts 32-bit keys (never 0) of one document in an open-addressing table reused across
 * documents; keys added with `addAt` also keep their positions.
 */
export class KeyCounter {
  #keys = new Uint32Array(1 << 14);
  #counts = new Uint32Array(1 << 14);
  #used = new Uint32Array(1 << 14);
  /** Ordinal (index in #used) of the key in each slot. */
  #ordinal = new Uint32Array(1 << 14);
  #size = 0;
  #mask = (1 << 14) - 1;
  #atOrdinal = new Int32Array(1 << 14);
  #atPosition = new Int32Array(1 << 14);
  #atLength = 0;
  /** Scratch for drain's grouping of positions by key, reused across documents. */
  #starts = new Int32Array(1 << 12);
  #fill = new Int32Array(1 << 12);
  #placed = new Int32Array(1 << 14);

  /** Makes room for up to `n` distinct keys. */
  reserve(n: number): this {
    if (n * 2 > this.#keys.length) {
      let cap = this.#keys.length;
      while (cap < n * 2) cap *= 2;
      this.#keys = new Uint32Array(cap);
      this.#counts = new Uint32Array(cap);
      this.#used = new Uint32Array(cap);
      this.#ordinal = new Uint32Array(cap);
      this.#mask = cap - 1;
    }
    if (n > this.#atOrdinal.length) {
      this.#atOrdinal = new Int32Array(n);
      this.#atPosition = new Int32Array(n);
    }
    return this;
  }

  /** Counts `key`; returns its slot. */
  add(key: number): number {
    const keys = this.#keys;
    let h = (Math.imul(key, 0x9e3779b1) >>> 7) & this.#mask;
    while (true) {
      const k = keys[h]!;
      if (k === key) {
        this.#counts[h]!++;
        return h;
      }
      if (k === 0) {
        keys[h] = key;
        this.#counts[h] = 1;
        this.#ordinal[h] = this.#size;
        this.#used[this.#size++] = h;
        return h;
      }
      h = (h + 1) & this.#mask;
    }
  }

  /** Counts `key` and remembers that it occurs at `position` (positions come in increasing order). */
  addAt(key: number, position: number): void {
    const h = this.add(key);
    this.#atOrdinal[this.#atLength] = this.#ordinal[h]!;
    this.#atPosition[this.#atLength++] = position;
  }

  /**
   * Hands out every key, its count and, for keys added with `addAt`, its positions (a view
   * valid during the call), and empties the table.
   */
  drain(fn: (key: number, count: number, positions: Int32Array | null) => void): void {
    const size = this.#size;
    if (this.#starts.length < size + 1) {
      this.#starts = new Int32Array((size + 1) * 2);
      this.#fill = new Int32Array((size + 1) * 2);
    }
    if (this.#placed.length < this.#atLength) this.#placed = new Int32Array(this.#atLength * 2);
    const starts = this.#starts;
    const fill = this.#fill;
    const placed = this.#placed;
    starts.fill(0, 0, size + 1);
    for (let i = 0; i < this.#atLength; i++) starts[this.#atOrdinal[i]! + 1]!++;
    for (let i = 0; i < size; i++) starts[i + 1]! += starts[i]!;
    fill.set(starts.subarray(0, size));
    for (let i = 0; i < this.#atLength; i++) placed[fill[this.#atOrdinal[i]!]!++] = this.#atPosition[i]!;
    for (let i = 0; i < size; i++) {
      const h = this.#used[i]!;
      const from = starts[i]!;
      const to = starts[i + 1]!;
      fn(this.#keys[h]!, this.#counts[h]!, to > from ? placed.subarray(from, to) : null);
      this.#keys[h] = 0;
    }
    this.#size = 0;
    this.#atLength = 0;
  }
}

/**
 * Indices of the `count` best scores (all of those tied with the last), best first, ties in
 * index order, so a larger `count` extends the same order. The threshold is found with a
 * min-heap of `count` scores, so a short page of a long list costs no full sort.
 */
export function topByScore(scores: Float64Array, count: number): Int32Array {
  let picked: Int32Array;
  if (count >= scores.length) {
    picked = Int32Array.from(scores.keys());
  } else {
    const threshold = kthLargest(scores, Math.max(1, count));
    let n = 0;
    for (let k = 0; k < scores.length; k++) if (scores[k]! >= threshold) n++;
    picked = new Int32Array(n);
    n = 0;
    for (let k = 0; k < scores.length; k++) if (scores[k]! >= threshold) picked[n++] = k;
  }
  return picked.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The `k`-th largest score (1 ≤ k < scores.length), keeping the k largest in a min-heap. */
function kthLargest(scores: Float64Array, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent]! <= v) break;
        heap[c] = heap[parent]!;
        c = parent;
      }
      heap[c] = v;
    } else if (v > heap[0]!) {
      let c = 0;
      for (;;) {
        let child = 2 * c + 1;
        if (child >= k) break;
        if (child + 1 < k && heap[child + 1]! < heap[child]!) child++;
        if (heap[child]! >= v) break;
        heap[c] = heap[child]!;
        c = child;
      }
      heap[c] = v;
    }
  }
  return heap[0]!;
}

/** Appends `doc` to `key`'s list (with its positions when given); returns the bytes added. */
export function addPosting<K>(map: Map<K, PostingBuilder>, key: K, doc: number, count: number, positions: Int32Array | null = null): number {
  let b = map.get(key);
  if (!b) {
    b = new PostingBuilder();
    map.set(key, b);
  }
  const before = b.length;
  if (positions) b.addPositions(doc, positions);
  else b.add(doc, count);
  return b.length - before;
}

export function grow(array: Uint8Array, size: number): Uint8Array {
  if (array.length >= size) return array;
  const out = new Uint8Array(size);
  out.set(array);
  return out;
}
