/**
 * Inline pinyin annotations: pages copied through some converters carry a reading after each
 * polyphonic character, `網(wǎng)`, `戰(zhàn)`. We take them out of the text and keep them as ruby.
 * Only ONE Han character followed by ONE toned pinyin syllable counts; a gloss of a whole word,
 * `太极拳(tàijíquán)`, and every other parenthesis, `(WTO)`, `(2020)`, stays.
 */

/** One annotation found in a string: `offset` is the UTF-16 offset of `base` in the cleaned string. */
export interface PinyinMark {
  offset: number;
  base: string;
  text: string;
}

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const TONELESS = 'aaaaeeeeiiiioooouuuuüüüünnnm';
const HAN = '\\p{Script=Han}';
/** A Han character, then a parenthesis (ASCII or full-width) holding one lower-case syllable with a tone mark. */
const ANNOTATION = new RegExp(`(${HAN})[(（]([a-zü${TONED}]{1,7})[)）]`, 'gu');
const SYLLABLE =
  /^(?:(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?(?:i(?:a(?:o|ng?)?|e|u|o|ong|ng?)?|u(?:a(?:i|ng?)?|e|i|o|n)?|ü(?:e|n)?|a(?:i|o|ng?)?|e(?:i|ng?|r)?|o(?:u|ng)?)|m|n|ng|hm|hng)$/;

function isToned(syllable: string): boolean {
  for (const ch of syllable) if (TONED.includes(ch)) return true;
  return false;
}

function stripTones(syllable: string): string {
  let out = '';
  for (const ch of syllable) {
    const i = TONED.indexOf(ch);
    out += i >= 0 ? TONELESS[i] : ch;
  }
  return out;
}

/** True when `reading` is one pinyin syllable carrying a tone mark (`wǎng`, `zhàn`, `lǜ`). */
export function isTonedSyllable(reading: string): boolean {
  return isToned(reading) && SYLLABLE.test(stripTones(reading));
}

/** How many per-character annotations `text` holds; callers strip them only when they repeat. */
export function countPinyinAnnotations(text: string): number {
  let n = 0;
  for (const m of text.matchAll(ANNOTATION)) if (isTonedSyllable(m[2]!)) n++;
  return n;
}

/** Removes per-character annotations from `text`, returning the clean string and where each was. */
export function stripPinyinAnnotations(text: string): { text: string; marks: PinyinMark[] } {
  const marks: PinyinMark[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ANNOTATION)) {
    const base = m[1]!;
    const reading = m[2]!;
    if (!isTonedSyllable(reading)) continue;
    out += text.slice(last, m.index);
    marks.push({ offset: out.length, base, text: reading });
    out += base;
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { text: out, marks };
}
