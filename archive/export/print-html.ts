/**
 * One document per exported article, shared by PDF (app and CLI), HTML and Markdown export: the
 * stored article HTML in the chosen script, our styles at the chosen font size, a header with
 * title, byline, source, date and URL, and the archive's images inlined as data: URIs, so the
 * document needs nothing outside itself and loads nothing from anywhere.
 */
import { parseHTML } from 'linkedom';
import { articleInScript } from '../convert/index.ts';
import { PDF_MARGIN_PRESETS, type ArticleBody, type ArticleMeta, type Highlight, type ScriptMode } from '../model.ts';
import { HIGHLIGHT_EXPORT_CSS, highlightsSectionHtml, markHighlightsHtml } from './highlights-export.ts';
import type { MarginsMm, PaperSize, PrintPage } from './pdf-renderer.ts';
import { rasterMime } from '../raster.ts';
import { exportCss, FONT_STACKS } from './print-css.ts';
import { chineseSettingHtml, typographyOf } from './cjk-html.ts';
import { EXPORT_CJK_CSS } from './cjk-print-css.ts';
import { typographyAttributes, type TypographyChoice } from '../typography/cjk-css.ts';

/** Reads an asset (`<sha256>.<ext>`) of the archive; null when it is missing. */
export type AssetReader = (name: string) => Promise<Uint8Array | null>;

export interface ExportOptions {
  script: ScriptMode;
  fontSize: number;
  /** Pinyin annotations (ruby) printed above their characters; hidden by default, as in the reader. */
  showRuby?: boolean;
  /** The reader's Chinese setting (full-width marks, justification, face, vertical); its defaults otherwise. */
  typography?: Partial<TypographyChoice>;
  /** The article's highlights in `script` (highlights-export.ts), marked in the text and listed after it. */
  highlights?: readonly Highlight[];
}

/** An article prepared for export. */
export interface ExportDocument {
  title: string;
  /** Byline and source as shown (in the chosen script). */
  byline: string | null;
  source: string | null;
  /** The `lang` of the text as shown (follows the script). */
  lang: string | null;
  meta: ArticleMeta;
  /** The article's HTML in the chosen script, images still as `asset:` URLs. */
  articleHtml: string;
  /** The whole self-contained document, images inlined. */
  html: string;
  /** Paragraphs in the chosen script (for Markdown and checks). */
  paragraphs: string[];
  /** The highlights it carries, anchored in the chosen script. */
  highlights: readonly Highlight[];
}

const ASSET_SRC = /^asset:([0-9a-f]{64}\.[a-z0-9]{1,10})$/;
/** Elements an export never carries, even if a stored article somehow had them (a restored backup, say). */
const DROPPED =
  'script, iframe, frame, frameset, object, embed, applet, link, meta, base, form, input, button, textarea, select, style, template, noscript, portal, ' +
  'svg, math, canvas, video, audio, source, track, picture, map, area, image, param, dialog, slot';
/** The attributes an exported element may keep; `href` only on links to the web, `src` only as rewritten below. */
const KEPT_ATTRIBUTES = new Set(['title', 'lang', 'dir', 'rel', 'alt', 'width', 'height', 'colspan', 'rowspan', 'span', 'start', 'reversed', 'type', 'value', 'datetime', 'class', 'role', 'aria-label', 'href', 'src']);
const WEB_LINK = /^(https?:|mailto:|#)/i;

/**
 * The CSP of an exported HTML document: nothing but its own inline styles and data: images and
 * fonts; no script, no request anywhere.
 */
export const EXPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";
/** The same policy for an EPUB chapter, whose images and stylesheet are files of the book itself. */
export const EPUB_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** `2020-11-25T08:00:00+08:00` → `2020-11-25`; other strings as they are. */
function displayDate(iso: string | null): string | null {
  if (!iso) return null;
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** What is used of a DOM element here (the same under linkedom and a browser's DOM types). */
interface MutableElement {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  replaceWith(node: unknown): void;
  remove(): void;
}

/**
 * Rewrites article HTML for a document that stands alone: `asset:` images whose bytes are a raster
 * image become data: URIs (anything else becomes its alt text), any other image source is dropped,
 * active content goes, and elements keep only the attributes a reader needs.
 */
export async function inlineArticleHtml(html: string, readAsset: AssetReader, convertText: (text: string) => string = (t) => t): Promise<string> {
  const { document } = parseHTML(`<!doctype html><html><body><div id="export-root">${html}</div></body></html>`);
  const root = document.getElementById('export-root')!;
  const all = (selector: string): MutableElement[] => Array.from(root.querySelectorAll(selector) as unknown as ArrayLike<MutableElement>);
  for (const el of all(DROPPED)) el.remove();
  for (const el of all('*')) {
    const tag = el.tagName.toLowerCase();
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const kept = KEPT_ATTRIBUTES.has(name) && (name !== 'href' || (tag === 'a' && WEB_LINK.test(attr.value.trim()))) && (name !== 'src' || tag === 'img');
      if (!kept) el.removeAttribute(attr.name);
      else if ((name === 'alt' || name === 'title') && attr.value) el.setAttribute(attr.name, convertText(attr.value));
    }
  }
  const cache = new Map<string, string | null>();
  for (const img of all('img')) {
    const src = img.getAttribute('src') ?? '';
    const name = ASSET_SRC.exec(src)?.[1];
    let data: string | null = null;
    if (name) {
      if (!cache.has(name)) {
        const bytes = await readAsset(name);
        const mime = bytes ? rasterMime(name, bytes) : null;
        cache.set(name, bytes && mime ? `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` : null);
      }
      data = cache.get(name) ?? null;
    } else if (/^data:image\/(png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]*$/i.test(src)) {
      data = src;
    }
    if (data) {
      img.setAttribute('src', data);
    } else {
      const alt = img.getAttribute('alt') ?? '';
      const placeholder = document.createElement('span');
      placeholder.setAttribute('class', 'image-placeholder');
      placeholder.textContent = alt ? `[${alt}]` : '[image]';
      img.replaceWith(placeholder);
    }
  }
  return root.innerHTML;
}

/** Prepares `meta` + `body` for export in `options.script`. */
export async function buildExportDocument(meta: ArticleMeta, body: ArticleBody, options: ExportOptions, readAsset: AssetReader): Promise<ExportDocument> {
  const shown = articleInScript(meta, body, options.script);
  const { title, byline, source, lang } = shown.meta;
  const typography = typographyOf(options.typography);
  const highlights = options.highlights ?? [];
  // Marks go on after sanitizing (they are ours) and before the Chinese setting splits the text.
  const marked = markHighlightsHtml(await inlineArticleHtml(shown.body.html, readAsset, shown.convert), shown.body.paragraphs, highlights);
  const inlined = chineseSettingHtml(marked, typography, lang) + highlightsSectionHtml(highlights, escapeHtml);
  const rootAttributes = Object.entries(typographyAttributes(typography, lang)).map(([name, value]) => ` ${name}="${value}"`).join('');
  const metaParts = [byline, source, displayDate(meta.publishedAt)].filter((s): s is string => Boolean(s));
  const html = `<!doctype html>
<html${lang ? ` lang="${escapeHtml(lang)}"` : ''}${rootAttributes}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${exportCss(options.fontSize, options.showRuby ?? false)}${EXPORT_CJK_CSS}${highlights.length ? HIGHLIGHT_EXPORT_CSS : ''}</style>
</head>
<body>
<main>
<header class="article-header">
<h1 class="article-title">${escapeHtml(title)}</h1>
${metaParts.length ? `<p class="article-meta">${metaParts.map((p) => `<span>${escapeHtml(p)}</span>`).join('')}</p>` : ''}
${meta.url ? `<p class="article-url">${escapeHtml(meta.url)}</p>` : ''}
</header>
<article>
${inlined}
</article>
</main>
</body>
</html>
`;
  // Markdown takes the marks as shown too; upright digits are a matter of columns, which it has not.
  const articleHtml = chineseSettingHtml(shown.body.html, { ...typography, writingMode: 'horizontal' }, lang);
  return { title, byline, source, lang, meta, articleHtml, html, paragraphs: shown.body.paragraphs, highlights };
}

/** The margins of a PDF page when the export names none (model.ts's `normal`). */
export const DEFAULT_MARGINS: MarginsMm = { ...PDF_MARGIN_PRESETS.normal };

/** The page Chromium prints: the document, with the title in the header and page numbers in the footer. */
export function printPageOf(doc: ExportDocument, paper: PaperSize = 'A4', margins: MarginsMm = DEFAULT_MARGINS): PrintPage {
  const lang = doc.lang ?? '';
  const font = /^zh-(Hant|TW)/i.test(lang) ? FONT_STACKS.hant : /^zh-HK/i.test(lang) ? FONT_STACKS.hk : /^zh/i.test(lang) ? FONT_STACKS.hans : /^ja/i.test(lang) ? FONT_STACKS.ja : /^ko/i.test(lang) ? FONT_STACKS.ko : `${FONT_STACKS.sans.replace(/, sans-serif$/, '')}, ${FONT_STACKS.hans}`;
  // Chromium renders templates at a zoom where 8px reads well; fonts must be named, not inherited.
  const box = `font-family: ${font.replace(/"/g, "'")}; font-size: 8px; color: #666; width: 100%; margin: 0 ${margins.left}mm 0 ${margins.right}mm;`;
  return {
    html: doc.html,
    title: doc.title,
    paper,
    margins,
    headerTemplate: `<div style="${box} white-space: nowrap; overflow: hidden; text-overflow: ellipsis; text-align: left;"${doc.lang ? ` lang="${escapeHtml(doc.lang)}"` : ''}>${escapeHtml(doc.title)}</div>`,
    footerTemplate: `<div style="${box} text-align: center;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
  };
}
