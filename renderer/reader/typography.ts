/**
 * The reader's Chinese setting, applied to the article's DOM in the frame: half-width marks
 * between Han characters shown full-width, short digit runs marked for upright setting in
 * vertical columns, and (where the engine lacks `text-autospace`) Latin runs beside Han given a
 * quarter-em margin. Nothing here adds or removes a character of the text: each change is a span
 * around the characters that were there, and a copy gives back the stored characters (the
 * full-width marks are put back by `storedSelectionText`).
 */
import { autospaceRuns, FULL_WIDTH_OF, punctuationSpots, uprightDigitRuns } from '../../archive/model.ts';

export interface CjkTextOptions {
  /** Show half-width marks between Han characters full-width. */
  punctuation: boolean;
  /** Wrap one- and two-digit runs for `text-combine-upright` (vertical columns). */
  upright: boolean;
  /** Space Han and Latin apart with margins (the engine has no `text-autospace`). */
  autospace: boolean;
}

/** Text under these is left exactly as stored. */
const KEEP = new Set(['CODE', 'PRE', 'KBD', 'SAMP', 'VAR', 'TT', 'RT', 'RP', 'SCRIPT', 'STYLE', 'TEXTAREA']);
/** Classes of the spans this module writes: the stored character of a full-width mark is `data-stored`. */
export const FULL_WIDTH_CLASS = 'cjk-fw';

/** True when this engine spaces Han and Latin apart by itself. */
export function hasNativeAutospace(win: Window): boolean {
  const css = (win as Window & { CSS?: typeof CSS }).CSS;
  return typeof css?.supports === 'function' && css.supports('text-autospace', 'normal');
}

function textNodes(root: Element): Text[] {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      for (let el = node.parentElement; el && el !== root; el = el.parentElement) if (KEEP.has(el.tagName)) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

const BLOCKS = 'p, div, li, dt, dd, blockquote, figcaption, h1, h2, h3, h4, h5, h6, td, th, section, article, header, footer, aside';
/** The block a text node is in: text in two blocks is never read as one run. */
const blockOf = (node: Text): Element | null => node.parentElement?.closest(BLOCKS) ?? null;

interface Wrap {
  start: number;
  end: number;
  className: string;
  shown?: string;
  stored?: string;
}

/** The spans one text node gets, in order, never overlapping. */
function wrapsOf(text: string, before: string, after: string, options: CjkTextOptions): Wrap[] {
  const wraps: Wrap[] = [];
  if (options.punctuation) {
    for (const s of punctuationSpots(text, before, after)) wraps.push({ start: s.index, end: s.index + 1, className: FULL_WIDTH_CLASS, shown: s.full, stored: s.mark });
  }
  if (options.upright) {
    for (const r of uprightDigitRuns(text, before, after)) wraps.push({ start: r.start, end: r.start + r.length, className: 'tcy' });
  }
  if (options.autospace) {
    for (const r of autospaceRuns(text, before, after)) {
      const className = [r.hanBefore ? 'as-s' : '', r.hanAfter ? 'as-e' : ''].filter(Boolean).join(' ');
      wraps.push({ start: r.start, end: r.start + r.length, className });
    }
  }
  wraps.sort((a, b) => a.start - b.start || b.end - a.end);
  // An upright run is set in one em: it takes no quarter-em beside it (the first wrap wins).
  const kept: Wrap[] = [];
  for (const w of wraps) if (!kept.length || w.start >= kept[kept.length - 1]!.end) kept.push(w);
  return kept;
}

/** Applies the setting to the text under `root` (once per rendering of the article); returns the spans made. */
export function applyCjkText(root: Element, options: CjkTextOptions): number {
  if (!options.punctuation && !options.upright && !options.autospace) return 0;
  const doc = root.ownerDocument;
  const nodes = textNodes(root);
  let made = 0;
  nodes.forEach((node, i) => {
    const text = node.data;
    // A cheap test first: most text nodes of a Chinese article need nothing.
    if (!/[,.:;?!()0-9A-Za-z]/.test(text)) return;
    const block = blockOf(node);
    const before = nodes[i - 1] && blockOf(nodes[i - 1]!) === block ? nodes[i - 1]!.data : '';
    const after = nodes[i + 1] && blockOf(nodes[i + 1]!) === block ? nodes[i + 1]!.data : '';
    const wraps = wrapsOf(text, before, after, options);
    if (wraps.length === 0) return;
    const fragment = doc.createDocumentFragment();
    let at = 0;
    for (const w of wraps) {
      if (w.start > at) fragment.append(text.slice(at, w.start));
      const span = doc.createElement('span');
      span.className = w.className;
      if (w.stored !== undefined) span.dataset.stored = w.stored;
      span.textContent = w.shown ?? text.slice(w.start, w.end);
      fragment.append(span);
      at = w.end;
      made++;
    }
    if (at < text.length) fragment.append(text.slice(at));
    node.replaceWith(fragment);
  });
  return made;
}

/**
 * The selection's text with every full-width mark shown in place of a half-width one put back:
 * what the article stores. Each mark is one character either way, so the selection's ends are
 * kept while the marks are swapped, read and swapped back.
 */
export function storedSelectionText(doc: Document): string | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const spans = [...doc.querySelectorAll<HTMLElement>(`span.${FULL_WIDTH_CLASS}`)].filter((span) => range.intersectsNode(span));
  if (spans.length === 0) return null;
  const { startContainer, startOffset, endContainer, endOffset } = range;
  const swap = (toStored: boolean): void => {
    for (const span of spans) {
      const node = span.firstChild as Text | null;
      const stored = span.dataset.stored ?? '';
      // The frame's nodes belong to another realm: test the type by number, not instanceof.
      if (node?.nodeType === 3 && stored) node.data = toStored ? stored : (FULL_WIDTH_OF[stored] ?? node.data);
    }
    range.setStart(startContainer, startOffset);
    range.setEnd(endContainer, endOffset);
  };
  swap(true);
  const text = selection.toString();
  swap(false);
  return text;
}
