/**
 * The allow-list sanitizer: walks a linkedom tree and writes new HTML from scratch, emitting only
 * elements and attributes it knows, so nothing from the page is serialized as-is. In the same walk
 * it leaves out page furniture (see junk.ts), turns inline pinyin into `<ruby>`, stores local
 * images as assets, and collects the plain-text paragraphs with their ruby offsets.
 */
import type { RubyAnnotation } from '../../model.ts';
import type { PageResource } from '../types.ts';
import { AssetCollector, type ArticleAsset } from './assets.ts';
import { CDATA_SECTION_NODE, ELEMENT_NODE, TEXT_NODE, type DomElement, type DomNode, type DomText } from './dom.ts';
import { classifyJunkLine } from './junk.ts';
import { isLabelLine, readLabels } from './labels.ts';
import { stripPinyinAnnotations } from './pinyin.ts';
import { TextSink } from './text-sink.ts';

export interface SanitizeOptions {
  /** The page's URL, to resolve relative links and image paths. */
  baseUrl: string | null;
  resources: readonly PageResource[];
  /** Turn inline pinyin into ruby (decided per article: only when annotations repeat). */
  pinyin: boolean;
  /** Leave out page furniture: spam, breadcrumbs, pagination, footers, label lines. */
  dropJunk: boolean;
}

export interface SanitizedArticle {
  html: string;
  paragraphs: string[];
  ruby: RubyAnnotation[];
  assets: ArticleAsset[];
  /** Label lines (`编辑：… 来源：…`) left out of the body, for the metadata reader. */
  labelLines: string[];
}

/** Elements kept (with the attributes listed for them, beyond `title`, `lang`, `dir`). */
const KEEP: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], blockquote: [], pre: [],
  code: [], kbd: [], samp: [], var: [], em: [], strong: [], b: [], i: [], u: [], s: [], del: [],
  ins: [], mark: [], small: [], sub: [], sup: [], q: [], cite: [], abbr: [], dfn: [], time: ['datetime'],
  span: [], div: [], section: [], article: [], header: [], footer: [], main: [], aside: [], figure: [],
  figcaption: [], ul: [], ol: ['start', 'reversed', 'type'], li: ['value'], dl: [], dt: [], dd: [],
  table: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'],
  caption: [], colgroup: ['span'], col: ['span'], a: [], ruby: [], rt: [], rp: [], details: [],
  summary: [], address: [], bdi: [], bdo: [], wbr: [],
};
/** Elements left out with everything inside them: active content, metadata, form controls, media. */
const DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'meta', 'base', 'link', 'title', 'head', 'svg', 'canvas', 'video', 'audio', 'source',
  'track', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output',
  'progress', 'meter', 'param', 'map', 'area', 'noembed', 'noframes', 'xmp', 'plaintext', 'portal',
  'slot', 'dialog', 'image',
]);
const VOID = new Set(['br', 'hr', 'wbr', 'col', 'img']);
/** Elements that end a paragraph of plain text. */
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'figure', 'figcaption', 'details', 'summary',
  'address', 'center', 'form', 'fieldset', 'legend', 'br', 'hr', 'menu', 'hgroup',
]);
/** Blocks tested as a whole for being furniture; table cells are not (a lone `1` there is data). */
const JUNK_CANDIDATE = new Set([
  'p', 'div', 'section', 'header', 'footer', 'nav', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'center', 'address', 'blockquote', 'form', 'table',
]);
/** Furniture sits near the top of the tree; below this, blocks are not judged (keeps the walk linear). */
const MAX_JUDGED_LEVEL = 60;
/** Longest block that can be judged as one line of furniture. */
const MAX_LINE_CHARS = 600;
/** Anything inside these makes a block more than one line. */
const LINE_BREAKING = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'section', 'article', 'blockquote', 'pre', 'header', 'footer', 'nav', 'aside', 'figure', 'hr',
]);
const RELATED_HEADING =
  /^(?:延伸閱讀|延伸阅读|相关阅读|相關閱讀|相关文章|相關文章|相关新闻|相關新聞|推荐阅读|推薦閱讀|热门推荐|熱門推薦|猜你喜欢|猜你喜歡|Related(?: articles| stories| posts| reading)?|See also|Read more)\s*[:：]?$/i;
const MAX_DEPTH = 200;
const SAFE_LINK = /^(?:https?:|mailto:)/i;

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');
const collapse = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

interface Exit {
  close: string | null;
  block: boolean;
  name: string;
}

/** Sanitizes the subtree under `root` (its children, not the root itself). */
export function sanitizeArticle(root: DomNode, options: SanitizeOptions): SanitizedArticle {
  return new Walker(options).run(root);
}

class Walker {
  readonly #out: string[] = [];
  readonly #text = new TextSink();
  readonly #assets: AssetCollector;
  readonly #labelLines: string[] = [];
  readonly #dropped = new Set<DomNode>();
  readonly #options: SanitizeOptions;
  #depth = 0;
  #level = 0;
  #pre = 0;
  /** Inside a table cell, a lone `1` or `©` is data, not furniture. */
  #cell = 0;
  #ruby = 0;
  #silent = 0;
  #rubyStart: number | null = null;

  constructor(options: SanitizeOptions) {
    this.#options = options;
    this.#assets = new AssetCollector(options.resources, options.baseUrl);
  }

  run(root: DomNode): SanitizedArticle {
    const stack: (DomNode | Exit)[] = [];
    pushChildren(stack, root);
    while (stack.length > 0) {
      const item = stack.pop()!;
      if ('close' in item) this.#exit(item);
      else if (item.nodeType === TEXT_NODE || item.nodeType === CDATA_SECTION_NODE) this.#onText(item as DomText);
      else if (item.nodeType === ELEMENT_NODE) this.#onElement(item as DomElement, stack);
    }
    this.#text.flush();
    return {
      html: this.#out.join(''),
      paragraphs: this.#text.paragraphs,
      ruby: this.#text.ruby,
      assets: this.#assets.assets,
      labelLines: this.#labelLines,
    };
  }

  #exit(exit: Exit): void {
    this.#level--;
    if (exit.close !== null) {
      this.#out.push(exit.close);
      this.#depth--;
    }
    if (exit.name === 'pre') this.#pre--;
    if (exit.name === 'td' || exit.name === 'th') this.#cell--;
    if (exit.name === 'ruby') {
      this.#ruby--;
      this.#rubyStart = null;
    }
    if (exit.name === 'rt' || exit.name === 'rp') this.#silent--;
    if (exit.block) this.#text.flush();
  }

  #onElement(el: DomElement, stack: (DomNode | Exit)[]): void {
    const name = el.localName.toLowerCase();
    if (DROP.has(name)) return;
    if (this.#options.dropJunk && this.#level <= MAX_JUDGED_LEVEL && JUNK_CANDIDATE.has(name) && this.#isFurniture(el)) return;
    if (name === 'img') {
      this.#onImage(el);
      return;
    }
    const block = BLOCK.has(name);
    if (block) this.#text.flush();
    const allowed = KEEP[name];
    if (name === 'br' || name === 'hr' || name === 'wbr') {
      this.#out.push(`<${name}>`);
      if (this.#pre > 0 && name === 'br') this.#text.flush();
      return;
    }
    let close: string | null = null;
    if (allowed && this.#depth < MAX_DEPTH) {
      const attrs = this.#attributes(el, name, allowed);
      this.#out.push(`<${name}${attrs}>`);
      if (!VOID.has(name)) {
        close = `</${name}>`;
        this.#depth++;
      }
    }
    if (name === 'pre') this.#pre++;
    if (name === 'td' || name === 'th') this.#cell++;
    if (name === 'ruby') {
      this.#ruby++;
      this.#rubyStart = null;
    }
    if (name === 'rt' && this.#ruby > 0) this.#onRubyText(el);
    if (name === 'rt' || name === 'rp') this.#silent++;
    stack.push({ close, block, name });
    this.#level++;
    if (!VOID.has(name)) pushChildren(stack, el);
  }

  /** True when the block is page furniture, or a label line (kept aside for the metadata). */
  #isFurniture(el: DomElement): boolean {
    if (this.#dropped.has(el)) return true;
    // Only a block that is one line is judged whole: a container starting with a breadcrumb
    // may hold the article after it (its lines are judged one by one further down).
    const raw = singleLineText(el, MAX_LINE_CHARS);
    if (raw === null || raw.trim().length === 0) return false;
    const line = collapse(stripPinyinAnnotations(raw).text);
    const kind = classifyJunkLine(line);
    if (kind === 'navigation' && RELATED_HEADING.test(line)) this.#dropFollowingList(el);
    if (kind !== null) return true;
    if (this.#isRemovableLabelLine(line)) {
      this.#labelLines.push(line);
      return true;
    }
    return false;
  }

  /** A `延伸阅读` / `Related articles` heading takes the list of links after it along. */
  #dropFollowingList(heading: DomElement): void {
    let next = heading.nextSibling;
    while (next && next.nodeType === TEXT_NODE && (next as DomText).data.trim() === '') next = next.nextSibling;
    if (next && next.nodeType === ELEMENT_NODE && /^(?:ul|ol|dl|div|p)$/.test((next as DomElement).localName.toLowerCase())) {
      const list = next as DomElement;
      const text = collapse(list.textContent);
      const linkText = [...list.querySelectorAll('a')].reduce((n, a) => n + collapse(a.textContent).length, 0);
      if (text.length > 0 && linkText / text.length > 0.6) this.#dropped.add(list);
    }
  }

  /**
   * A label line goes when it holds several fields, or a field that never starts a sentence;
   * a lone `记者：`/`作者：`/`时间：` line only near the top (interviews use `记者：` for questions).
   */
  #isRemovableLabelLine(line: string): boolean {
    if (!isLabelLine(line)) return false;
    const fields = readLabels(line);
    if (fields.length >= 2) return true;
    const { field, label } = fields[0]!;
    // `时间：3月5日 地点：体育馆` in an event notice is content; a bare 时间 line counts only near the top.
    const weak = field === 'author' || field === 'reporter' || /^(?:时间|時間|日期)$/.test(label);
    return weak ? this.#text.paragraphs.length < 4 : true;
  }

  #onText(node: DomText): void {
    const data = node.data;
    if (this.#options.dropJunk && this.#pre === 0 && this.#cell === 0 && this.#level <= MAX_JUDGED_LEVEL && data.length <= MAX_LINE_CHARS && isOwnLine(node)) {
      const line = collapse(stripPinyinAnnotations(data).text);
      if (line && (classifyJunkLine(line) !== null || this.#isRemovableLabelLine(line))) {
        if (isLabelLine(line)) this.#labelLines.push(line);
        return;
      }
    }
    const { text, marks } = this.#options.pinyin && this.#ruby === 0 ? stripPinyinAnnotations(data) : { text: data, marks: [] };
    let last = 0;
    for (const mark of marks) {
      this.#emitText(text.slice(last, mark.offset));
      this.#out.push(`<ruby>${escapeText(mark.base)}<rt>${escapeText(mark.text)}</rt></ruby>`);
      if (this.#silent === 0) {
        const offset = this.#text.append(mark.base);
        if (offset >= 0) this.#text.addRuby(offset, mark.base, mark.text);
      }
      last = mark.offset + mark.base.length;
    }
    this.#emitText(text.slice(last));
  }

  #emitText(text: string): void {
    if (!text) return;
    this.#out.push(escapeText(text));
    if (this.#silent > 0) return;
    if (this.#pre > 0) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (i > 0) this.#text.flush();
        this.#appendTracked(line);
      });
    } else this.#appendTracked(text);
  }

  #appendTracked(text: string): void {
    const offset = this.#text.append(text);
    if (this.#ruby > 0 && this.#rubyStart === null && offset >= 0) this.#rubyStart = offset;
  }

  /** Native `<ruby>base<rt>reading</rt></ruby>`: the base is what the ruby held so far. */
  #onRubyText(rt: DomElement): void {
    const reading = collapse(rt.textContent ?? '');
    if (this.#rubyStart === null || !reading || this.#silent > 0) return;
    const base = this.#text.current.slice(this.#rubyStart);
    if (base) this.#text.addRuby(this.#rubyStart, base, reading);
    this.#rubyStart = null;
  }

  #onImage(el: DomElement): void {
    const alt = collapse(el.getAttribute('alt') ?? '');
    const candidates = imageSources(el);
    for (const src of candidates) {
      const asset = this.#assets.localImage(src);
      if (!asset) continue;
      const size = ['width', 'height']
        .map((a) => [a, el.getAttribute(a)?.trim() ?? ''] as const)
        .filter(([, v]) => /^\d{1,5}$/.test(v))
        .map(([a, v]) => ` ${a}="${v}"`)
        .join('');
      this.#out.push(`<img src="${asset}" alt="${escapeAttr(alt)}"${size}>`);
      return;
    }
    // Anything not stored locally becomes a placeholder that cannot load: alt text and the URL as data.
    const remote = candidates.map((c) => this.#resolve(c)).find((u): u is string => u !== null && /^https?:/i.test(u));
    const label = alt ? ` aria-label="${escapeAttr(alt)}"` : '';
    const source = remote ? ` data-original-src="${escapeAttr(remote)}"` : '';
    this.#out.push(`<span class="image-placeholder" role="img"${label}${source}>${escapeText(alt)}</span>`);
  }

  #attributes(el: DomElement, name: string, allowed: readonly string[]): string {
    let out = '';
    const title = el.getAttribute('title');
    if (title) out += ` title="${escapeAttr(collapse(title))}"`;
    const lang = el.getAttribute('lang')?.trim();
    if (lang && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(lang)) out += ` lang="${lang}"`;
    const dir = el.getAttribute('dir')?.trim().toLowerCase();
    if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out += ` dir="${dir}"`;
    for (const attr of allowed) {
      const value = el.getAttribute(attr)?.trim();
      if (value === undefined) continue;
      if (attr === 'reversed') out += ' reversed';
      else if (attr === 'type' && /^[1aAiI]$/.test(value)) out += ` type="${value}"`;
      else if (attr === 'datetime' && value.length <= 64) out += ` datetime="${escapeAttr(value)}"`;
      else if (/^-?\d{1,6}$/.test(value) && attr !== 'type' && attr !== 'datetime') out += ` ${attr}="${value}"`;
    }
    if (name === 'a') {
      const href = this.#resolve(el.getAttribute('href') ?? '');
      if (href && SAFE_LINK.test(href)) out += ` href="${escapeAttr(href)}" rel="noopener noreferrer nofollow"`;
    }
    return out;
  }

  /** An absolute URL for `url`, or null (fragments, unresolvable relative paths, junk). */
  #resolve(url: string): string | null {
    const t = url.trim().replace(/[\u0000-\u001f\u007f]/g, '');
    if (!t || t.startsWith('#')) return null;
    try {
      return this.#options.baseUrl ? new URL(t, this.#options.baseUrl).href : new URL(t).href;
    } catch {
      return null;
    }
  }
}

/**
 * The text of a block that holds one line: null when it has a line-breaking element inside or
 * more than `limit` characters (the walk stops as soon as either is found).
 */
function singleLineText(root: DomElement, limit: number): string | null {
  let text = '';
  const stack: DomNode[] = [];
  pushChildren(stack, root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      text += (node as DomText).data;
      if (text.length > limit) return null;
    } else if (node.nodeType === ELEMENT_NODE) {
      if (LINE_BREAKING.has((node as DomElement).localName.toLowerCase())) return null;
      pushChildren(stack, node);
    }
  }
  return text;
}

function pushChildren(stack: (DomNode | Exit)[], parent: DomNode): void {
  for (let child = parent.lastChild; child; child = child.previousSibling) stack.push(child);
}

/** True when a text node stands on a line of its own: between `<br>`s or block edges. */
function isOwnLine(node: DomNode): boolean {
  const edge = (n: DomNode | null): boolean => {
    if (!n) return true;
    if (n.nodeType === TEXT_NODE) return (n as DomText).data.trim() === '';
    return n.nodeType === ELEMENT_NODE && BLOCK.has((n as DomElement).localName.toLowerCase());
  };
  const parent = node.parentNode;
  if (!parent || parent.nodeType !== ELEMENT_NODE || !BLOCK.has((parent as DomElement).localName.toLowerCase())) return false;
  return edge(node.previousSibling) && edge(node.nextSibling);
}

/** Where an `<img>` may keep its picture: `src`, lazy-loading attributes, the first `srcset` entry. */
function imageSources(el: DomElement): string[] {
  const out: string[] = [];
  for (const attr of ['src', 'data-src', 'data-original', 'data-lazy-src', 'data-url']) {
    const v = el.getAttribute(attr)?.trim();
    if (v) out.push(v);
  }
  for (const attr of ['srcset', 'data-srcset']) {
    const first = el.getAttribute(attr)?.trim().split(/\s+/)[0];
    if (first) out.push(first.replace(/,$/, ''));
  }
  return [...new Set(out)];
}
