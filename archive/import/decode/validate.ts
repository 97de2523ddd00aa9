/**
 * Byte-level checks of multibyte structure: how many sequences are broken and where the first
 * one is, so a warning can name the byte offset and sniffing can rule out impossible charsets.
 */
import type { Charset } from './labels.ts';

export interface ByteScan {
  /** Broken sequences (each is one U+FFFD in the decode). */
  invalid: number;
  /** Byte offset of the first broken sequence, -1 when none. */
  firstInvalid: number;
  /** Well-formed multibyte sequences (non-ASCII characters). */
  multibyte: number;
}

const inRange = (b: number | undefined, lo: number, hi: number): boolean => b !== undefined && b >= lo && b <= hi;

/** Scans `bytes` as the given charset family; single-byte charsets never have broken sequences. */
export function scanBytes(bytes: Uint8Array, family: Charset['family']): ByteScan {
  switch (family) {
    case 'utf-8':
      return scanUtf8(bytes);
    case 'gb18030':
      return scanDoubleByte(bytes, gb18030Length);
    case 'big5':
      return scanDoubleByte(bytes, big5Length);
    case 'shift_jis':
      return scanDoubleByte(bytes, shiftJisLength);
    case 'euc-kr':
      return scanDoubleByte(bytes, eucKrLength);
    case 'euc-jp':
      return scanDoubleByte(bytes, eucJpLength);
    case 'utf-16le':
    case 'utf-16be':
      return bytes.length % 2
        ? { invalid: 1, firstInvalid: bytes.length - 1, multibyte: bytes.length >> 1 }
        : { invalid: 0, firstInvalid: -1, multibyte: bytes.length >> 1 };
    default:
      return { invalid: 0, firstInvalid: -1, multibyte: 0 };
  }
}

/** UTF-8 by the Unicode well-formedness table (no overlongs, surrogates or > U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): ByteScan {
  let invalid = 0;
  let firstInvalid = -1;
  let multibyte = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && inRange(bytes[i + 1], lo, hi);
    for (let k = 2; ok && k <= need; k++) ok = inRange(bytes[i + k], 0x80, 0xbf);
    if (ok) {
      multibyte++;
      i += need + 1;
    } else {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      i++;
      // Skip the continuation bytes of this broken sequence: they are one U+FFFD, not several.
      while (i < n && bytes[i]! >= 0x80 && bytes[i]! <= 0xbf) i++;
    }
  }
  return { invalid, firstInvalid, multibyte };
}

/** Length of the sequence starting at `i`: 1 for ASCII, 2 or 4 for multibyte, 0 when broken. */
type SequenceLength = (bytes: Uint8Array, i: number) => number;

function scanDoubleByte(bytes: Uint8Array, lengthAt: SequenceLength): ByteScan {
  let invalid = 0;
  let firstInvalid = -1;
  let multibyte = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const len = lengthAt(bytes, i);
    if (len === 0) {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    } else {
      if (len > 1) multibyte++;
      i += len;
    }
  }
  return { invalid, firstInvalid, multibyte };
}

const gb18030Length: SequenceLength = (bytes, i) => {
  const b = bytes[i]!;
  if (b === 0x80) return 1;
  if (b === 0xff) return 0;
  const b2 = bytes[i + 1];
  if (inRange(b2, 0x30, 0x39)) return inRange(bytes[i + 2], 0x81, 0xfe) && inRange(bytes[i + 3], 0x30, 0x39) ? 4 : 0;
  return inRange(b2, 0x40, 0x7e) || inRange(b2, 0x80, 0xfe) ? 2 : 0;
};

const big5Length: SequenceLength = (bytes, i) => {
  const b = bytes[i]!;
  if (b < 0x81 || b > 0xfe) return 0;
  const b2 = bytes[i + 1];
  return inRange(b2, 0x40, 0x7e) || inRange(b2, 0xa1, 0xfe) ? 2 : 0;
};

const shiftJisLength: SequenceLength = (bytes, i) => {
  const b = bytes[i]!;
  if (b === 0x80 || (b >= 0xa1 && b <= 0xdf)) return 1;
  if (!((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc))) return 0;
  const b2 = bytes[i + 1];
  return inRange(b2, 0x40, 0x7e) || inRange(b2, 0x80, 0xfc) ? 2 : 0;
};

const eucKrLength: SequenceLength = (bytes, i) => {
  const b = bytes[i]!;
  if (b < 0x81 || b > 0xfe) return 0;
  const b2 = bytes[i + 1];
  return inRange(b2, 0x41, 0x5a) || inRange(b2, 0x61, 0x7a) || inRange(b2, 0x81, 0xfe) ? 2 : 0;
};

const eucJpLength: SequenceLength = (bytes, i) => {
  const b = bytes[i]!;
  if (b === 0x8e) return inRange(bytes[i + 1], 0xa1, 0xdf) ? 2 : 0;
  if (b === 0x8f) return inRange(bytes[i + 1], 0xa1, 0xfe) && inRange(bytes[i + 2], 0xa1, 0xfe) ? 3 : 0;
  if (b < 0xa1 || b > 0xfe) return 0;
  return inRange(bytes[i + 1], 0xa1, 0xfe) ? 2 : 0;
};
