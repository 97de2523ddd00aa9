/**
 * The best matches without scoring every one in full. A match's score is its base (density and
 * recency, from arrays in memory, below TITLE_BOOST) plus TITLE_BOOST when its title holds every
 * part of the query, which takes reading its title. Every title hit outranks every other match,
 * so titles are checked in order of base, best first, and only until enough hits are found: a
 * match not checked has a base no higher than the last hit's, so it cannot rank above any hit.
 * Only when hits are too few are every match's titles read (what ranking always did before).
 */
import { topByScore } from './build.ts';
import { NO_LEASE, type Allocator } from './lease.ts';

/** What a title hit adds to a score: more than any base. */
export const TITLE_BOOST = 4;

/** Past this many matches read in order of base, the titles are read in one pass instead. */
const ROUNDS_UP_TO = 16384;

export class Ranking {
  readonly #base: Float64Array;
  readonly #inTitle: ((k: number) => boolean) | null;
  /** By match: 0 title not read yet, 1 a hit, 2 not. */
  #title: Uint8Array | null = null;
  readonly #alloc: Allocator;

  /** `base` by match (below TITLE_BOOST); `inTitle(k)` reads match k's title (null: no title boost for this query). */
  constructor(base: Float64Array, inTitle: ((k: number) => boolean) | null, alloc: Allocator = NO_LEASE) {
    this.#base = base;
    this.#inTitle = inTitle;
    this.#alloc = alloc;
  }

  get size(): number {
    return this.#base.length;
  }

  #hit(k: number): boolean {
    if (!this.#inTitle) return false;
    this.#title ??= this.#alloc.uint8(this.#base.length);
    let t = this.#title[k]!;
    if (t === 0) {
      t = this.#inTitle(k) ? 1 : 2;
      this.#title[k] = t;
    }
    return t === 1;
  }

  /** Match k's full score (its title read if it was not). */
  score(k: number): number {
    return this.#base[k]! + (this.#hit(k) ? TITLE_BOOST : 0);
  }

  /**
   * The `count` best matches, best first (ties in match order): the same order a full scoring
   * and sort would give, so a larger `count` extends it.
   */
  top(count: number): Int32Array {
    const base = this.#base;
    const m = base.length;
    const want = Math.min(count, m);
    if (!this.#inTitle) return topByScore(base, want).subarray(0, want);
    // Titles read in order of base while hits are common among the best.
    for (let c = Math.min(m, want * 2 + 16); c <= ROUNDS_UP_TO && c < m; c *= 4) {
      const byBase = topByScore(base, c);
      const hits: number[] = [];
      for (let i = 0; i < byBase.length && hits.length < want; i++) if (this.#hit(byBase[i]!)) hits.push(byBase[i]!);
      if (hits.length >= want) return Int32Array.from(hits);
    }
    // Hits are rare: every title that may hold the query is read (inTitle rules most out by signature).
    const hits: number[] = [];
    for (let k = 0; k < m; k++) if (this.#hit(k)) hits.push(k);
    hits.sort((a, b) => base[b]! - base[a]! || a - b);
    const out = new Int32Array(want);
    let n = 0;
    for (let i = 0; i < hits.length && n < want; i++) out[n++] = hits[i]!;
    if (n < want) {
      const byBase = topByScore(base, Math.min(m, want + hits.length));
      for (let i = 0; i < byBase.length && n < want; i++) if (!this.#hit(byBase[i]!)) out[n++] = byBase[i]!;
    }
    return out;
  }
}
