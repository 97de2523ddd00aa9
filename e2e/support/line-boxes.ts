/**
 * Lines as Chromium laid them out, read from the line boxes themselves: every character's box in
 * the article's paragraphs, split into lines where the inline position jumps back (to the left
 * edge in horizontal text, to the top in vertical columns). Used by the layout tests and nothing
 * else; an in-page script is a string, as the TypeScript loader would add helpers a function
 * cannot carry into the page.
 */
import type { Page } from 'playwright-core';

/** One laid-out line: its first and last visible characters and the whole text. */
export interface LaidLine {
  paragraph: number;
  text: string;
  first: string;
  last: string;
}

const READ_LINES = `(content) => {
  const vertical = content.ownerDocument.documentElement.dataset.writing === 'vertical';
  const lines = [];
  const blocks = [...content.querySelectorAll('p')];
  blocks.forEach((p, index) => {
    p.setAttribute('data-anchor', '');
    const walker = p.ownerDocument.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest('rt') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let line = null;
    let lastPos = -Infinity;
    let lastCross = null;
    const range = p.ownerDocument.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i];
        if (/\\s/.test(ch)) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || rect.width === 0 && rect.height === 0) continue;
        const pos = vertical ? rect.top : rect.left;
        const cross = vertical ? -rect.left : rect.top;
        // A new line: the inline position went back, and the block position moved on.
        if (!line || (pos < lastPos - 2 && cross > lastCross + 2)) {
          line = { paragraph: index, text: '' };
          lines.push(line);
        }
        line.text += ch;
        lastPos = pos;
        lastCross = cross;
      }
    }
    p.removeAttribute('data-anchor');
  });
  return lines.map((l) => ({ paragraph: l.paragraph, text: l.text, first: l.text[0], last: l.text[l.text.length - 1] }));
}`;

const CONTENT = "document.querySelector('reader-app').shadowRoot.querySelector('article-frame').shadowRoot.querySelector('iframe').contentDocument.querySelector('.content')";

/** The lines of every paragraph of the open article's content, as laid out now. */
export async function laidOutLines(page: Page): Promise<LaidLine[]> {
  return (await page.evaluate(`(${READ_LINES})(${CONTENT})`)) as LaidLine[];
}
