/**
 * Our styles for exported articles: the reader's typography (CJK font stacks picked by `lang`,
 * so each script gets its own glyph forms) for print and for screen, set in a few variables.
 */

/**
 * The CJK-aware font stacks, by language, the reader's own (Noto Sans CJK on Linux). Everything
 * in a Chinese document, header and metadata included, uses one CJK face: each extra face is
 * another multi-megabyte font for Chromium to subset into the PDF.
 */
export const FONT_STACKS = {
  latin: '"Noto Serif", "Iowan Old Style", Charter, Georgia, serif',
  hans: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
  hant: '"Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif',
  hk: '"Noto Sans CJK HK", "Noto Sans CJK TC", "Source Han Sans HC", "PingFang HK", "Microsoft JhengHei", sans-serif',
  ja: '"Noto Sans CJK JP", "Source Han Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif',
  ko: '"Noto Sans CJK KR", "Source Han Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif',
  sans: '"Noto Sans", "Helvetica Neue", Arial, sans-serif',
} as const;

/** The stylesheet of an exported article at `fontSizePx`. */
export function exportCss(fontSizePx: number, showRuby = false): string {
  return `
:root { --font-size: ${fontSizePx}px; --fg: #1d1d1b; --muted: #5c5c57; --rule: #d9d8d2; --bg: #fdfdfc; --accent: #1f5fa8; }
* { box-sizing: border-box; }
html { color: var(--fg); background: var(--bg); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACKS.latin}; font-size: var(--font-size); line-height: 1.8; overflow-wrap: anywhere; text-rendering: optimizeLegibility; }
:lang(zh), :lang(zh-Hans), :lang(zh-CN), :lang(zh-SG) { font-family: ${FONT_STACKS.hans}; }
:lang(zh-Hant), :lang(zh-TW) { font-family: ${FONT_STACKS.hant}; }
:lang(zh-HK), :lang(zh-MO) { font-family: ${FONT_STACKS.hk}; }
:lang(ja) { font-family: ${FONT_STACKS.ja}; }
:lang(ko) { font-family: ${FONT_STACKS.ko}; }
main { max-width: 40em; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
header.article-header { margin-bottom: 1.6em; padding-bottom: 1em; border-bottom: 1px solid var(--rule); }
h1.article-title { font-size: 1.6em; line-height: 1.35; margin: 0 0 0.5em; font-weight: 700; }
.article-meta { color: var(--muted); font-size: 0.8em; line-height: 1.6; margin: 0; }
.article-meta span + span::before { content: " · "; }
.article-url { color: var(--muted); font-size: 0.72em; word-break: break-all; margin: 0.4em 0 0; }
article p { margin: 0 0 1em; }
article h1, article h2, article h3, article h4, article h5, article h6 { line-height: 1.4; margin: 1.4em 0 0.6em; break-after: avoid; }
article h1 { font-size: 1.35em; } article h2 { font-size: 1.25em; } article h3 { font-size: 1.12em; } article h4, article h5, article h6 { font-size: 1em; }
article img, article svg, article video { max-width: 100%; height: auto; break-inside: avoid; }
article figure { margin: 1.2em 0; break-inside: avoid; }
article figcaption { color: var(--muted); font-size: 0.85em; text-align: center; margin-top: 0.4em; }
article blockquote { margin: 1em 0; padding: 0 0 0 1em; border-left: 3px solid var(--rule); color: var(--muted); }
article pre, article code { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 0.88em; }
:lang(zh) article pre, :lang(zh) article code { font-family: inherit; }
article pre { white-space: pre-wrap; background: #f3f2ee; padding: 0.8em; border-radius: 4px; }
article table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
article th, article td { border: 1px solid var(--rule); padding: 0.3em 0.6em; vertical-align: top; }
article a { color: var(--accent); text-decoration: none; }
article hr { border: 0; border-top: 1px solid var(--rule); margin: 2em 0; }
article ul, article ol { padding-left: 1.6em; }
article ruby rt { font-size: 0.5em; }
${showRuby ? '' : 'article rt, article rp { display: none; }'}
.image-placeholder { display: inline-block; color: var(--muted); border: 1px dashed var(--rule); padding: 0.2em 0.5em; font-size: 0.85em; }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e4e2dd; --muted: #a8a59d; --rule: #3a3b3e; --bg: #1b1c1e; --accent: #8ab8f0; }
  article pre { background: #26272a; }
}
@media print {
  :root { --bg: #fff; }
  main { max-width: none; padding: 0; }
  p, li, blockquote { orphans: 2; widows: 2; }
  article a { color: inherit; }
}
`;
}
