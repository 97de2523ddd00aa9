/**
 * The reading position as a place in the text, not a fraction of the page's height. Blocks off
 * screen are not laid out (the frame's stylesheet gives them `content-visibility: auto`), so the
 * height is an estimate that changes as the reader scrolls; the block at the top of the view and
 * how far into it the view starts do not, whatever the font size, width or script.
 *
 * A position is one number 0..1: `(i + f) / n`, where block `i` of `n` is the first one whose
 * bottom is below the top of the view and `f` is how much of it is above the view.
 */

/** The header, then each top-level block of the content. */
function blocks(doc: Document): Element[] {
  const header = doc.querySelector('article > header');
  const content = doc.querySelector('.content');
  return [...(header ? [header] : []), ...(content ? Array.from(content.children) : [])];
}

/** Where the view is, 0..1 (1 when it is at the very end). */
export function readPosition(doc: Document): number {
  const scroller = doc.scrollingElement;
  if (!scroller) return 0;
  const range = scroller.scrollHeight - scroller.clientHeight;
  if (range <= 0 || scroller.scrollTop <= 0) return 0;
  if (scroller.scrollTop >= range - 1) return 1;
  const list = blocks(doc);
  for (let i = 0; i < list.length; i++) {
    const box = list[i]!.getBoundingClientRect();
    if (box.bottom <= 0) continue;
    const into = box.height > 0 ? Math.min(1, Math.max(0, -box.top / box.height)) : 0;
    return (i + into) / list.length;
  }
  return 1;
}

/** Scrolls the view to `position` (from `readPosition`). */
export function restorePosition(doc: Document, position: number): void {
  const scroller = doc.scrollingElement;
  if (!scroller) return;
  if (!(position > 0)) {
    scroller.scrollTop = 0;
    return;
  }
  const list = blocks(doc);
  if (position >= 1 || list.length === 0) {
    scroller.scrollTop = position >= 1 ? scroller.scrollHeight : position * (scroller.scrollHeight - scroller.clientHeight);
    return;
  }
  const at = position * list.length;
  const target = list[Math.min(list.length - 1, Math.floor(at))]!;
  // Laid out now, at its real height, rather than when it scrolls into view a frame later.
  target.setAttribute('data-anchor', '');
  const box = target.getBoundingClientRect();
  scroller.scrollTop += box.top + (at - Math.floor(at)) * box.height;
  // It keeps that height as its remembered size; the blocks above it that come into view later
  // change their height under the browser's scroll anchoring, which keeps this one in place.
  target.removeAttribute('data-anchor');
}
