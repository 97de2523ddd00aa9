/**
 * Page furniture inside the article Readability picked: containers that name themselves comments,
 * share bars, related boxes, newsletters, cookie banners, author bios (see boilerplate.ts).
 * Readability spares such a container when its name also says `content` or `article`
 * (`related-content`, `comment-body`); we don't. A container holding much of the article's text
 * is never removed by its name alone: a misnamed article stays. (Pruning before Readability ran
 * would also change the byline it reads, so this works on its result.)
 */
import { removeElements, type DomElement, type DomNode } from './dom.ts';
import { CONTENT_TOKEN, FURNITURE_TOKEN } from './boilerplate.ts';

/** Share of the body's text above which a container is kept whatever its name. */
const MAX_SHARE = 0.35;

const NEVER = new Set(['script', 'style', 'link', 'meta', 'noscript', 'html', 'body', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'td', 'tr', 'tbody', 'table', 'a', 'img', 'picture', 'figure', 'time']);

/** True when the element's class or id names it furniture and nothing names it content. */
export function namedAsFurniture(el: DomElement): boolean {
  const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  let furniture = false;
  for (const token of tokens) {
    if (token.length > 40) continue;
    if (CONTENT_TOKEN.test(token)) return false;
    if (FURNITURE_TOKEN.test(token)) furniture = true;
  }
  return furniture;
}

const textLength = (node: DomNode): number => (node.textContent ?? '').replace(/\s+/g, ' ').trim().length;

/** Removes the named furniture containers under `root` (an article Readability picked); returns how many went. */
export function pruneFurniture(root: DomElement): number {
  const total = textLength(root);
  return removeElements(root, (el) => !NEVER.has(el.localName.toLowerCase()) && namedAsFurniture(el) && isRemovable(el, total));
}

function isRemovable(el: DomElement, total: number): boolean {
  if (el.querySelector('h1, [itemprop="articleBody"]')) return false;
  return textLength(el) <= total * MAX_SHARE;
}
