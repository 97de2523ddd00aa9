/**
 * What exported documents add to the shared Chinese setting (CJK_CSS): on paper, vertical columns
 * run the full height of the page and pages follow each other right to left, as a Chinese book's
 * do; on screen, an exported HTML file reads like the reader.
 */
import { CJK_CSS } from '../typography/cjk-css.ts';

const EXPORT_ADDITIONS = `
:root[data-writing="vertical"] body { padding: 0; }
:root[data-writing="vertical"] main { padding: 2.5rem 1.5rem 2.5rem 4rem; }
:root[data-writing="vertical"] header.article-header { border-bottom: 0; border-left: 1px solid var(--rule); padding: 0; padding-block-end: 1em; margin: 0; margin-block-end: 1.6em; }
@media print {
  :root[data-writing="vertical"] :is(article, main) { max-inline-size: none; padding: 0; }
  :root[data-writing="vertical"] :is(p, li, blockquote) { orphans: 2; widows: 2; }
}
`;

/** The Chinese setting's styles for an exported document (HTML, PDF). */
export const EXPORT_CJK_CSS = `${CJK_CSS}${EXPORT_ADDITIONS}`;
