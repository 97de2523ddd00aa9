/**
 * Posting lists: for one key (a CJK character or pair, or a word), the documents that hold it and
 * how often, as varint pairs (document-number delta, count). Documents are appended in increasing
 * number, so deltas stay small; a list of 50k documents takes about 100 KB. Lists of CJK pairs
 * also carry where in the document each pair starts (after the count, `count` varint gaps), so a
 * longer run of characters is matched exactly from the index, never by reading bodies.
 */
import type { Allocator } from './lease.ts';

/** A growable byte buffer of one key's postings. */
export class PostingBuilder {
  bytes = new Uint8Array(8);
  length = 0;
  /** Number of the last document appended (-1 before the first). */
  last = -1;
  first = -1;

  add(doc: number, count: number): void {
    this.#room(10);
    if (this.first < 0) this.first = doc;
    this.length = writeVarint(this.bytes, this.length, doc - this.last - 1);
    this.length = writeVarint(this.bytes, this.length, Math.min(count, 0xffff));
    this.last = doc;
  }

  /** Appends a document with the (increasing) positions of the key in it. */
  addPositions(doc: number, positions: Int32Array): void {
    this.#room(10 + 5 * positions.length);
    if (this.first < 0) this.first = doc;
    const bytes = this.bytes;
    let at = writeVarint(bytes, this.length, doc - this.last - 1);
    at = writeVarint(bytes, at, positions.length);
    let previous = -1;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      let gap = p - previous - 1;
      previous = p;
      while (gap >= 0x80) {
        bytes[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      bytes[at++] = gap;
    }
    this.length = at;
    this.last = doc;
  }

  #room(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
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

/** Decoded postings: documents in order, and each one's count times a weight. */
export interface Postings {
  docs: Int32Array;
  weights: Float64Array;
}

/**
 * Decodes lists that follow one another in document order (the persisted part, then what was
 * indexed since), keeping documents for which `alive` is set, weighted by count × `weight`;
 * `positional` lists have their positions stepped over. Arrays come from `alloc`.
 */
export function decodePostings(chunks: readonly Uint8Array[], alive: Uint8Array, positional: boolean, weight: number, alloc: Allocator): Postings {
  // At most one entry per two bytes, and one per document.
  let upper = 0;
  for (const c of chunks) upper += c.length >> 1;
  upper = Math.min(upper, alive.length);
  const docs = alloc.int32(upper);
  const weights = alloc.float64(upper);
  let n = 0;
  for (const bytes of chunks) {
    let doc = -1;
    let i = 0;
    while (i < bytes.length) {
      let value = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[i++]!;
        value |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      doc += value + 1;
      let count = 0;
      shift = 0;
      do {
        b = bytes[i++]!;
        count |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      // Each position ends with a byte below 0x80.
      if (positional) for (let left = count; left > 0; ) if (bytes[i++]! < 0x80) left--;
      if (alive[doc] === 1) {
        docs[n] = doc;
        weights[n++] = Math.min(count, 0xffff) * weight;
      }
    }
  }
  return { docs: docs.subarray(0, n), weights: weights.subarray(0, n) };
}

/**
 * Walks a positional list (its chunks in order) document by document, reading positions only
 * when asked and straight from the bytes: matching a run of CJK pairs allocates nothing per
 * document.
 */
/** A cursor's document once its list is done. */
export const END = 0x7fffffff;

export class PositionCursor {
  /** The current document (-1 before the first, END after the last: a small integer, as a double would slow every cursor). */
  doc = -1;
  #chunks: readonly Uint8Array[];
  #alive: Uint8Array;
  #chunk = 0;
  #bytes: Uint8Array;
  #at = 0;
  #chunkDoc = -1;
  /** Positions of the current document not read yet, and the last one read. */
  #left = 0;
  /** The last position read of the current document. */
  position = -1;
  /** Positions read by readPositions. */
  positions = new Int32Array(64);

  constructor(chunks: readonly Uint8Array[], alive: Uint8Array) {
    this.#chunks = chunks;
    this.#alive = alive;
    this.#bytes = chunks[0] ?? new Uint8Array(0);
  }

  #varint(): number {
    const bytes = this.#bytes;
    let value = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[this.#at++]!;
      value |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return value;
  }

  /** Moves to the first live document at or after `target`; false when there is none. */
  seek(target: number): boolean {
    let doc = this.doc;
    if (doc >= target && (doc === END || this.#alive[doc] === 1)) return doc !== END;
    // The hot loop of matching runs: state in locals, written back once.
    const alive = this.#alive;
    let bytes = this.#bytes;
    let at = this.#at;
    let left = this.#left;
    let chunkDoc = this.#chunkDoc;
    while (doc < target || alive[doc] !== 1) {
      // Each position not read ends with a byte below 0x80.
      while (left > 0) if (bytes[at++]! < 0x80) left--;
      if (at >= bytes.length) {
        while (at >= bytes.length && ++this.#chunk < this.#chunks.length) {
          bytes = this.#chunks[this.#chunk]!;
          at = 0;
          chunkDoc = -1;
        }
        if (at >= bytes.length) {
          doc = END;
          break;
        }
      }
      let value = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++]!;
        value |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      chunkDoc += value + 1;
      doc = chunkDoc;
      value = 0;
      shift = 0;
      do {
        b = bytes[at++]!;
        value |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      left = value;
    }
    this.doc = doc;
    this.#bytes = bytes;
    this.#at = at;
    this.#left = left;
    this.#chunkDoc = chunkDoc;
    this.position = -1;
    return doc !== END;
  }

  /**
   * Reads the positions of the current document not read yet into `positions` (grown as
   * needed, so read it after the call); returns how many.
   */
  readPositions(): number {
    const count = this.#left;
    if (this.positions.length < count) this.positions = new Int32Array(Math.max(count, this.positions.length * 2));
    const out = this.positions;
    const bytes = this.#bytes;
    let at = this.#at;
    let position = this.position;
    for (let i = 0; i < count; i++) {
      let value = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++]!;
        value |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      position += value + 1;
      out[i] = position;
    }
    this.#at = at;
    this.#left = 0;
    this.position = position;
    return count;
  }
}
