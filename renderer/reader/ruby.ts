/**
 * Pinyin (or other) annotations kept as data beside the text are put back on their characters as
 * `<ruby>` elements, marked `added` so the reader can show or hide them with one attribute.
 */
import type { RubyAnnotation } from '../../archive/model.ts';

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, td, th, dt, dd';
const squash = (s: string): string => s.replace(/\s+/g, '');

/** The blocks of `content` that hold each paragraph, matched by their text, in order. */
export function paragraphBlocks(content: Element, paragraphs: readonly string[]): (Element | undefined)[] {
  const blocks = [...content.querySelectorAll(BLOCKS)].filter((b) => !b.querySelector(BLOCKS));
  const found: (Element | undefined)[] = [];
  let from = 0;
  paragraphs.forEach((paragraph, k) => {
    const want = squash(paragraph);
    const at = blocks.findIndex((b, i) => i >= from && squash(b.textContent ?? '') === want);
    if (at >= 0) {
      found[k] = blocks[at];
      from = at + 1;
    } else {
      found[k] = blocks[k];
    }
  });
  return found;
}

/** Wraps the `nth` occurrence of `base` in the text under `block`; false when it is not there. */
function wrapOccurrence(block: Element, base: string, nth: number, annotation: string): boolean {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('rt, ruby') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let seen = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    let index = node.data.indexOf(base);
    while (index >= 0) {
      if (seen === nth) {
        const target = node.splitText(index);
        target.splitText(base.length);
        const ruby = doc.createElement('ruby');
        const rt = doc.createElement('rt');
        rt.className = 'added';
        rt.textContent = annotation;
        target.replaceWith(ruby);
        ruby.append(target, rt);
        return true;
      }
      seen++;
      index = node.data.indexOf(base, index + base.length);
    }
  }
  return false;
}

/** Puts each annotation on its character in `content`; returns how many found their place. */
export function applyRuby(content: Element, paragraphs: readonly string[], ruby: readonly RubyAnnotation[]): number {
  if (ruby.length === 0) return 0;
  const blocks = paragraphBlocks(content, paragraphs);
  let placed = 0;
  // Last first, so earlier occurrences are counted before any wrapping changes the text nodes.
  const ordered = [...ruby].sort((a, b) => b.paragraph - a.paragraph || b.offset - a.offset);
  for (const r of ordered) {
    const paragraph = paragraphs[r.paragraph];
    const block = blocks[r.paragraph];
    if (paragraph === undefined || !block || !r.base) continue;
    let nth = 0;
    for (let i = paragraph.indexOf(r.base); i >= 0 && i < r.offset; i = paragraph.indexOf(r.base, i + r.base.length)) nth++;
    if (wrapOccurrence(block, r.base, nth, r.text)) placed++;
  }
  return placed;
}
