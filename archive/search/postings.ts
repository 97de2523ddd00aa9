/**
 * Posting lists: for one key (a CJK character or pair, or a word), the documents that hold it and
 * how often, as varint pairs (document-number delta, count). Documents are appended in increasing
 * number, so deltas stay small; a list of 50k documents takes about 100 KB.
 */

/** A growable byte buffer of one key's postings. */
export class PostingBuilder {
  bytes = new Uint8Array(8);
  length = 0;
  /** Number of the last document appended (-1 before the first). */
  last = -1;
  first = -1;

  add(doc: number, count: number): void {
    if (this.length + 10 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (this.first < 0) this.first = doc;
    this.length = writeVarint(this.bytes, this.length, doc - this.last - 1);
    this.length = writeVarint(this.bytes, this.length, Math.min(count, 0xffff));
    this.last = doc;
  }
}

export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  bytes[at++] = value;
  return at;
}

/** Decoded postings: parallel arrays sorted by document. */
export interface Postings {
  docs: Int32Array;
  counts: Uint16Array;
}

export const NO_POSTINGS: Postings = { docs: new Int32Array(0), counts: new Uint16Array(0) };

/**
 * Decodes lists that follow one another in document order (the persisted part, then what was
 * indexed since), keeping documents for which `alive` is set.
 */
export function decodePostings(chunks: readonly Uint8Array[], alive: Uint8Array): Postings {
  let upper = 0;
  for (const c of chunks) upper += c.length >> 1;
  const docs = new Int32Array(upper);
  const counts = new Uint16Array(upper);
  let n = 0;
  for (const bytes of chunks) {
    let doc = -1;
    let i = 0;
    while (i < bytes.length) {
      let delta = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[i++]!;
        delta |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      let count = 0;
      shift = 0;
      do {
        b = bytes[i++]!;
        count |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      doc += delta + 1;
      if (alive[doc] === 1) {
        docs[n] = doc;
        counts[n] = count;
        n++;
      }
    }
  }
  return { docs: docs.subarray(0, n), counts: counts.subarray(0, n) };
}

/** Sums postings of several keys (a word and the words it prefixes) per document. */
export function unionPostings(lists: readonly Postings[]): Postings {
  if (lists.length === 0) return NO_POSTINGS;
  if (lists.length === 1) return lists[0]!;
  let top = 0;
  for (const list of lists) if (list.docs.length) top = Math.max(top, list.docs[list.docs.length - 1]!);
  const sums = new Uint32Array(top + 1);
  const seen = new Uint8Array(top + 1);
  let total = 0;
  for (const list of lists) {
    for (let i = 0; i < list.docs.length; i++) {
      const d = list.docs[i]!;
      if (!seen[d]) {
        seen[d] = 1;
        total++;
      }
      sums[d]! += list.counts[i]!;
    }
  }
  const docs = new Int32Array(total);
  const counts = new Uint16Array(total);
  let n = 0;
  for (let d = 0; d <= top; d++) {
    if (seen[d]) {
      docs[n] = d;
      counts[n++] = Math.min(0xffff, sums[d]!);
    }
  }
  return { docs, counts };
}

/** Documents in both lists; the count kept is the smaller (an upper bound for a phrase). */
export function intersectPostings(a: Postings, b: Postings): Postings {
  const n = Math.min(a.docs.length, b.docs.length);
  const docs = new Int32Array(n);
  const counts = new Uint16Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x === y) {
      docs[k] = x;
      counts[k++] = Math.min(a.counts[i++]!, b.counts[j++]!);
    } else if (x < y) i++;
    else j++;
  }
  return { docs: docs.subarray(0, k), counts: counts.subarray(0, k) };
}
