/**
 * A page with no article found still comes in as its whole readable text. Before that text is
 * sanitized, the blocks that are furniture by the same rules the article path uses (menus of
 * links, breadcrumbs, label lines, copyright and ICP footers, pagination) are taken out, so
 * what is left is the page's own writing. Table layouts hide these from the sanitizer's own
 * line rules (it does not judge cells), hence this pass over short blocks of any kind.
 */
import { collapse } from './common.ts';
import type { DomElement } from './dom.ts';
import { classifyJunkLine } from './junk.ts';
import { isLabelLine } from './labels.ts';
import { stripPinyinAnnotations } from './pinyin.ts';

const BLOCKS = 'td, th, div, p, li, dd, dt, center, h2, h3, h4, h5, h6, tr, ul, ol, dl, table, span, font, section';
/** Longer blocks are writing, or hold writing: never removed whole. */
const MAX_BLOCK_CHARS = 200;
/** A block this much link text is a menu or a list of other pages. */
const LINK_SHARE = 0.6;
/** Or this much, in three links or more (`站名 首页 | 文集 | 留言`). */
const MENU_LINK_SHARE = 0.3;

/** Removes furniture blocks from `root` in place (the caller's own fresh parse of the page). */
export function stripPageFurniture(root: DomElement): void {
  for (const el of [...root.querySelectorAll(BLOCKS)]) {
    if (!el.parentNode) continue;
    const text = collapse(stripPinyinAnnotations(el.textContent ?? '').text);
    if (!text || [...text].length > MAX_BLOCK_CHARS) continue;
    const links = [...el.querySelectorAll('a[href]')];
    const share = links.reduce((n, a) => n + collapse(a.textContent).length, 0) / text.length;
    const menu = share >= LINK_SHARE || (links.length >= 3 && share >= MENU_LINK_SHARE);
    if (menu || classifyJunkLine(text) !== null || isLabelLine(text)) el.remove();
  }
}
