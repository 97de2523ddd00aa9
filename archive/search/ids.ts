/**
 * A segment's article ids, compact: their UTF-8 bytes as read from the segment (one per line),
 * where each starts, and an open-addressing table from id to number. A million ids held as
 * strings in an array and a Map took about 80 MB; this takes about 25.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** What the index asks of a list of ids: MemoryPart's array and a segment's IdList both answer it. */
export interface IdLookup {
  get(id: string): number | undefined;
  has(id: string): boolean;
}

const EMPTY = -1;

export class IdList implements IdLookup {
  readonly #bytes: Buffer;
  /** Where id n starts; `starts[length]` is one past the last byte plus one. */
  readonly #starts: Uint32Array;
  /** Document numbers by hash of their id (EMPTY where none), size a power of two. */
  readonly #slots: Int32Array;
  readonly length: number;

  private constructor(bytes: Buffer, starts: Uint32Array, slots: Int32Array) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.#slots = slots;
    this.length = starts.length - 1;
  }

  /** Reads the ids of a segment's `ids` section, yielding to the event loop every 64k of them. */
  static async read(bytes: Uint8Array): Promise<IdList> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const starts = lineStarts(bytes);
    const count = starts.length - 1;
    let size = 16;
    while (size < count * 2) size *= 2;
    const list = new IdList(buffer, starts, new Int32Array(size).fill(EMPTY));
    for (let n = 0; n < count; n++) {
      list.#place(n);
      if ((n & 0xffff) === 0xffff) await yieldToLoop();
    }
    return list;
  }

  #place(n: number): void {
    const slots = this.#slots;
    const mask = slots.length - 1;
    const from = this.#starts[n]!;
    const to = this.#starts[n + 1]! - 1;
    let slot = hashBytes(this.#bytes, from, to) & mask;
    // The last document of an id wins (as a Map filled in order would have it).
    while (slots[slot] !== EMPTY && !this.#sameAt(slots[slot]!, this.#bytes, from, to)) slot = (slot + 1) & mask;
    slots[slot] = n;
  }

  /** Id n. */
  at(n: number): string {
    return this.#bytes.toString('utf8', this.#starts[n]!, this.#starts[n + 1]! - 1);
  }

  /** The number of `id` (the last, where it is there twice), or undefined. */
  get(id: string): number | undefined {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      // Ids are ASCII; any other is looked up by its UTF-8 bytes.
      if (c >= 0x80) return this.#getBytes(Buffer.from(id, 'utf8'));
      h = Math.imul(h ^ c, 0x01000193);
    }
    const mask = this.#slots.length - 1;
    const bytes = this.#bytes;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const n = this.#slots[slot]!;
      if (n === EMPTY) return undefined;
      const start = this.#starts[n]!;
      if (this.#starts[n + 1]! - 1 - start !== id.length) continue;
      let same = true;
      for (let i = 0; i < id.length && same; i++) same = bytes[start + i] === id.charCodeAt(i);
      if (same) return n;
    }
  }

  #getBytes(key: Uint8Array): number | undefined {
    const mask = this.#slots.length - 1;
    for (let slot = hashBytes(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      const n = this.#slots[slot]!;
      if (n === EMPTY) return undefined;
      if (this.#sameAt(n, key, 0, key.length)) return n;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** True when id n's bytes equal `other[from..to)`. */
  #sameAt(n: number, other: Uint8Array, from: number, to: number): boolean {
    const start = this.#starts[n]!;
    const end = this.#starts[n + 1]! - 1;
    if (end - start !== to - from) return false;
    const bytes = this.#bytes;
    for (let i = 0; i < to - from; i++) if (bytes[start + i] !== other[from + i]) return false;
    return true;
  }
}

/** FNV-1a of `bytes[from..to)`. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Where each line of `bytes` starts, and one entry more: one past the end plus one (so line i
 * is `[starts[i], starts[i + 1] - 1)`). No lines in no bytes.
 */
export function lineStarts(bytes: Uint8Array): Uint32Array {
  let count = bytes.length === 0 ? 0 : 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) count++;
  const starts = new Uint32Array(count + 1);
  let n = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts[n++] = i + 1;
  starts[count] = bytes.length + 1;
  return starts;
}
