/**
 * Large typed arrays a query borrows and gives back once it is answered. At a million articles
 * one query decodes lists of most of them: arrays of megabytes, allocated anew each time, pushed
 * V8 into full collections of the whole heap every few queries (half a second each with a
 * million records in memory). Buffers given back are kept, up to POOL_BYTES, for the next query.
 */

/** Below this many bytes an array is allocated as usual. */
const SMALL = 1 << 16;
/** Bytes of free buffers kept between queries. */
const POOL_BYTES = 32 << 20;

const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;

function sizeClass(bytes: number): number {
  let size = SMALL;
  while (size < bytes) size *= 2;
  return size;
}

/** What one query borrowed; `release` gives it all back (nothing of it may be used after). */
export class Lease {
  #taken: ArrayBuffer[] = [];

  #buffer(bytes: number): ArrayBuffer {
    const size = sizeClass(bytes);
    const buffer = free.get(size)?.pop();
    if (buffer) freeBytes -= size;
    const out = buffer ?? new ArrayBuffer(size);
    this.#taken.push(out);
    return out;
  }

  /** An Int32Array of `n` (not cleared). */
  int32(n: number): Int32Array {
    return n * 4 < SMALL ? new Int32Array(n) : new Int32Array(this.#buffer(n * 4), 0, n);
  }

  /** A Float64Array of `n` (not cleared). */
  float64(n: number): Float64Array {
    return n * 8 < SMALL ? new Float64Array(n) : new Float64Array(this.#buffer(n * 8), 0, n);
  }

  /** A Uint8Array of `n`, cleared. */
  uint8(n: number): Uint8Array {
    return n < SMALL ? new Uint8Array(n) : new Uint8Array(this.#buffer(n), 0, n).fill(0);
  }

  release(): void {
    for (const buffer of this.#taken) {
      if (freeBytes + buffer.byteLength > POOL_BYTES) continue;
      const list = free.get(buffer.byteLength);
      if (list) list.push(buffer);
      else free.set(buffer.byteLength, [buffer]);
      freeBytes += buffer.byteLength;
    }
    this.#taken = [];
  }
}

/** Allocates as usual: for callers that keep what they get. */
export const NO_LEASE = {
  int32: (n: number) => new Int32Array(n),
  float64: (n: number) => new Float64Array(n),
  uint8: (n: number) => new Uint8Array(n),
};

export type Allocator = Pick<Lease, 'int32' | 'float64' | 'uint8'>;
