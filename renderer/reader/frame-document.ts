/**
 * The article frame's document: our stylesheet, a policy that forbids everything else, and the
 * article's header (text we escape) and body (sanitized HTML that we still treat as hostile).
 */
import type { ArticleMeta } from '../../archive/model.ts';
import type { Translate, UiLocale } from '../i18n/strings.ts';
import { ARTICLE_FRAME_CSS } from './frame-css.ts';
import { inertHtml } from './inert-html.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An ISO date or date-time as the UI language writes dates; the text itself when it is not one. */
export function formatDate(iso: string | null, locale: UiLocale): string | null {
  if (!iso) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(dateOnly ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, dateOnly).format(date);
}

// Building a DateTimeFormat costs far more than using one, and the list formats a date per row.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: UiLocale, utc: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${utc}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', ...(utc ? { timeZone: 'UTC' } : {}) });
    formats.set(key, format);
  }
  return format;
}

export interface FrameContent {
  meta: ArticleMeta;
  /** Title, byline and source as shown (in the reader's script), not as stored. */
  title: string;
  byline: string | null;
  source: string | null;
  html: string;
  lang: string | null;
  locale: UiLocale;
  t: Translate;
}

/** The inner markup of `<article>`: header and content. */
export function articleMarkup({ meta, title, byline, source, html, lang, locale, t }: FrameContent): string {
  const date = formatDate(meta.publishedAt, locale);
  const parts = [
    byline ? `<span class="byline">${escapeHtml(byline)}</span>` : '',
    source ? `<span class="source">${escapeHtml(source)}</span>` : '',
    date ? `<span><time datetime="${escapeHtml(meta.publishedAt ?? '')}">${escapeHtml(date)}</time></span>` : '',
  ].filter(Boolean);
  const capture = meta.captures[0];
  const ui = `lang="${escapeHtml(locale)}"`;
  return [
    '<header>',
    `<h1>${escapeHtml(title || t('untitled'))}</h1>`,
    parts.length ? `<p class="meta">${parts.join('')}</p>` : '',
    meta.url ? `<p class="url" ${ui}>${escapeHtml(t('originalUrl', { url: meta.url }))}</p>` : '',
    capture
      ? `<p class="provenance" ${ui}>${escapeHtml(t('importedFrom', { date: formatDate(capture.importedAt, locale) ?? capture.importedAt, file: capture.fileName }))}</p>`
      : '',
    '</header>',
    `<div class="content"${lang ? ` lang="${escapeHtml(lang)}"` : ''}>${inertHtml(html)}</div>`,
  ].join('');
}

/** The whole `srcdoc` for an article. */
export function frameDocument(content: FrameContent, theme: string): string {
  const lang = content.lang ? ` lang="${escapeHtml(content.lang)}"` : '';
  return (
    `<!doctype html><html${lang} data-theme="${escapeHtml(theme)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${ARTICLE_FRAME_CSP}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<style>${ARTICLE_FRAME_CSS}</style><title>${escapeHtml(content.title)}</title></head>` +
    `<body><article>${articleMarkup(content)}</article></body></html>`
  );
}
