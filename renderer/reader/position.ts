/**
 * The reading position as a place in the text, not a fraction of the page's height. Blocks off
 * screen are not laid out (the frame's stylesheet gives them `content-visibility: auto`), so the
 * height is an estimate that changes as the reader scrolls; the block at the top of the view and
 * how far into it the view starts do not, whatever the font size, width or script.
 *
 * A position is one number 0..1: `(i + f) / n`, where block `i` of `n` is the first one whose
 * bottom is below the top of the view and `f` is how much of it is above the view. In vertical
 * columns (直排) the same holds sideways: blocks follow each other right to left, the view starts
 * at its right edge, and the page scrolls leftwards (scrollLeft runs from 0 down to negative).
 */

/** The reading direction of the blocks: down the page, or leftwards across columns. */
interface Axis {
  /** How far the view has moved from the start, and how far it can. */
  offset(scroller: Element): number;
  range(scroller: Element): number;
  moveBy(scroller: Element, delta: number): void;
  /** Where a block starts and ends, measured from the view's start edge along the reading direction. */
  span(box: DOMRect, scroller: Element): { start: number; size: number };
}

const DOWN: Axis = {
  offset: (s) => s.scrollTop,
  range: (s) => s.scrollHeight - s.clientHeight,
  moveBy: (s, d) => void (s.scrollTop += d),
  span: (box) => ({ start: box.top, size: box.height }),
};

const LEFTWARDS: Axis = {
  offset: (s) => -s.scrollLeft,
  range: (s) => s.scrollWidth - s.clientWidth,
  moveBy: (s, d) => void (s.scrollLeft -= d),
  span: (box, s) => ({ start: s.clientWidth - box.right, size: box.width }),
};

function axisOf(doc: Document): Axis {
  return doc.documentElement.dataset.writing === 'vertical' ? LEFTWARDS : DOWN;
}

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
  const axis = axisOf(doc);
  const range = axis.range(scroller);
  const offset = axis.offset(scroller);
  if (range <= 0 || offset <= 0) return 0;
  if (offset >= range - 1) return 1;
  const list = blocks(doc);
  for (let i = 0; i < list.length; i++) {
    const { start, size } = axis.span(list[i]!.getBoundingClientRect(), scroller);
    if (start + size <= 0) continue;
    const into = size > 0 ? Math.min(1, Math.max(0, -start / size)) : 0;
    return (i + into) / list.length;
  }
  return 1;
}

/** Scrolls the view to `position` (from `readPosition`). */
export function restorePosition(doc: Document, position: number): void {
  const scroller = doc.scrollingElement;
  if (!scroller) return;
  const axis = axisOf(doc);
  const moveTo = (offset: number): void => axis.moveBy(scroller, offset - axis.offset(scroller));
  if (!(position > 0)) {
    moveTo(0);
    return;
  }
  const list = blocks(doc);
  if (position >= 1 || list.length === 0) {
    moveTo(position >= 1 ? axis.range(scroller) : position * axis.range(scroller));
    return;
  }
  const at = position * list.length;
  const target = list[Math.min(list.length - 1, Math.floor(at))]!;
  // Laid out now, at its real height, rather than when it scrolls into view a frame later.
  target.setAttribute('data-anchor', '');
  const { start, size } = axis.span(target.getBoundingClientRect(), scroller);
  axis.moveBy(scroller, start + (at - Math.floor(at)) * size);
  // It keeps that height as its remembered size; the blocks above it that come into view later
  // change their height under the browser's scroll anchoring, which keeps this one in place.
  target.removeAttribute('data-anchor');
  if (axis === LEFTWARDS) {
    // Sideways, Chromium's scroll anchoring moves the wrong way, so the vertical stylesheet turns
    // it off (overflow-anchor: none) and the block is put back here instead, on each of the next
    // frames while the columns beside the view get their real width, unless the reader has
    // scrolled meanwhile (the window's frames: a callback on the sandboxed frame's would be refused).
    let placed = axis.offset(scroller);
    let frames = 20;
    const again = (): void => {
      if (!target.isConnected || Math.abs(axis.offset(scroller) - placed) > 1) return;
      const { start: now, size: width } = axis.span(target.getBoundingClientRect(), scroller);
      axis.moveBy(scroller, now + (at - Math.floor(at)) * width);
      placed = axis.offset(scroller);
      if (--frames > 0) requestAnimationFrame(again);
    };
    requestAnimationFrame(again);
  }
}
