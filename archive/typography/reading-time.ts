/**
 * How long an article takes to read: Chinese, Japanese and Korean text is counted in characters
 * (about 400 a minute), everything else in words (about 230 a minute), and a text that mixes them
 * takes the sum. Pure, so the window's article header and any export can show the same figure.
 */

/** Characters of CJK text read in a minute. */
export const CJK_CHARS_PER_MINUTE = 400;
/** Words of alphabetic text read in a minute. */
export const WORDS_PER_MINUTE = 230;

/** Han (with extensions and compatibility forms), kana and hangul: each character is one unit read. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/** A word of the rest: letters or digits, with inner apostrophes and hyphens (don't, well-known). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export interface ReadingTime {
  /** Whole minutes, rounded up; 0 only for a text with nothing to read. */
  minutes: number;
  cjkChars: number;
  words: number;
}

/** The reading time of `paragraphs` (an article's plain text, one string per paragraph). */
export function readingTime(paragraphs: readonly string[]): ReadingTime {
  let cjkChars = 0;
  let words = 0;
  for (const paragraph of paragraphs) {
    cjkChars += paragraph.match(CJK_CHAR)?.length ?? 0;
    // The CJK characters are counted already: what is left between them is read in words.
    words += paragraph.replace(CJK_CHAR, ' ').match(WORD)?.length ?? 0;
  }
  const exact = cjkChars / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE;
  return { minutes: exact === 0 ? 0 : Math.max(1, Math.ceil(exact)), cjkChars, words };
}
