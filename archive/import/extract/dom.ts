/**
 * The slice of the DOM we use, typed here because `archive/` compiles without the DOM library,
 * and the one place that parses HTML (linkedom: a fast DOM for plain Node).
 */
import { parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly lastChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly previousSibling: DomNode | null;
  textContent: string | null;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
  remove(): void;
  innerHTML: string;
}

export interface DomText extends DomNode {
  data: string;
}

export interface DomDocument extends DomNode {
  readonly documentElement: DomElement;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/**
 * Walks the elements under `root` (without recursion) and removes those `doom` picks: an element
 * it picks is not descended into, and it may add others (siblings that go with it) to `doomed`.
 * Removal comes after the walk, so every judgement sees the tree whole. Returns how many went.
 */
export function removeElements(root: DomNode, doom: (el: DomElement, doomed: Set<DomElement>) => boolean): number {
  const doomed = new Set<DomElement>();
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let c = node.lastChild; c; c = c.previousSibling) {
      if (c.nodeType !== ELEMENT_NODE) continue;
      const el = c as DomElement;
      if (doom(el, doomed)) doomed.add(el);
      else stack.push(el);
    }
  }
  for (const el of doomed) el.remove();
  return doomed.size;
}

const HEAD_TOKEN =
  /\s+|<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(title|style|script|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<\/?(?:html|head|meta|link|base)\b[^>]*>/iy;

/**
 * Where `<body>` starts in a page that leaves the tag out (legal HTML that linkedom's parser
 * does not repair): after `</head>`, else before the first thing that cannot sit in a head.
 */
function bodyStart(html: string): number {
  const headEnd = /<\/head\s*>/i.exec(html);
  if (headEnd) return headEnd.index + headEnd[0].length;
  HEAD_TOKEN.lastIndex = 0;
  let at = 0;
  while (at < html.length) {
    HEAD_TOKEN.lastIndex = at;
    const m = HEAD_TOKEN.exec(html);
    if (!m || m[0].length === 0) break;
    at += m[0].length;
  }
  return at;
}

/** Parses a whole page (or a fragment) into a linkedom document that always has a body. */
export function parseDocument(html: string): DomDocument {
  let source = html;
  if (!/<body[\s>]/i.test(source)) {
    const at = bodyStart(source);
    const head = source.slice(0, at);
    const tail = source.slice(at).replace(/<\/html\s*>\s*$/i, '');
    const htmlTag = /<html\b[^>]*>/i.exec(head)?.[0] ?? '<html>';
    const headInner = head.replace(/<!doctype[^>]*>|<\/?html\b[^>]*>|<\/?head\b[^>]*>/gi, '');
    source = `<!DOCTYPE html>${htmlTag}<head>${headInner}</head><body>${tail}</body></html>`;
  } else if (!/<html[\s>]/i.test(source)) {
    source = `<html>${source}</html>`;
  }
  const window = parseHTML(source) as unknown as { document: DomDocument };
  return window.document;
}
