/**
 * Our own pick of a page's main text, checked against Readability's: furniture is cut out first
 * (navigation, headers, footers, asides, forms, hidden and named furniture containers, link
 * lists), then every block of text adds its length to all its ancestors, text in links counting
 * against them. The container with the best balance is the main text. Where Readability scores
 * by paragraphs and commas, this counts every line of text, so recipes (ingredient lists, step
 * lists), tables and pages cut into many small containers are not lost.
 */
import { ELEMENT_NODE, removeElements, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';
import { namedAsFurniture } from './furniture.ts';
import { linkDensity } from './refine.ts';

const ALWAYS_SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'textarea', 'iframe', 'object', 'embed',
  'canvas', 'video', 'audio', 'dialog',
]);
const SKIPPED = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu']);
/** Share of the body's text above which a container is kept whatever its tag or name. */
const MAX_SHARE = 0.35;
const SKIPPED_ROLES = /^(?:navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alert)$/i;
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'td', 'th', 'tr', 'table', 'tbody',
  'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'figure', 'center', 'font', 'body',
]);

/** How much more a link's character weighs than a character of text (against its container). */
const LINK_WEIGHT = 1.5;
/** A child holding this share of its parent's score stands for the parent (the rest is furniture around it). */
const DESCEND = 0.8;

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
  const total = squashedLength(body.textContent);
  removeElements(body, (el) => {
    const name = el.localName.toLowerCase();
    const role = el.getAttribute('role');
    const hidden = el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true' || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '');
    if (ALWAYS_SKIPPED.has(name) || hidden) return true;
    // A container that holds much of the page's text is not cut for its name or tag alone.
    const named = name !== 'body' && name !== 'main' && name !== 'article' && namedAsFurniture(el);
    return Boolean(SKIPPED.has(name) || named || (role && SKIPPED_ROLES.test(role))) && squashedLength(el.textContent) <= total * MAX_SHARE;
  });
  // Link lists (menus, teaser lists, tag clouds) left after that.
  for (const el of [...body.querySelectorAll('ul, ol, div, table, section')]) {
    if (!el.parentNode) continue;
    const name = el.localName.toLowerCase();
    const limit = name === 'ul' || name === 'ol' ? 0.6 : 0.75;
    if (squashedLength(el.textContent) > 0 && linkDensity(el) > limit && el.querySelectorAll('a').length >= 2) el.remove();
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
  // The deepest container holding most of the score wins: a wrapper adds little but furniture.
  for (;;) {
    let only: DomElement | null = null;
    let onlyScore = bestScore * DESCEND;
    for (let c = best.firstChild; c; c = c.nextSibling) {
      const s = score.get(c) ?? 0;
      if (c.nodeType === ELEMENT_NODE && s >= onlyScore && BLOCK.has((c as DomElement).localName.toLowerCase())) {
        only = c as DomElement;
        onlyScore = s;
      }
    }
    if (!only) break;
    best = only;
    bestScore = score.get(only) ?? 0;
  }
  return { element: best, text: plain.get(best) ?? 0 };
}
