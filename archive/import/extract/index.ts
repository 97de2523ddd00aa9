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

/**
 * Turns a decoded page into an article: the article the page holds, or (flagged `whole-page`)
 * its whole readable text when none is found. Throws ExtractionError only for a page with no
 * readable text at all.
 */
export function extractArticle(page: DecodedPage): ExtractedArticle {
  const article = page.format === 'text' || !looksLikeHtml(page.content) ? extractTextDump(page) : extractHtmlArticle(page);
  return { ...article, extractorVersion: EXTRACTOR_VERSION };
}

function looksLikeHtml(content: string): boolean {
  return /<(?:!doctype|html|head|body|p|div|br|title|meta|article|span|table|h[1-6])[\s>/]/i.test(content.slice(0, 65536));
}
