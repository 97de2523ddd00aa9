/**
 * The HTML path: linkedom parses, Readability finds the article, our own text-density pick
 * (text-density.ts) replaces it where Readability took furniture or cut the article short, the
 * furniture left inside is removed (furniture.ts, refine.ts), and when nothing worth having is
 * found (a short page Readability rejects) the page's main text block stands in.
 */
import { Readability } from '@mozilla/readability';
import type { ExtractedArticle } from '../../model.ts';
import type { DecodedPage } from '../types.ts';
import { parsePublishedDate } from './dates.ts';
import { CDATA_SECTION_NODE, ELEMENT_NODE, TEXT_NODE, parseDocument, type DomDocument, type DomElement, type DomNode, type DomText } from './dom.ts';
import { cleanByline, looksLikeSite } from './byline.ts';
import { bylineFromLabels, collectLabelFields, isLabelLine } from './labels.ts';
import { detectLanguage } from './lang.ts';
import { readPageFields } from './page-fields.ts';
import { stripPageFurniture } from './whole-page.ts';
import { pageLines } from './page-lines.ts';
import { pruneFurniture } from './furniture.ts';
import { refineArticle } from './refine.ts';
import { cutFurniture, findMainText } from './text-density.ts';
import { readPageMeta, textOf } from './page-meta.ts';
import { countPinyinAnnotations, stripPinyinAnnotations } from './pinyin.ts';
import { sanitizeArticle } from './sanitize.ts';
import { stripSiteSuffix } from './title.ts';
import { ExtractionError, absoluteHttpUrl, collapse, makeExcerpt } from './common.ts';

/** Deeper than this, a page is refused: parsing alone would take minutes (browsers stop at 512). */
const MAX_NESTING = 5_000;
const READABILITY_MAX_DEPTH = 120;
const READABILITY_MAX_ELEMENTS = 30_000;

/** Below this many characters, Readability's pick is checked against the page's own text. */
const SHORT_ARTICLE = 200;
/** Below this many characters, Readability's pick may have been cut off: our own pick is weighed. */
const SHORT_PICK = 2000;
/** How much more text our own pick must hold to replace a short Readability pick. */
const MORE_TEXT = 1.5;

/** Extracts the article of an HTML page (also SingleFile, MHTML and WARC pages once decoded). */
export function extractHtmlArticle(page: DecodedPage): ExtractedArticle {
  const nesting = estimateNesting(page.content);
  if (nesting > MAX_NESTING) {
    throw new ExtractionError(`the page nests elements ${nesting.toLocaleString('en')} levels deep (more than ${MAX_NESTING.toLocaleString('en')}): not a readable page`);
  }
  const document = parseDocument(page.content);
  const shape = treeShape(document);
  const meta = readPageMeta(document);
  const bodyText = document.body?.textContent ?? '';
  const pinyin = countPinyinAnnotations(bodyText) >= 2;
  const plain = (s: string | null | undefined): string | null => {
    const t = collapse(pinyin && s ? stripPinyinAnnotations(s).text : (s ?? ''));
    return t || null;
  };
  const lines = pageLines(document);
  const h1 = textOf(document.querySelector('h1'));
  const titleTag = textOf(document.querySelector('title'));
  for (const base of [...document.querySelectorAll('base')]) base.remove();

  // Readability slows down steeply with depth and size on a linked-list DOM; such pages are not
  // articles it could improve on, so the main text block is read directly.
  const parsed = shape.depth <= READABILITY_MAX_DEPTH && shape.elements <= READABILITY_MAX_ELEMENTS ? runReadability(document) : null;
  if (parsed?.content) {
    pruneFurniture(parsed.content);
    refineArticle(parsed.content);
  }
  let root: DomNode | null = parsed?.content ?? null;
  let wholePage = false;
  const readabilityChars = collapse(parsed?.content?.textContent ?? '').length;
  // A long pick is Readability at its best (its own test pages): our second parse is spared there.
  const density = readabilityChars < SHORT_PICK ? densityPick(page.content, root, readabilityChars) : null;
  if (density) {
    refineArticle(density);
    root = density;
  }
  if (!root || readabilityChars < SHORT_ARTICLE) {
    // Readability mutates the document it reads, so the fallback works on a fresh parse.
    const fresh = parseDocument(page.content);
    const fallback = mainTextBlock(fresh);
    const fallbackChars = collapse(fallback?.element.textContent ?? '').length;
    if (fallback && fallbackChars > readabilityChars * 1.5) ({ element: root, wholePage } = fallback);
  }

  const sanitize = (node: DomNode, dropJunk: boolean): ReturnType<typeof sanitizeArticle> =>
    sanitizeArticle(node, { baseUrl: page.url, resources: page.resources, pinyin, dropJunk });
  const isEmpty = (b: ReturnType<typeof sanitizeArticle>): boolean => b.paragraphs.length === 0 && b.assets.length === 0;
  if (root && wholePage) stripPageFurniture(root as DomElement);
  let body = root ? sanitize(root, true) : null;
  if (!body || isEmpty(body)) {
    // No article found: the page still comes in, as its whole readable text (furniture removed
    // by the same rules when that leaves anything), flagged so the library can say so.
    const whole = parseDocument(page.content).body;
    if (whole) {
      wholePage = true;
      stripPageFurniture(whole);
      body = sanitize(whole, true);
      if (isEmpty(body)) body = sanitize(whole, false);
    }
  }
  if (!body || isEmpty(body)) throw new ExtractionError('the page has no readable text (it is empty, or holds only scripts and markup)');

  const fields = readPageFields(lines, [h1, parsed?.title, meta.title, titleTag], page.url ?? meta.canonical ?? meta.ogUrl);
  const labels = collectLabelFields(body.labelLines);
  // Readability already weighs meta tags, JSON-LD and rel=author; its answer stands for Latin
  // bylines. A Chinese page's own labels, reporter line or credits win over a Readability pick
  // that names a site; the meta tags count when Readability could not run.
  let byline = plain(parsed?.byline);
  if (byline && isLabelLine(byline)) byline = bylineFromLabels(collectLabelFields([byline]));
  if (byline && /\p{Script=Han}/u.test(byline)) byline = cleanByline(byline);
  if (byline && fields.author && (looksLikeSite(byline) || /\p{Script=Han}/u.test(fields.author))) byline = fields.author;
  byline ??= fields.author ?? cleanByline(labels.author ?? labels.reporter) ?? fields.editor ?? cleanByline(labels.editor) ?? (parsed ? null : plain(meta.byline));
  const editor = fields.chiefEditor ?? cleanByline(labels.chiefEditor) ?? fields.editor;

  const siteName = plain(parsed?.siteName) ?? plain(meta.siteName);
  const rawTitle = page.containerTitle ?? (parsed ? parsed.title : (meta.title ?? textOf(document.querySelector('title')) ?? textOf(document.querySelector('h1'))));
  const title = stripSiteSuffix(titleText(rawTitle, pinyin), siteName);

  return {
    title,
    byline,
    source: fields.source ?? labels.source ?? siteName,
    publishedAt: parsePublishedDate(parsed?.publishedTime) ?? parsePublishedDate(meta.published) ?? labels.date ?? fields.date,
    // A capture (MHTML, SingleFile, WARC) knows the address it was taken from: that wins over
    // what the page says of itself; a plain saved page has only its canonical or og:url.
    url: (page.format !== 'html' ? absoluteHttpUrl(page.url, null) : null) ?? absoluteHttpUrl(meta.canonical, page.url) ?? absoluteHttpUrl(meta.ogUrl, page.url) ?? absoluteHttpUrl(page.url, null),
    lang: detectLanguage(`${title}\n${body.paragraphs.join('\n')}`, parsed?.lang ?? meta.lang),
    html: body.html,
    paragraphs: body.paragraphs,
    ruby: body.ruby,
    excerpt: makeExcerpt(plain(meta.description) ?? plain(parsed?.excerpt), body.paragraphs),
    format: page.format,
    charset: page.charset,
    extraction: wholePage ? 'whole-page' : 'article',
    ...(editor && editor !== byline ? { editor } : {}),
    assets: body.assets,
  };
}

/**
 * A title as the page wrote it: line breaks and tabs become spaces, but runs of spaces and
 * ideographic spaces stay (they are part of the title as Readability and the page give it).
 */
function titleText(title: string | null | undefined, pinyin: boolean): string {
  const t = (title ?? '').replace(/[\t\r\n]+/g, ' ').trim();
  return pinyin ? stripPinyinAnnotations(t).text : t;
}

const NESTING_TAGS = new Set([
  'div', 'span', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'table', 'tbody', 'thead',
  'ul', 'ol', 'dl', 'blockquote', 'a', 'b', 'i', 'em', 'strong', 'small', 'big', 'sub', 'sup', 'u', 's', 'code',
  'pre', 'figure', 'center', 'form', 'label', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'q', 'cite', 'abbr', 'mark',
]);

/**
 * How deep the page nests, read from the markup without parsing it: only elements that are
 * closed in practice count (an unclosed `<p>` or `<li>` would inflate the figure).
 */
function estimateNesting(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]{0,9})\b[^>]*?(\/?)>/g)) {
    if (!NESTING_TAGS.has(m[2]!.toLowerCase()) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

/** Depth and element count of the parsed tree, in one iterative walk. */
function treeShape(document: DomDocument): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: [DomNode, number][] = [[document.documentElement, 1]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    elements++;
    if (level > depth) depth = level;
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) stack.push([c, level + 1]);
  }
  return { depth, elements };
}

interface ReadabilityResult {
  title: string | null;
  byline: string | null;
  content: DomElement | null;
  textContent: string | null;
  excerpt: string | null;
  siteName: string | null;
  publishedTime: string | null;
  lang: string | null;
}

function runReadability(document: DomDocument): ReadabilityResult | null {
  try {
    // The serializer hands back the element itself: we sanitize the tree, not a re-parsed string.
    const reader = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement, keepClasses: true });
    cheaperTextTests(reader);
    const restore = document.body ? deferLastRestore(document.body, () => (reader as unknown as { _flags: number })._flags === 0) : null;
    let result;
    try {
      result = reader.parse();
    } finally {
      restore?.(result == null);
    }
    if (!result) return null;
    return {
      title: result.title ?? null,
      byline: result.byline ?? null,
      content: result.content ?? null,
      textContent: result.textContent ?? null,
      excerpt: result.excerpt ?? null,
      siteName: result.siteName ?? null,
      publishedTime: result.publishedTime ?? null,
      lang: result.lang ?? null,
    };
  } catch {
    // Readability gives up on some malformed trees; the fallback below still reads the page.
    return null;
  }
}

/**
 * Two of Readability's tests, run on most elements, read an element's whole text (its subtree,
 * again on each ancestor's turn) where less answers: whether it is a byline (the whole text read
 * before the cheap checks of its attributes), and whether it is empty. The same tests, the text
 * read last or only until the answer is known, give the same answers.
 */
function cheaperTextTests(reader: unknown): void {
  const r = reader as {
    _isValidByline?: (node: DomElement, matchString: string) => boolean;
    _isElementWithoutContent?: (node: DomElement) => boolean;
    REGEXPS?: { byline?: unknown };
  };
  if (typeof r._isElementWithoutContent === 'function') {
    const withoutContent = r._isElementWithoutContent.bind(reader);
    // Its first test is whether the element's whole text, trimmed, is empty: the first text node
    // with anything but white space answers that (`trim` and `\S` agree on what white space is).
    r._isElementWithoutContent = (node) => node.nodeType === ELEMENT_NODE && !hasVisibleText(node) && withoutContent(node);
  }
  const byline = r.REGEXPS?.byline;
  if (typeof r._isValidByline !== 'function' || !(byline instanceof RegExp) || byline.global || byline.sticky) return;
  r._isValidByline = (node, matchString) => {
    const itemprop = node.getAttribute('itemprop');
    if (!(node.getAttribute('rel') === 'author' || itemprop?.includes('author') || byline.test(matchString))) return false;
    const length = (node.textContent ?? '').trim().length;
    return length > 0 && length < 100;
  };
}

/** Whether any text (or CDATA) node under `root` holds more than white space. */
function hasVisibleText(root: DomNode): boolean {
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) {
        if (/\S/.test((c as DomText).data)) return true;
      } else if (c.nodeType === ELEMENT_NODE) stack.push(c);
    }
  }
  return false;
}

/**
 * Readability keeps the body's HTML before its first pass; a pass that finds too little text sets
 * it back (`body.innerHTML = kept`, a parse of the whole body) before the next, looser one. After
 * the last pass (no rule left to loosen: `lastPass`) that parse is wasted when Readability found
 * an article, as the body is not read again: it is put off until the returned function is called,
 * and done only if Readability found nothing (the body is then read for its `<h1>`).
 */
function deferLastRestore(body: DomElement, lastPass: () => boolean): (foundNothing: boolean) => void {
  let proto: object | null = Object.getPrototypeOf(body) as object | null;
  let descriptor: PropertyDescriptor | undefined;
  while (proto && !(descriptor = Object.getOwnPropertyDescriptor(proto, 'innerHTML'))) proto = Object.getPrototypeOf(proto) as object | null;
  const { get, set } = descriptor ?? {};
  if (!get || !set) return () => {};
  let kept: string | null = null;
  let pending: string | null = null;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get(): string {
      kept = get.call(body) as string;
      return kept;
    },
    set(html: string): void {
      if (html === kept && lastPass()) pending = html;
      else set.call(body, html);
    },
  });
  return (foundNothing) => {
    delete (body as { innerHTML?: string }).innerHTML;
    if (pending !== null && foundNothing) body.innerHTML = pending;
  };
}

const NOT_CONTENT = 'script, style, noscript, template, nav, aside, header, footer, form, [role="navigation"], [hidden], [aria-hidden="true"]';

/**
 * The page's main text when Readability rejects it: `<article>`/`<main>` when present, else the
 * body without navigation, headers and footers (kept if removing them would leave nothing).
 */
function mainTextBlock(document: DomDocument): { element: DomElement; wholePage: boolean } | null {
  const body = document.body;
  if (!body) return null;
  for (const selector of ['article', 'main', '[role="main"]']) {
    const el = document.querySelector(selector);
    if (el && collapse(el.textContent ?? '').length > 0) return { element: el, wholePage: false };
  }
  const total = collapse(body.textContent ?? '').length;
  const removable = [...body.querySelectorAll(NOT_CONTENT)];
  const removedChars = removable.reduce((n, el) => n + collapse(el.textContent ?? '').length, 0);
  if (removedChars < total) for (const el of removable) el.remove();
  return { element: body, wholePage: true };
}

/**
 * Our own pick of the main text (text-density.ts) when it holds clearly more text than
 * Readability's: Readability then cut the article short or took a box beside it.
 */
function densityPick(html: string, picked: DomNode | null, readabilityChars: number): DomElement | null {
  const document = parseDocument(html);
  cutFurniture(document);
  const main = findMainText(document);
  if (!main) return null;
  // Most of Readability's text is what we cut as furniture (a form, a sidebar, an author box).
  if (picked && sharedText(picked, collapse(document.body?.textContent ?? '')) < 0.5 && main.text >= 100) return main.element;
  // Readability's pick is short and ours holds clearly more: the article was cut off (recipe steps,
  // a table, the second half of a page split into several containers).
  return main.text > readabilityChars * MORE_TEXT ? main.element : null;
}

/** Share of the text of `root` (its lines of 20 characters or more) that `text` also holds. */
function sharedText(root: DomNode, text: string): number {
  let found = 0;
  let total = 0;
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      const line = collapse(node.textContent ?? '');
      if (line.length < 20) continue;
      total += line.length;
      if (text.includes(line)) found += line.length;
      continue;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
  }
  return total === 0 ? 1 : found / total;
}
