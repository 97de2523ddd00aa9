/**
 * Highlights in exports, in the export's script: marked in the article's HTML (HTML, PDF, EPUB:
 * `<mark class="hl" data-color>` on the highlighted characters, a numbered reference to the note
 * where there is one) and listed after the text as quotes with their notes (the list is all that
 * Markdown, which has no marks, gets).
 */
import { parseHTML } from 'linkedom';
import type { HighlightCatalog } from '../highlights/catalog.ts';
import { highlightsInScript } from '../highlights/highlights.ts';
import { spanInPieces, squashSpace } from '../highlights/spans.ts';
import type { ArticleBody, ArticleMeta, Highlight, ScriptMode } from '../model.ts';
import { markdownLine } from './markdown.ts';

/** Where an export finds highlights (ArchiveStore has it; a source without it exports none). */
export interface HighlightSource {
  readonly highlightCatalog?: Readonly<HighlightCatalog>;
}

/** The article's highlights as the export shows them (in `script`); none when `include` is false. */
export function exportedHighlights(source: HighlightSource, meta: ArticleMeta, body: ArticleBody, script: ScriptMode, include = true): Highlight[] {
  const stored = include ? (source.highlightCatalog?.highlights?.[meta.id] ?? []) : [];
  return highlightsInScript(meta, body, stored, script);
}

/** The marks' colours on paper (exports are printed light whatever the reader's theme). */
export const HIGHLIGHT_EXPORT_CSS = `
mark.hl { color: inherit; background: #fff1a8; padding: 0 0.05em; }
mark.hl[data-color="green"], mark.hl.green { background: #ccefc4; }
mark.hl[data-color="blue"], mark.hl.blue { background: #cfe2ff; }
mark.hl[data-color="pink"], mark.hl.pink { background: #ffd6e7; }
sup.hl-ref { font-size: 0.7em; line-height: 0; }
sup.hl-ref a { color: inherit; text-decoration: none; }
section.highlights { margin-top: 2em; border-top: 1px solid #ccc; padding-top: 0.5em; }
section.highlights blockquote { margin: 0.6em 0 0.2em; }
section.highlights .hl-note { margin: 0 0 0.8em; color: #333; }
`;

/** What is used of linkedom's nodes here. */
interface DomNode {
  nodeType: number;
  data: string;
  parentNode: DomNode | null;
  nextSibling: DomNode | null;
  insertBefore(node: unknown, before: unknown): unknown;
  removeChild(node: unknown): unknown;
  appendChild(node: unknown): unknown;
  setAttribute(name: string, value: string): void;
}
type TextLike = DomNode;

interface BlockLike {
  textContent: string | null;
  childNodes: ArrayLike<unknown>;
  querySelector(selector: string): unknown;
}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, td, th, dt, dd';
const SKIPPED = new Set(['RT', 'RP', 'SCRIPT', 'STYLE']);

/** The text nodes under `el` in order, leaving out ruby annotations. */
function textNodes(el: { childNodes: ArrayLike<unknown> }): TextLike[] {
  const out: TextLike[] = [];
  for (const child of Array.from(el.childNodes) as (TextLike & { tagName?: string; childNodes: ArrayLike<unknown> })[]) {
    if (child.nodeType === 3) out.push(child);
    else if (child.nodeType === 1 && !SKIPPED.has(String(child.tagName).toUpperCase())) out.push(...textNodes(child));
  }
  return out;
}

/** The note numbers of `highlights`: 1, 2 … in order, for those with a note. */
function noteNumbers(highlights: readonly Highlight[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const h of highlights) if (h.note.trim()) numbers.set(h.id, numbers.size + 1);
  return numbers;
}

/**
 * `html` with each highlight's characters in `<mark class="hl">`; `paragraphs` are the text the
 * anchors count in. With `noteRefs`, a highlight with a note is followed by its number, linked to
 * the list. A highlight whose paragraph is not found as a block is left to the list.
 */
export function markHighlightsHtml(html: string, paragraphs: readonly string[], highlights: readonly Highlight[], noteRefs = true): string {
  if (highlights.length === 0) return html;
  const { document } = parseHTML(`<!doctype html><html><body><div id="hl-root">${html}</div></body></html>`);
  const root = document.getElementById('hl-root')!;
  // The parser leaves a text node at each entity: one node per run of text marks it in one piece.
  root.normalize();
  const blocks = Array.from(root.querySelectorAll(BLOCKS) as unknown as ArrayLike<BlockLike>).filter((b) => !b.querySelector(BLOCKS));
  const blockOf = new Map<number, BlockLike>();
  let from = 0;
  paragraphs.forEach((paragraph, k) => {
    const want = squashSpace(paragraph);
    const at = want ? blocks.findIndex((b, i) => i >= from && squashSpace(b.textContent ?? '') === want) : -1;
    if (at >= 0) {
      blockOf.set(k, blocks[at]!);
      from = at + 1;
    }
  });
  const numbers = noteNumbers(highlights);
  for (const h of highlights) {
    const block = blockOf.get(h.anchor.paragraph);
    const paragraph = paragraphs[h.anchor.paragraph];
    if (!block || paragraph === undefined) continue;
    const nodes = textNodes(block);
    const ranges = spanInPieces(paragraph, nodes.map((n) => n.data), h.anchor.start, h.anchor.end);
    let last: DomNode | null = null;
    // Last piece first: replacing a node leaves the earlier nodes as they were.
    for (const range of [...ranges].reverse()) {
      const node = nodes[range.piece]!;
      const parent = node.parentNode!;
      const data = node.data;
      if (range.start > 0) parent.insertBefore(document.createTextNode(data.slice(0, range.start)), node);
      const mark = document.createElement('mark') as unknown as DomNode;
      mark.setAttribute('class', `hl ${h.color}`);
      mark.setAttribute('data-color', h.color);
      mark.appendChild(document.createTextNode(data.slice(range.start, range.end)));
      parent.insertBefore(mark, node);
      if (range.end < data.length) node.data = data.slice(range.end);
      else parent.removeChild(node);
      last ??= mark;
    }
    const n = numbers.get(h.id);
    if (noteRefs && n !== undefined && last) {
      const sup = document.createElement('sup');
      sup.setAttribute('class', 'hl-ref');
      sup.innerHTML = `<a href="#hl-note-${n}">${n}</a>`;
      last.parentNode!.insertBefore(sup, last.nextSibling);
    }
  }
  return root.innerHTML;
}

/** The list of highlights after the text: each quote marked in its colour, its note below. `escape` suits HTML or XHTML. */
export function highlightsSectionHtml(highlights: readonly Highlight[], escape: (text: string) => string): string {
  if (highlights.length === 0) return '';
  const numbers = noteNumbers(highlights);
  const items = highlights.map((h) => {
    const n = numbers.get(h.id);
    const note = h.note.trim()
      ? `<p class="hl-note">${n !== undefined ? `${n}. ` : ''}${escape(h.note.trim()).replace(/\n/g, '<br/>')}</p>`
      : '';
    return `<li${n !== undefined ? ` id="hl-note-${n}"` : ''}><blockquote><mark class="hl ${h.color}">${escape(h.anchor.quote)}</mark></blockquote>${note}</li>`;
  });
  return `<section class="highlights"><h2>Highlights</h2><ul>${items.join('')}</ul></section>`;
}

/** The Markdown of the highlights: a "Highlights" section of `> quote` with each note below it. */
export function highlightsMarkdown(highlights: readonly Highlight[]): string {
  if (highlights.length === 0) return '';
  const items = highlights.map((h) => {
    const quote = h.anchor.quote.split('\n').map((line) => `> ${markdownLine(line)}`).join('\n');
    const note = h.note.trim() ? `\n\n${h.note.trim().split('\n').map(markdownLine).join('  \n')}` : '';
    return `${quote}${note}\n`;
  });
  return `\n## Highlights\n\n${items.join('\n')}`;
}
