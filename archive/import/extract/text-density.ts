/**
 * Our own pick of a page's main text, checked against Readability's: furniture is cut out first
 * (navigation, headers, footers, asides, forms, hidden and named furniture containers, link
 * lists), then every block of text adds its length to all its ancestors, text in links counting
 * against them. The container with the best balance is the main text. Where Readability scores
 * by paragraphs and commas, this counts every line of text, so recipes (ingredient lists, step
 * lists), tables and pages cut into many small containers are not lost.
 */
import { ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';
import { namedAsFurniture } from './furniture.ts';
import { linkDensity } from './refine.ts';

const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'nav', 'header', 'footer', 'aside', 'form', 'button',
  'select', 'textarea', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'menu', 'dialog',
]);
const SKIPPED_ROLES = /^(?:navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alert)$/i;
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'td', 'th', 'tr', 'table', 'tbody',
  'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'figure', 'center', 'font', 'body',
]);
const LIST_LIKE = new Set(['ul', 'ol', 'dl', 'div', 'section', 'table', 'tbody', 'p']);

/** How much more a link's character weighs than a character of text (against its container). */
const LINK_WEIGHT = 1.5;

/** Our candidate: the element and the characters of text outside links it holds. */
export interface MainText {
  element: DomElement;
  text: number;
}

const squashedLength = (s: string | null): number => (s ?? '').replace(/\s+/g, ' ').trim().length;

/** Cuts what is never main text out of the document, in place. */
export function cutFurniture(document: DomDocument): void {
  const body = document.body;
  if (!body) return;
  const doomed: DomElement[] = [];
  const stack: DomNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== ELEMENT_NODE) continue;
      const el = c as DomElement;
      const name = el.localName.toLowerCase();
      const role = el.getAttribute('role');
      const hidden = el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true' || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '');
      if (SKIPPED.has(name) || hidden || (role && SKIPPED_ROLES.test(role)) || (name !== 'body' && name !== 'main' && name !== 'article' && namedAsFurniture(el))) doomed.push(el);
      else stack.push(el);
    }
  }
  for (const el of doomed) el.remove();
  // Link lists (menus, teaser lists, tag clouds) left after that.
  for (const el of [...body.querySelectorAll('ul, ol, div, table, p, section')]) {
    if (!el.parentNode) continue;
    const text = squashedLength(el.textContent);
    if (text > 0 && linkDensity(el) > 0.6 && LIST_LIKE.has(el.localName.toLowerCase()) && el.querySelectorAll('a').length >= 2) el.remove();
  }
}

/**
 * The container with the most text for the fewest links, in a document that `cutFurniture` has
 * been through; null when the page has no text.
 */
export function findMainText(document: DomDocument): MainText | null {
  const body = document.body;
  if (!body) return null;
  const score = new Map<DomNode, number>();
  const plain = new Map<DomNode, number>();
  const stack: [DomNode, boolean][] = [[body, false]];
  while (stack.length > 0) {
    const [node, inLink] = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      const n = squashedLength(node.textContent);
      if (n === 0) continue;
      const delta = inLink ? -n * LINK_WEIGHT : n;
      for (let a = node.parentNode; a; a = a.parentNode) {
        score.set(a, (score.get(a) ?? 0) + delta);
        if (!inLink) plain.set(a, (plain.get(a) ?? 0) + n);
        if (a === body) break;
      }
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const link = inLink || (node as DomElement).localName.toLowerCase() === 'a';
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push([c, link]);
  }
  let best: DomElement | null = null;
  let bestScore = 0;
  for (const [node, s] of score) {
    if (node.nodeType !== ELEMENT_NODE || !BLOCK.has((node as DomElement).localName.toLowerCase())) continue;
    if (s > bestScore) {
      best = node as DomElement;
      bestScore = s;
    }
  }
  if (!best) return null;
  // Of equal scores the deepest container wins: a wrapper adds nothing but its own furniture.
  for (;;) {
    let only: DomElement | null = null;
    for (let c = best.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === ELEMENT_NODE && (score.get(c) ?? 0) >= bestScore * Number(process.env.DESCEND ?? 0.8) && BLOCK.has((c as DomElement).localName.toLowerCase())) only = c as DomElement;
    }
    if (!only) break;
    best = only;
    bestScore = score.get(only) ?? 0;
  }
  return { element: best, text: plain.get(best) ?? 0 };
}
