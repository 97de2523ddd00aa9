/**
 * Chinese text as a book sets it, computed on strings only (the window and the exports apply the
 * results to their own trees): half-width marks between Han characters shown full-width, short
 * digit runs set upright in vertical text, and the Han/Latin seams that get a quarter-em. Stored
 * text never changes: these are display decisions, made again every time the text is shown.
 */

/** The half-width marks a saved page often types between Han characters, and the forms a Chinese page uses. */
export const FULL_WIDTH_OF: Readonly<Record<string, string>> = {
  ',': '，',
  '.': '。',
  ':': '：',
  ';': '；',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};

/** A Han character (ideographs of every block, and 〇). */
const HAN = /[\p{Script=Han}〇]/u;
/** Han, or Chinese punctuation and quotation marks: text that sets as CJK around a mark. */
const CJK_SIDE = /[\p{Script=Han}〇\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2014\u2026]/u;

const isHan = (c: string | undefined): boolean => c !== undefined && HAN.test(c);
const isCjkSide = (c: string | undefined): boolean => c !== undefined && CJK_SIDE.test(c);

/** One half-width mark to show full-width: its UTF-16 offset and the form to show. */
export interface PunctuationSpot {
  index: number;
  mark: string;
  full: string;
}

/**
 * The marks of `text` to show full-width. `before` and `after` are the text around it (the end
 * of the previous text node, the start of the next), so a mark at a node's edge is judged as the
 * reader sees it. A mark counts as between Han characters when the character before is Han (or
 * Chinese punctuation, for `,;:?!`) and the one after is Han or Chinese punctuation (or, after
 * Han, a number: `人次;12月`); `.`, `?`, `!` and `)` also at the end of the text. A mark is judged
 * beside its neighbours as shown, so `),` after a full-width `）` turns too. Numbers (`35.78`),
 * URLs, Latin runs and `(WTO)` keep their marks, because a digit or a Latin letter stands before.
 */
export function punctuationSpots(text: string, before = '', after = ''): PunctuationSpot[] {
  const spots: PunctuationSpot[] = [];
  let openConverted = 0;
  let lastShown = -1;
  for (let i = 0; i < text.length; i++) {
    const mark = text[i]!;
    const full = FULL_WIDTH_OF[mark];
    if (!full) continue;
    const prev = i > 0 ? (lastShown === i - 1 ? FULL_WIDTH_OF[text[i - 1]!] : text[i - 1]) : before.slice(-1) || undefined;
    const next = i + 1 < text.length ? text[i + 1] : after.slice(0, 1) || undefined;
    let shown: boolean;
    switch (mark) {
      case '(':
        shown = isCjkSide(prev) && isHan(next);
        if (shown) openConverted++;
        break;
      case ')':
        // The close of a parenthesis opened full-width, or one that sits between Han characters.
        shown = openConverted > 0 || (isHan(prev) && (next === undefined || isCjkSide(next)));
        if (shown && openConverted > 0) openConverted--;
        break;
      case '.':
        shown = isHan(prev) && (next === undefined || isCjkSide(next)) && next !== '.';
        break;
      case '?':
      case '!':
        shown = isCjkSide(prev) && prev !== mark && (next === undefined || isCjkSide(next));
        break;
      default:
        shown = isCjkSide(prev) && (isCjkSide(next) || (isHan(prev) && next !== undefined && /[0-9]/.test(next)));
    }
    if (shown) {
      spots.push({ index: i, mark, full });
      lastShown = i;
    }
  }
  return spots;
}

/** `text` with its half-width marks between Han characters shown full-width (exports print this). */
export function displayPunctuation(text: string, before = '', after = ''): string {
  const spots = punctuationSpots(text, before, after);
  if (spots.length === 0) return text;
  const chars = text.split('');
  for (const spot of spots) chars[spot.index] = spot.full;
  return chars.join('');
}

/** A run of text: start offset and length. */
export interface TextRun {
  start: number;
  length: number;
}

/**
 * Runs of one or two ASCII digits that stand alone among Chinese text (`第7屆`, `12月`), which a
 * vertical column sets upright in one em (`text-combine-upright`); longer numbers (`2018`, `35.78`)
 * stay sideways, as Chinese vertical print sets them.
 */
export function uprightDigitRuns(text: string, before = '', after = ''): TextRun[] {
  const runs: TextRun[] = [];
  const pattern = /[0-9]{1,2}/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const prev = start > 0 ? text[start - 1] : before.slice(-1) || undefined;
    const next = end < text.length ? text[end] : after.slice(0, 1) || undefined;
    // A digit, a Latin letter or a decimal point on either side makes it part of something longer.
    const joined = (c: string | undefined, side: 'prev' | 'next'): boolean =>
      c !== undefined && (/[0-9A-Za-z\uff10-\uff19]/.test(c) || (/[.,:/%]/.test(c) && /[0-9]/.test((side === 'prev' ? text[start - 2] : text[end + 1]) ?? '')));
    if (joined(prev, 'prev') || joined(next, 'next')) continue;
    if (!isCjkSide(prev) && !isCjkSide(next)) continue;
    runs.push({ start, length: end - start });
  }
  return runs;
}

/**
 * Runs of Latin letters and digits that touch a Han character on either side (`投入資金35.78億元`
 * has one: `35.78`), with the sides that touch, for the quarter-em that separates the scripts
 * where the engine has no `text-autospace`. No character is inserted: the caller sets a margin.
 */
export function autospaceRuns(text: string, before = '', after = ''): (TextRun & { hanBefore: boolean; hanAfter: boolean })[] {
  const runs: (TextRun & { hanBefore: boolean; hanAfter: boolean })[] = [];
  const pattern = /[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f.,:/%'’_-]*[A-Za-z0-9\u00c0-\u024f%])?/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const hanBefore = isHan(start > 0 ? text[start - 1] : before.slice(-1) || undefined);
    const hanAfter = isHan(end < text.length ? text[end] : after.slice(0, 1) || undefined);
    if (hanBefore || hanAfter) runs.push({ start, length: end - start, hanBefore, hanAfter });
  }
  return runs;
}
