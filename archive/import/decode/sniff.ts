/**
 * Guessing the charset of bytes that do not say: decode a sample with each candidate and score
 * how plausible the result is as text of that candidate's script (frequent characters score,
 * rare ones barely, replacement characters cost). A wrong legacy decode turns bytes into rare
 * characters or broken sequences, so the right charset stands out by a wide margin.
 */
import iconv from 'iconv-lite';
import { COMMON_HANGUL, COMMON_HANZI } from './common-chars.ts';
import { charset, type Charset } from './labels.ts';

/** Candidates in order of preference when scores tie. */
const CANDIDATES = [
  'gbk', 'big5', 'shift_jis', 'euc-kr', 'euc-jp',
  'windows-1252', 'windows-1250', 'windows-1251', 'koi8-r', 'windows-1253', 'windows-1255', 'windows-1256',
] as const;

/** How much of a file the guess looks at. */
const SAMPLE_BYTES = 128 * 1024;

type Script = 'chinese' | 'japanese' | 'korean' | 'western' | 'central' | 'cyrillic' | 'greek' | 'hebrew' | 'arabic';

const SCRIPT_OF: Record<(typeof CANDIDATES)[number], Script> = {
  gbk: 'chinese', big5: 'chinese', shift_jis: 'japanese', 'euc-jp': 'japanese', 'euc-kr': 'korean',
  'windows-1252': 'western', 'windows-1250': 'central', 'windows-1251': 'cyrillic', 'koi8-r': 'cyrillic',
  'windows-1253': 'greek', 'windows-1255': 'hebrew', 'windows-1256': 'arabic',
};

const WESTERN_LETTERS = new Set('àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÄÅÇÈÉÊËÎÏÑÓÔÖØÙÚÛÜŒœ');
const CENTRAL_LETTERS = new Set('ąćčďęěłńňőřśšťůűźżžĄĆČĎĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽáéíóúýäöüôÁÉÍÓÚÝÄÖÜÔ');
const TYPOGRAPHY = new Set('\u00a0’‘“”–—…€•«»°©®·¡¿§');

export interface SniffResult {
  charset: Charset;
  /** 0..1: the share of non-ASCII characters that look like real text in that charset. */
  score: number;
}

/** Ranks the candidate charsets for `bytes`, best first. */
export function sniffCharset(bytes: Uint8Array): SniffResult[] {
  const sample = bytes.length > SAMPLE_BYTES ? bytes.subarray(0, SAMPLE_BYTES) : bytes;
  const results = CANDIDATES.map((name) => ({ charset: charset(name), score: scoreAs(sample, name) }));
  // Stable sort keeps the preference order among equal scores.
  return results.sort((a, b) => b.score - a.score);
}

/** How plausible `bytes` are as text in charset `name` (see `sniffCharset`). */
export function scoreAs(bytes: Uint8Array, name: string): number {
  const cs = charset(name);
  const script = SCRIPT_OF[name as keyof typeof SCRIPT_OF];
  if (!script) return 0;
  const sample = bytes.length > SAMPLE_BYTES ? bytes.subarray(0, SAMPLE_BYTES) : bytes;
  const text = iconv.decode(sample, cs.codec);
  const singleByte = cs.family === 'single-byte';
  let plausible = 0;
  let total = 0;
  let run: number[] = [];
  let runText = '';
  let touchesLatin = false;
  const flush = (): void => {
    plausible += run.reduce((sum, w) => sum + w, 0) * (singleByte ? runFactor(script, runText, touchesLatin) : 1);
    run = [];
    runText = '';
    touchesLatin = false;
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      const latin = (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
      if (run.length) {
        touchesLatin ||= latin;
        flush();
      }
      touchesLatin = latin;
      continue;
    }
    if (cp === 0xfffd) {
      // A broken or unmapped sequence: strong evidence against this charset.
      total++;
      plausible -= 2;
      continue;
    }
    total++;
    run.push(weight(script, ch, cp));
    runText += ch;
  }
  flush();
  return total === 0 ? 0 : plausible / total;
}

/**
 * How believable a run of non-ASCII characters is as a word of a single-byte script: runs of
 * accented Latin letters, 20-letter words, Cyrillic glued to Latin letters and words of mixed
 * case are what a CJK page (or a Western one) looks like through the wrong single-byte charset.
 */
function runFactor(script: Script, run: string, touchesLatin: boolean): number {
  if (script === 'western' || script === 'central') return run.length > 2 ? 0.2 : 1;
  if (run.length > 20 || touchesLatin) return 0.1;
  if (script === 'cyrillic' || script === 'greek') {
    const body = run.slice(1);
    const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
    if (mixed) return 0.1;
  }
  return 1;
}

const isCjkPunctuation = (cp: number): boolean =>
  (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0x2018 && cp <= 0x201d) || cp === 0x2026 || cp === 0xb7;
const isIdeograph = (cp: number): boolean => cp >= 0x4e00 && cp <= 0x9fff;

function weight(script: Script, ch: string, cp: number): number {
  switch (script) {
    case 'chinese':
      if (COMMON_HANZI.has(ch) || isCjkPunctuation(cp)) return 1;
      return isIdeograph(cp) ? 0.05 : 0;
    case 'japanese':
      if ((cp >= 0x3041 && cp <= 0x30ff) || isCjkPunctuation(cp)) return 1;
      if (COMMON_HANZI.has(ch)) return 0.8;
      if (isIdeograph(cp)) return 0.15;
      return cp >= 0xff61 && cp <= 0xff9f ? 0.05 : 0;
    case 'korean':
      if (COMMON_HANGUL.has(ch) || isCjkPunctuation(cp)) return 1;
      return cp >= 0xac00 && cp <= 0xd7a3 ? 0.2 : 0;
    case 'western':
      if (WESTERN_LETTERS.has(ch) || TYPOGRAPHY.has(ch)) return 1;
      return cp >= 0xc0 && cp <= 0x17f ? 0.3 : 0;
    case 'central':
      if (CENTRAL_LETTERS.has(ch) || TYPOGRAPHY.has(ch)) return 1;
      return cp >= 0xc0 && cp <= 0x17f ? 0.3 : 0;
    case 'cyrillic':
      if ((cp >= 0x430 && cp <= 0x44f) || cp === 0x451 || cp === 0x456 || cp === 0x457 || cp === 0x454) return 1;
      if (cp >= 0x400 && cp <= 0x42f) return 0.3;
      return TYPOGRAPHY.has(ch) ? 1 : 0;
    case 'greek':
      if (cp >= 0x3ac && cp <= 0x3ce) return 1;
      if (cp >= 0x386 && cp <= 0x3ab) return 0.3;
      return TYPOGRAPHY.has(ch) ? 1 : 0;
    case 'hebrew':
      return (cp >= 0x5d0 && cp <= 0x5ea) || TYPOGRAPHY.has(ch) ? 1 : 0;
    case 'arabic':
      return (cp >= 0x621 && cp <= 0x64a) || cp === 0x60c || TYPOGRAPHY.has(ch) ? 1 : 0;
  }
}
