/**
 * Article extraction: a decoded page in, a cleaned, sanitized article out. HTML pages go through
 * Readability (html-article.ts); plain-text page dumps have their own reader (text-dump.ts).
 */
import type { ExtractedArticle } from '../../model.ts';
import type { DecodedPage } from '../types.ts';
import { extractHtmlArticle } from './html-article.ts';
import { extractTextDump } from './text-dump.ts';

export { ExtractionError } from './common.ts';
export { sanitizeArticle, type SanitizeOptions, type SanitizedArticle } from './sanitize.ts';
export { stripPinyinAnnotations, countPinyinAnnotations } from './pinyin.ts';
export { parsePublishedDate } from './dates.ts';
export { detectLanguage } from './lang.ts';
export { stripSiteSuffix } from './title.ts';

/** Version of the extraction rules, recorded with each capture so articles can be re-extracted later. */
export const EXTRACTOR_VERSION = '2';

/** Turns a decoded page into an article; throws ExtractionError when the page holds no article. */
export function extractArticle(page: DecodedPage): ExtractedArticle {
  if (page.format === 'text' || !looksLikeHtml(page.content)) return extractTextDump(page);
  return extractHtmlArticle(page);
}

function looksLikeHtml(content: string): boolean {
  return /<(?:!doctype|html|head|body|p|div|br|title|meta|article|span|table|h[1-6])[\s>/]/i.test(content.slice(0, 65536));
}
