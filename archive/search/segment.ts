/** Looking keys up in a segment's sorted dictionary. */

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
