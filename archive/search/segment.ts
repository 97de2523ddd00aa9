/**
 * The index's postings in two parts: a compact, immutable part (sorted keys, offsets into one
 * byte blob: what is saved and loaded) and a growable part for what was indexed since. `merge`
 * folds the second into a new first part by copying bytes, re-encoding only the first entry of
 * each appended list.
 */
import { PostingBuilder, writeVarint } from './postings.ts';

/** Immutable postings of sorted keys: key i's bytes are `blob[offsets[i], offsets[i+1])`. */
export interface FrozenPostings<K> {
  keys: K;
  offsets: Uint32Array;
  /** Last document of each key's list, to continue it. */
  last: Int32Array;
  blob: Uint8Array;
}

export type CjkPostings = FrozenPostings<Uint32Array>;
export type TermPostings = FrozenPostings<string[]>;

export function emptyCjk(): CjkPostings {
  return { keys: new Uint32Array(0), offsets: new Uint32Array(1), last: new Int32Array(0), blob: new Uint8Array(0) };
}

export function emptyTerms(): TermPostings {
  return { keys: [], offsets: new Uint32Array(1), last: new Int32Array(0), blob: new Uint8Array(0) };
}

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

/** The bytes of key `i` of a frozen part. */
export function frozenBytes<K>(part: FrozenPostings<K>, i: number): Uint8Array {
  return part.blob.subarray(part.offsets[i]!, part.offsets[i + 1]!);
}

/**
 * A new frozen part holding `base` and then `delta` (whose documents all come after base's);
 * awaits `pause` now and then so a long merge leaves the event loop free.
 */
export async function mergePostings<T extends number | string>(
  baseKeys: ArrayLike<T>,
  base: FrozenPostings<unknown>,
  delta: Map<T, PostingBuilder>,
  pause: () => Promise<void> | null,
): Promise<{ keys: T[]; offsets: Uint32Array; last: Int32Array; blob: Uint8Array }> {
  const deltaKeys = [...delta.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let size = base.blob.length;
  for (const b of delta.values()) size += b.length + 5;
  const blob = new Uint8Array(size);
  const keys: T[] = [];
  const offsets: number[] = [0];
  const last: number[] = [];
  let pos = 0;
  let i = 0;
  let j = 0;
  // When to ask `pause`: every 256 keys, or sooner after a megabyte of postings. A few thousand
  // keys of a small vocabulary each carry postings for most of 100k documents, and 256 of those
  // were 30 MB of copying between two checks (a 100-160 ms stall at 100k articles).
  let checkedAt = 0;
  while (i < baseKeys.length || j < deltaKeys.length) {
    if ((keys.length & 255) === 0 || pos - checkedAt > 1 << 20) {
      checkedAt = pos;
      const wait = pause();
      if (wait) await wait;
    }
    const bk = i < baseKeys.length ? baseKeys[i]! : undefined;
    const dk = j < deltaKeys.length ? deltaKeys[j]! : undefined;
    let key: T;
    let lastDoc = -1;
    if (dk === undefined || (bk !== undefined && bk < dk)) {
      key = bk!;
    } else {
      key = dk;
    }
    if (bk !== undefined && bk === key) {
      const start = base.offsets[i]!;
      const end = base.offsets[i + 1]!;
      blob.set(base.blob.subarray(start, end), pos);
      pos += end - start;
      lastDoc = base.last[i]!;
      i++;
    }
    if (dk !== undefined && dk === key) {
      const builder = delta.get(dk)!;
      const bytes = builder.bytes;
      // The first entry was written relative to -1; rewrite it relative to the base's last.
      let k = 0;
      while (bytes[k]! & 0x80) k++;
      k++;
      pos = writeVarint(blob, pos, builder.first - lastDoc - 1);
      blob.set(bytes.subarray(k, builder.length), pos);
      pos += builder.length - k;
      lastDoc = builder.last;
      j++;
    }
    keys.push(key);
    offsets.push(pos);
    last.push(lastDoc);
  }
  return { keys, offsets: Uint32Array.from(offsets), last: Int32Array.from(last), blob: blob.subarray(0, pos) };
}
