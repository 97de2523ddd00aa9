/**
 * The reader's Chinese setting, carried into an exported article's HTML (a printed PDF runs no
 * script, so what the window does in its frame is done here, once): half-width marks between Han
 * characters printed full-width when the reader shows them so, and one- and two-digit runs marked
 * for upright setting in vertical columns. The stored article is never touched; this works on
 * the copy being exported.
 */
import { parseHTML } from 'linkedom';
import { punctuationSpots, uprightDigitRuns } from '../convert/punctuation.ts';
import { DEFAULT_SETTINGS } from '../model.ts';
import { isCjkLang, type TypographyChoice } from '../typography/cjk-css.ts';

/** The choices an export takes, each falling back to the reader's default. */
export function typographyOf(choice: Partial<TypographyChoice> | undefined): TypographyChoice {
  const { cjkPunctuation, justify, fontFamily, writingMode } = DEFAULT_SETTINGS;
  return { cjkPunctuation, justify, fontFamily, writingMode, ...definedOnly(choice ?? {}) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What is used of a DOM node here (linkedom's nodes have all of it). */
interface TextLike {
  nodeType: number;
  nodeName: string;
  data: string;
  childNodes: ArrayLike<TextLike>;
  parentNode: { insertBefore(node: unknown, before: unknown): void; removeChild(node: unknown): void } | null;
}

interface DocumentLike {
  createElement(tag: string): { setAttribute(name: string, value: string): void; textContent: string | null };
  createTextNode(text: string): unknown;
  getElementById(id: string): (TextLike & { innerHTML: string }) | null;
}

/** Text under these is printed exactly as stored. */
const KEEP = new Set(['CODE', 'PRE', 'KBD', 'SAMP', 'VAR', 'TT', 'RT', 'RP', 'SCRIPT', 'STYLE', 'TEXTAREA']);
/** Elements that start a new block: text on either side of their edges is not each other's neighbour. */
export const BLOCK_TAGS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'BLOCKQUOTE', 'FIGURE', 'FIGCAPTION', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'TR', 'TD', 'TH', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'ASIDE', 'BR', 'HR']);

/** Text nodes in order, each with the number of the block it is in. */
function textNodes(node: TextLike, out: { node: TextLike; block: number }[], block = { n: 0 }): { node: TextLike; block: number }[] {
  for (const child of Array.from(node.childNodes)) {
    const tag = child.nodeName.toUpperCase();
    if (child.nodeType === 3) out.push({ node: child, block: block.n });
    else if (child.nodeType === 1 && KEEP.has(tag)) block.n++;
    else if (child.nodeType === 1) {
      if (BLOCK_TAGS.has(tag)) block.n++;
      textNodes(child, out, block);
      if (BLOCK_TAGS.has(tag)) block.n++;
    }
  }
  return out;
}

/** `html` with the Chinese setting applied for text in `lang`; other languages come back unchanged. */
export function chineseSettingHtml(html: string, choice: TypographyChoice, lang: string | null): string {
  const upright = choice.writingMode === 'vertical' && isCjkLang(lang);
  if (!isCjkLang(lang) || (!choice.cjkPunctuation && !upright)) return html;
  const { document } = parseHTML(`<!doctype html><html><body><div id="cjk-root">${html}</div></body></html>`) as unknown as { document: DocumentLike };
  const root = document.getElementById('cjk-root');
  if (!root) return html;
  const found = textNodes(root, []);
  const nodes = found.map((f) => f.node);
  // Judged on the text as stored, with its neighbours in the same block, before any node changes.
  const plans = nodes.map((node, i) => {
    const neighbour = (j: number): string => (found[j]?.block === found[i]!.block ? found[j]!.node.data : '');
    const before = neighbour(i - 1);
    const after = neighbour(i + 1);
    return {
      spots: choice.cjkPunctuation ? punctuationSpots(node.data, before, after) : [],
      runs: upright ? uprightDigitRuns(node.data, before, after) : [],
    };
  });
  nodes.forEach((node, i) => {
    const { spots, runs } = plans[i]!;
    if (spots.length === 0 && runs.length === 0) return;
    const chars = node.data.split('');
    for (const spot of spots) chars[spot.index] = spot.full;
    const text = chars.join('');
    if (runs.length === 0) {
      node.data = text;
      return;
    }
    const parent = node.parentNode!;
    let at = 0;
    for (const run of runs) {
      if (run.start > at) parent.insertBefore(document.createTextNode(text.slice(at, run.start)), node);
      const span = document.createElement('span');
      span.setAttribute('class', 'tcy');
      span.textContent = text.slice(run.start, run.start + run.length);
      parent.insertBefore(span, node);
      at = run.start + run.length;
    }
    if (at < text.length) parent.insertBefore(document.createTextNode(text.slice(at)), node);
    parent.removeChild(node);
  });
  return root.innerHTML;
}
