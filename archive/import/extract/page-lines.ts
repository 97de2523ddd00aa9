/**
 * The visible lines of a whole page, in reading order, each with how much of it is link text
 * and whether it sits in a list: what the metadata reader needs to tell the article's own
 * `作者：… 时间：…` line from a "related articles" list of other stories with their dates.
 */
import { collapse } from './common.ts';
import { ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';

export interface PageLine {
  text: string;
  /** Share of the line's characters inside `<a href>`. */
  linkShare: number;
  /** Inside `<li>`, `<dd>` or `<dt>`. */
  inList: boolean;
  /** Inside `<h1>`. */
  heading: boolean;
}

const LINE_BREAKERS = new Set([
  'p', 'div', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header',
  'footer', 'dd', 'dt', 'table', 'ul', 'ol', 'dl', 'span', 'time', 'center', 'blockquote', 'main', 'aside', 'nav', 'font',
]);
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'title', 'iframe', 'object', 'select', 'textarea', 'button']);
const LIST = new Set(['li', 'dd', 'dt']);

interface Frame {
  kind: 'exit';
  name: string;
}

/** The page's visible lines (at most `limit`, each at most 400 characters kept). */
export function pageLines(document: DomDocument, limit = 4000): PageLine[] {
  const lines: PageLine[] = [];
  let text = '';
  let linked = 0;
  let links = 0;
  let lists = 0;
  let h1 = 0;
  let inList = false;
  let heading = false;
  // A line is "in a list" or "a heading" when any of its text was.
  const flush = (): void => {
    const t = collapse(text);
    if (t) {
      lines.push({ text: [...t].slice(0, 400).join(''), linkShare: Math.min(1, linked / t.length), inList: inList || lists > 0, heading: heading || h1 > 0 });
    }
    text = '';
    linked = 0;
    inList = false;
    heading = false;
  };
  const stack: (DomNode | Frame)[] = [];
  if (document.body) stack.push(document.body);
  while (stack.length > 0 && lines.length < limit) {
    const item = stack.pop()!;
    if ('kind' in item) {
      if (LINE_BREAKERS.has(item.name)) flush();
      if (item.name === 'a') links--;
      if (LIST.has(item.name)) lists--;
      if (item.name === 'h1') h1--;
      continue;
    }
    if (item.nodeType === TEXT_NODE) {
      const data = item.textContent ?? '';
      text += data;
      if (links > 0) linked += collapse(data).length;
      if (lists > 0) inList = true;
      if (h1 > 0 && data.trim()) heading = true;
      if (text.length > 4000) flush();
      continue;
    }
    if (item.nodeType !== ELEMENT_NODE) continue;
    const name = (item as DomElement).localName.toLowerCase();
    if (INVISIBLE.has(name)) continue;
    if (LINE_BREAKERS.has(name)) flush();
    const link = name === 'a' && (item as DomElement).getAttribute('href') !== null;
    if (link) links++;
    if (LIST.has(name)) lists++;
    if (name === 'h1') h1++;
    stack.push({ kind: 'exit', name: name === 'a' && !link ? 'a-plain' : name });
    for (let child = item.lastChild; child; child = child.previousSibling) stack.push(child);
  }
  flush();
  return lines;
}
