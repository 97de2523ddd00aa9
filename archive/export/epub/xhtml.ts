/**
 * Stored article HTML as EPUB content: well-formed XHTML from an allow-list of elements (others
 * are unwrapped, keeping their text), attributes limited to what a reader needs, links only to
 * the web, and `asset:` images pointing at the book's own copies. E-readers are strict XML
 * parsers: one unclosed `<br>` and the chapter does not open.
 */
import { parseHTML } from 'linkedom';

const ALLOWED = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 's',
  'sub', 'sup', 'br', 'hr', 'a', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption',
  'span', 'div', 'ruby', 'rt', 'rp', 'rb', 'section', 'article', 'header', 'footer', 'small', 'mark', 'q', 'cite', 'abbr', 'time',
  'dl', 'dt', 'dd', 'del', 'ins', 'aside', 'kbd', 'samp', 'var', 'wbr', 'bdi', 'bdo',
]);
const DROPPED = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'template', 'noscript', 'svg', 'math', 'video', 'audio', 'source', 'picture', 'canvas', 'head', 'title']);
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
const ATTRIBUTES: Record<string, Set<string>> = {
  '*': new Set(['lang', 'dir', 'title']),
  a: new Set(['href']),
  img: new Set(['src', 'alt']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  ol: new Set(['start']),
  time: new Set(['datetime']),
  // Upright digits in vertical columns (`tcy`), as the Chinese setting marks them.
  span: new Set(['class']),
  // Highlights (`hl yellow` …), as export/highlights-export.ts marks them.
  mark: new Set(['class']),
};

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

export interface XhtmlOptions {
  /** The book path of an `asset:` image (`images/<name>`), or null when the book does not carry it. */
  image(name: string): string | null;
  /** Converts text for the chosen script (text nodes, alt and title). */
  text(value: string): string;
}

/** The article HTML as an XHTML fragment. */
export function articleXhtml(html: string, options: XhtmlOptions): string {
  const { document } = parseHTML(`<!doctype html><html><body><div id="epub-root">${html}</div></body></html>`);
  const root = document.getElementById('epub-root') as unknown as DomNode;
  const out: string[] = [];
  const walk = (node: DomNode, inRuby: boolean): void => {
    if (node.nodeType === 3) {
      out.push(escapeXml(inRuby ? (node.textContent ?? '') : options.text(node.textContent ?? '')));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toLowerCase();
    if (DROPPED.has(tag)) return;
    const children = (rt: boolean): void => {
      for (const child of Array.from(node.childNodes)) walk(child, rt);
    };
    if (!ALLOWED.has(tag)) {
      children(inRuby);
      return;
    }
    const attrs: string[] = [];
    for (const attr of Array.from(node.attributes ?? [])) {
      const name = attr.name.toLowerCase();
      if (!ATTRIBUTES['*']!.has(name) && !ATTRIBUTES[tag]?.has(name)) continue;
      let value = attr.value;
      if (name === 'href' && !/^(https?:|mailto:)/i.test(value.trim())) continue;
      if (name === 'alt' || name === 'title') value = options.text(value);
      if (name === 'src') continue;
      attrs.push(` ${name}="${escapeXml(value)}"`);
    }
    if (tag === 'img') {
      const src = (Array.from(node.attributes ?? []).find((a) => a.name.toLowerCase() === 'src')?.value ?? '').trim();
      const asset = /^asset:([0-9a-f]{64}\.[a-z0-9]{1,10})$/.exec(src)?.[1];
      const path = asset ? options.image(asset) : null;
      const alt = Array.from(node.attributes ?? []).find((a) => a.name.toLowerCase() === 'alt')?.value ?? '';
      if (!path) {
        out.push(`<span class="image-placeholder">${escapeXml(`[${options.text(alt) || 'image'}]`)}</span>`);
        return;
      }
      if (!attrs.some((a) => a.startsWith(' alt='))) attrs.push(' alt=""');
      out.push(`<img src="${escapeXml(path)}"${attrs.join('')}/>`);
      return;
    }
    if (VOID.has(tag)) {
      out.push(`<${tag}${attrs.join('')}/>`);
      return;
    }
    out.push(`<${tag}${attrs.join('')}>`);
    children(inRuby || tag === 'rt' || tag === 'rp');
    out.push(`</${tag}>`);
  };
  for (const child of Array.from(root.childNodes)) walk(child, false);
  return out.join('');
}
