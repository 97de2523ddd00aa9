/**
 * Highlights drawn in the article frame, and the reader's selection read back as a span of a
 * paragraph. The frame runs no script: the window does both through the frame's document. A
 * highlight is `<mark class="hl" data-highlight data-color>` around its characters (one mark per
 * text node it covers); its anchor counts in the paragraph text of the shown script, which
 * archive/highlights/spans.ts aligns with the block's text nodes (ruby annotations left out).
 */
import type { HighlightSpan } from '../../archive/contract.ts';
import { paragraphOffsetOf, spanInPieces, type Highlight } from '../../archive/model.ts';
import { paragraphBlocks } from './ruby.ts';

const MARK = 'mark.hl';

/** The text nodes of a block in order, without ruby annotations. */
function textNodes(block: Element): Text[] {
  const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('rt, rp') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Removes every highlight mark under `root`, leaving the text as it was. */
export function clearHighlightMarks(root: Element): void {
  for (const mark of root.querySelectorAll(MARK)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

/** Draws `highlights` (anchored in `paragraphs`) in `content`; returns how many found their place. */
export function drawHighlights(content: Element, paragraphs: readonly string[], highlights: readonly Highlight[]): number {
  clearHighlightMarks(content);
  if (highlights.length === 0) return 0;
  const blocks = paragraphBlocks(content, paragraphs);
  const doc = content.ownerDocument;
  let placed = 0;
  for (const h of highlights) {
    const block = blocks[h.anchor.paragraph];
    const paragraph = paragraphs[h.anchor.paragraph];
    if (!block || paragraph === undefined) continue;
    const nodes = textNodes(block);
    const ranges = spanInPieces(paragraph, nodes.map((n) => n.data), h.anchor.start, h.anchor.end);
    // Last piece first: splitting a node leaves the earlier nodes as they were.
    for (const range of [...ranges].reverse()) {
      let target = nodes[range.piece]!;
      if (range.start > 0) target = target.splitText(range.start);
      if (range.end - range.start < target.data.length) target.splitText(range.end - range.start);
      const mark = doc.createElement('mark');
      mark.className = 'hl';
      mark.dataset.highlight = h.id;
      mark.dataset.color = h.color;
      if (h.note) mark.title = h.note;
      target.replaceWith(mark);
      mark.append(target);
    }
    if (ranges.length > 0) placed++;
  }
  return placed;
}

/** Where a boundary point (`container`, `offset`) is among `nodes`: the node and the offset in it. */
function pointIn(doc: Document, nodes: readonly Text[], container: Node, offset: number): [number, number] {
  const at = nodes.indexOf(container as Text);
  if (at >= 0) return [at, offset];
  const point = doc.createRange();
  point.setStart(container, offset);
  const next = nodes.findIndex((node) => point.comparePoint(node, 0) >= 0);
  return next >= 0 ? [next, 0] : [nodes.length, 0];
}

/**
 * The reader's selection in the frame as a span of one paragraph (a selection running on past its
 * paragraph is cut at the paragraph's end); null when nothing, or nothing of the text, is selected.
 */
export function selectedSpan(doc: Document, content: Element, paragraphs: readonly string[]): HighlightSpan | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const blocks = paragraphBlocks(content, paragraphs);
  const startBlock = range.startContainer.nodeType === 1 ? (range.startContainer as Element) : range.startContainer.parentElement;
  const index = blocks.findIndex((b) => b && startBlock && (b === startBlock || b.contains(startBlock)));
  const block = blocks[index];
  const paragraph = paragraphs[index];
  if (!block || paragraph === undefined) return null;
  const nodes = textNodes(block);
  const pieces = nodes.map((n) => n.data);
  const start = paragraphOffsetOf(paragraph, pieces, ...pointIn(doc, nodes, range.startContainer, range.startOffset));
  const end = block.contains(range.endContainer) ? paragraphOffsetOf(paragraph, pieces, ...pointIn(doc, nodes, range.endContainer, range.endOffset)) : paragraph.length;
  return end > start ? { paragraph: index, start, end } : null;
}
