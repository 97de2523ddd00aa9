/**
 * The article Readability picked, refined: short blocks that are furniture in any page (share and
 * comment prompts, reading time, picture credits, filing lines) go, and so does a teaser box: a
 * "Related stories" / "Auch interessant" / "Top 5 …" heading with the links after it.
 */
import { ELEMENT_NODE, removeElements, TEXT_NODE, type DomElement, type DomNode } from './dom.ts';
import { CAPTION_CREDIT, CREDIT_LINE, FILING_LINE, FURNITURE_LINE, FURNITURE_PHRASE, LEGAL_HEADING, TEASER_HEADING, TEASER_LEAD, isDateLine } from './boilerplate.ts';

/** Longest block judged as one line of furniture. */
const MAX_LINE = 200;
/** Longest block that a furniture phrase makes furniture (a paragraph may mention a newsletter). */
const MAX_PHRASE_LINE = 320;
/** Blocks judged whole. */
const BLOCKS = new Set(['p', 'div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dt', 'dd', 'header', 'footer', 'section', 'aside', 'figcaption', 'strong', 'b', 'em', 'small', 'time', 'a', 'ul', 'ol', 'dl', 'address', 'blockquote']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const squash = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();

const elementName = (node: DomNode): string => (node.nodeType === ELEMENT_NODE ? (node as DomElement).localName.toLowerCase() : '');

/** Share of an element's text that sits in links. */
export function linkDensity(el: DomElement): number {
  const total = squash(el.textContent).length;
  if (total === 0) return 0;
  let links = 0;
  for (const a of el.querySelectorAll('a')) links += squash(a.textContent).length;
  return Math.min(1, links / total);
}

/** What kind of furniture a short line is, or null. */
export function furnitureLineKind(line: string, leaf = true): 'teaser-heading' | 'furniture' | null {
  const t = squash(line);
  if (!t || t.length > MAX_PHRASE_LINE) return null;
  if (t.length <= MAX_LINE && TEASER_HEADING.test(t)) return 'teaser-heading';
  if (t.length <= MAX_LINE && (FURNITURE_LINE.test(t) || CREDIT_LINE.test(t) || FILING_LINE.test(t) || TEASER_LEAD.test(t))) return 'furniture';
  // A phrase or a date judges a block of one line only: a wrapper of short paragraphs may be the article.
  if (leaf && (isDateLine(t) || FURNITURE_PHRASE.test(t))) return 'furniture';
  return null;
}

/** Removes furniture blocks and teaser boxes from the article root; returns how many went. */
export function refineArticle(root: DomElement): number {
  return removeElements(root, (el, doomed) => {
    const name = el.localName.toLowerCase();
    if (HEADINGS.has(name) && name !== 'h1' && isTeaserTitle(el)) return true;
    if (isCaption(el) && CAPTION_CREDIT.test(squash(el.textContent))) return true;
    if (!BLOCKS.has(name)) return false;
    const text = squash(el.textContent);
    if (text.length <= MAX_LINE && LEGAL_HEADING.test(text)) {
      for (const block of sectionAfter(el)) doomed.add(block as DomElement);
      return true;
    }
    const kind = text.length <= MAX_PHRASE_LINE ? furnitureLineKind(text, !hasBlockChild(el)) : null;
    if (!kind) return false;
    if (kind === 'teaser-heading') for (const box of teaserBox(el)) doomed.add(box as DomElement);
    return true;
  });
}

/**
 * What goes with a teaser heading: the link lists and link-heavy blocks right after it (up to the
 * next heading or a paragraph of text), and the heading's own container when that holds nothing
 * but the heading and links.
 */
function teaserBox(heading: DomElement): DomNode[] {
  const box: DomNode[] = [];
  let next = heading.nextSibling;
  while (next) {
    if (next.nodeType === TEXT_NODE && squash(next.textContent) === '') {
      next = next.nextSibling;
      continue;
    }
    if (next.nodeType !== ELEMENT_NODE) break;
    const el = next as DomElement;
    const name = el.localName.toLowerCase();
    if (HEADINGS.has(name)) break;
    if (!isTeaserBlock(el)) break;
    box.push(el);
    next = el.nextSibling;
  }
  const parent = heading.parentNode;
  if (box.length === 0 && parent && parent.nodeType === ELEMENT_NODE && elementName(parent) !== 'body') {
    const p = parent as DomElement;
    const rest = squash(p.textContent).length - squash(heading.textContent).length;
    if (rest > 0 && rest < 1500 && linkDensity(p) > 0.5) box.push(p);
  }
  return box;
}

/** A block that points elsewhere: mostly links, or a list whose items are mostly links. */
function isTeaserBlock(el: DomElement): boolean {
  const text = squash(el.textContent);
  if (text.length === 0) return el.querySelector('img, a') !== null;
  return linkDensity(el) > 0.5;
}

const BLOCK_CHILD = new Set(['p', 'div', 'li', 'ul', 'ol', 'table', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'dl', 'figure', 'br']);

function hasBlockChild(el: DomElement): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) if (BLOCK_CHILD.has(elementName(c))) return true;
  return false;
}

/** A heading that is wholly a link to another page: the title of a teaser, not of a section. */
function isTeaserTitle(heading: DomElement): boolean {
  const text = squash(heading.textContent).length;
  if (text === 0) return false;
  let linked = 0;
  const inside = [...heading.querySelectorAll('a[href]')];
  for (let a = heading.parentNode; a && inside.length === 0; a = a.parentNode) {
    if (elementName(a) === 'a') return !((a as DomElement).getAttribute('href') ?? '#').startsWith('#');
    if (BLOCK_CHILD.has(elementName(a))) break;
  }
  for (const a of inside) if (!(a.getAttribute('href') ?? '#').startsWith('#')) linked += squash(a.textContent).length;
  return linked >= text * 0.9;
}

/** A picture caption: `<figcaption>`, or an element its class calls a caption or credit. */
function isCaption(el: DomElement): boolean {
  if (el.localName.toLowerCase() === 'figcaption') return true;
  return /(?:^|[-_\s])(?:caption|credits?|image-?credit|photo-?credit|copyright)(?:$|[-_\s])/i.test(el.getAttribute('class') ?? '') && squash(el.textContent).length <= MAX_PHRASE_LINE;
}

/** The blocks after a heading up to the next heading: the section it titles. */
function sectionAfter(heading: DomElement): DomNode[] {
  const section: DomNode[] = [];
  for (let next = heading.nextSibling; next; next = next.nextSibling) {
    if (HEADINGS.has(elementName(next))) break;
    section.push(next);
  }
  return section;
}
