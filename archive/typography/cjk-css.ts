/**
 * Chinese set as a book sets it, in CSS shared by the reader's frame and every export (HTML, PDF,
 * EPUB): faces per script (sans 黑體 or serif 宋體/明體, the system's own first and Noto CJK as
 * the shipped fallback), strict line breaking, compressed punctuation pairs, a quarter-em between
 * Han and Latin, inter-character justification and vertical columns (直排). The choices are
 * attributes of the document's root, so one stylesheet serves every combination:
 * `data-cjk-face="sans|serif"`, `data-justify="on|off"`, `data-writing="horizontal|vertical"`,
 * and `data-autospace="fallback"` where the engine lacks `text-autospace` (see autospaceRuns).
 */

/** The reader's typographic choices, as exports and the frame take them. */
export interface TypographyChoice {
  cjkPunctuation: boolean;
  justify: boolean;
  fontFamily: 'sans' | 'serif';
  writingMode: 'horizontal' | 'vertical';
}

type Face = TypographyChoice['fontFamily'];
type Region = 'hans' | 'hant' | 'hk';

/** Font stacks by face and script: the system's faces first, then Noto CJK (fonts-noto-cjk on Debian). */
export const CJK_FONT_STACKS: Record<Face, Record<Region, string>> = {
  sans: {
    hans: '"PingFang SC", "Microsoft YaHei", "Source Han Sans SC", "Noto Sans CJK SC", sans-serif',
    hant: '"PingFang TC", "Microsoft JhengHei", "Source Han Sans TC", "Noto Sans CJK TC", sans-serif',
    hk: '"PingFang HK", "Microsoft JhengHei", "Source Han Sans HC", "Noto Sans CJK HK", "Noto Sans CJK TC", sans-serif',
  },
  serif: {
    hans: '"Songti SC", "STSong", "SimSun", "Source Han Serif SC", "Noto Serif CJK SC", serif',
    hant: '"Songti TC", "PMingLiU", "MingLiU", "Source Han Serif TC", "Noto Serif CJK TC", serif',
    hk: '"Songti TC", "MingLiU_HKSCS", "PMingLiU", "Source Han Serif HC", "Noto Serif CJK HK", "Noto Serif CJK TC", serif',
  },
};

/** The typographic choices among the fields of a request (an export's, say); those it leaves out stay out. */
export function pickTypography(value: Partial<TypographyChoice>): Partial<TypographyChoice> {
  const picked: Partial<TypographyChoice> = {};
  if (value.cjkPunctuation !== undefined) picked.cjkPunctuation = value.cjkPunctuation;
  if (value.justify !== undefined) picked.justify = value.justify;
  if (value.fontFamily !== undefined) picked.fontFamily = value.fontFamily;
  if (value.writingMode !== undefined) picked.writingMode = value.writingMode;
  return picked;
}

/** The attributes of the root element that select the choices in CJK_CSS. */
export function typographyAttributes(choice: TypographyChoice, lang: string | null): Record<string, string> {
  return {
    'data-cjk-face': choice.fontFamily,
    'data-justify': choice.justify ? 'on' : 'off',
    // Only Chinese (and Japanese) text is set in columns; a Latin article stays horizontal.
    'data-writing': choice.writingMode === 'vertical' && isCjkLang(lang) ? 'vertical' : 'horizontal',
  };
}

/** True for a `lang` whose text reads in CJK columns. */
export function isCjkLang(lang: string | null): boolean {
  return lang !== null && /^(zh|ja)\b/i.test(lang);
}

const faceRules = (face: Face): string => {
  // :where() keeps these at the specificity of the base :lang() rules, so code stays monospace.
  const root = `:where(:root[data-cjk-face="${face}"])`;
  const stacks = CJK_FONT_STACKS[face];
  return [
    `${root} :lang(zh), ${root}:lang(zh) { font-family: ${stacks.hans}; }`,
    `${root} :lang(zh-Hant), ${root} :lang(zh-TW), ${root}:lang(zh-Hant), ${root}:lang(zh-TW) { font-family: ${stacks.hant}; }`,
    `${root} :lang(zh-HK), ${root} :lang(zh-MO), ${root}:lang(zh-HK), ${root}:lang(zh-MO) { font-family: ${stacks.hk}; }`,
  ].join('\n');
};

/** The shared stylesheet; appended after a document's base styles. */
export const CJK_CSS = `
${faceRules('sans')}
${faceRules('serif')}
:lang(zh), :lang(ja) { line-break: strict; text-spacing-trim: normal; text-autospace: normal; }
:is(code, pre, kbd, samp, .url, .article-url) { text-autospace: no-autospace; }
:root[data-autospace="fallback"] :lang(zh) { text-autospace: no-autospace; }
:root[data-autospace="fallback"] .as-s { margin-inline-start: 0.25em; }
:root[data-autospace="fallback"] .as-e { margin-inline-end: 0.25em; }
:root[data-justify="on"] :is(p, li, dd, blockquote):lang(zh) { text-align: justify; text-justify: inter-character; }
ruby { ruby-position: over; }
:root[data-writing="vertical"] { writing-mode: vertical-rl; overflow-anchor: none; }
:root[data-writing="vertical"] body { padding: 1.5rem 2.5rem 1.5rem 6rem; }
:root[data-writing="vertical"] :is(article, main) { max-width: none; max-inline-size: calc(var(--measure, 40) * 1em); margin: 0; }
:root[data-writing="vertical"] header { border-bottom: 0; border-left: 1px solid var(--rule); padding: 0; padding-block-end: 1em; margin: 0; margin-block-end: 2em; }
:root[data-writing="vertical"] :is(h1, h2, h3, h4, h5, h6) { margin: 0; margin-block: 0 0.6em; }
:root[data-writing="vertical"] :is(.content, article) :is(h2, h3, h4, h5, h6) { margin-block: 1.6em 0.6em; }
:root[data-writing="vertical"] :is(.content, article) :is(p, ul, ol, figure, pre, table) { margin: 0; margin-block-end: 1em; }
:root[data-writing="vertical"] :is(.content, article) blockquote { margin: 0; margin-block: 1em; border-left: 0; border-top: 3px solid var(--rule); padding: 0; padding-inline-start: 1em; }
:root[data-writing="vertical"] :is(.content, article) :is(img, video) { max-width: none; max-inline-size: 100%; max-block-size: 90vw; height: auto; }
:root[data-writing="vertical"] .tcy { text-combine-upright: all; }
`;
