/**
 * Where each part of a converted text came from. A conversion pass records pieces in order
 * (`n` input units became `m` output units); positions then map from input to output, exactly
 * where a piece keeps its length and proportionally inside a phrase whose length changed.
 */

/** A monotone map from positions (UTF-16 offsets) in one text to positions in another. */
export interface OffsetMap {
  /** The output position of input position `offset` (0..input length). */
  map(offset: number): number;
}

/** Records the pieces of one pass. */
export class AlignmentBuilder {
  readonly #src: number[] = [0];
  readonly #out: number[] = [0];
  #srcEnd = 0;
  #outEnd = 0;
  #lastSame = false;

  /** `n` units copied unchanged (merged with a preceding unchanged piece). */
  same(n: number): void {
    if (n <= 0) return;
    this.#srcEnd += n;
    this.#outEnd += n;
    if (this.#lastSame) {
      this.#src[this.#src.length - 1] = this.#srcEnd;
      this.#out[this.#out.length - 1] = this.#outEnd;
    } else {
      this.#src.push(this.#srcEnd);
      this.#out.push(this.#outEnd);
    }
    this.#lastSame = true;
  }

  /** `n` input units replaced by `m` output units. */
  piece(n: number, m: number): void {
    if (n === m) {
      this.same(n);
      return;
    }
    this.#srcEnd += n;
    this.#outEnd += m;
    this.#src.push(this.#srcEnd);
    this.#out.push(this.#outEnd);
    this.#lastSame = false;
  }

  build(): OffsetMap {
    return new PieceMap(Int32Array.from(this.#src), Int32Array.from(this.#out));
  }
}

/** Pieces as cumulative boundaries: piece k covers `src[k]..src[k+1]` → `out[k]..out[k+1]`. */
class PieceMap implements OffsetMap {
  constructor(
    readonly src: Int32Array,
    readonly out: Int32Array,
  ) {}

  map(offset: number): number {
    const { src, out } = this;
    const last = src.length - 1;
    if (offset >= src[last]!) return out[last]! + (offset - src[last]!);
    if (offset <= 0) return 0;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (src[mid]! <= offset) lo = mid;
      else hi = mid;
    }
    const srcLen = src[lo + 1]! - src[lo]!;
    const outLen = out[lo + 1]! - out[lo]!;
    const inside = offset - src[lo]!;
    if (srcLen === outLen) return out[lo]! + inside;
    if (outLen === 0) return out[lo]!;
    return out[lo]! + Math.min(outLen - 1, Math.floor((inside * outLen) / srcLen));
  }
}

/** The identity map, for texts a conversion left alone. */
export const IDENTITY_MAP: OffsetMap = { map: (offset) => offset };

/** Applies maps one after the other (the output of one pass is the input of the next). */
export function composeMaps(maps: readonly OffsetMap[]): OffsetMap {
  if (maps.length === 0) return IDENTITY_MAP;
  if (maps.length === 1) return maps[0]!;
  return { map: (offset) => maps.reduce((p, m) => m.map(p), offset) };
}
