/**
 * Anchoring a highlight to the text across scripts. Highlights are stored on the article's
 * original paragraphs (offsets in the original script); the reader selects in the script it shows.
 * A paragraph is converted with position tracking (convert/alignment.ts, as ruby annotations are
 * carried), so an anchor maps to the shown text, and a selection in the shown text maps back to
 * the smallest original span that shows as it, even where a phrase changes length (内存 → 記憶體).
 */
import type { ArticleBody, HighlightAnchor, ScriptMode, ArticleMeta } from '../model.ts';
import type { OpenCCConfig } from '../convert/opencc.ts';
import { conversionPlan, convertText, convertTextTracked, isJapanese, sourceScript } from '../convert/script.ts';

/** Characters of text kept before and after a highlight, to find it again if offsets drift. */
export const HIGHLIGHT_CONTEXT = 32;

/** A span of one paragraph: UTF-16 offsets, start inclusive, end exclusive. */
export interface ParagraphSpan {
  paragraph: number;
  start: number;
  end: number;
}

/** The conversion the reader's view of this article goes through (the plan of convert/article.ts's articleInScript). */
export function articlePlan(meta: Pick<ArticleMeta, 'title' | 'lang'>, paragraphs: readonly string[], mode: ScriptMode): OpenCCConfig[] {
  if (mode === 'original') return [];
  return conversionPlan(mode, sourceScript(meta.lang, `${meta.title}\n${paragraphs.join('\n').slice(0, 8000)}`));
}

/** One paragraph as shown under `plan`, and where an original position lands in it. */
interface ShownParagraph {
  text: string;
  position(offset: number): number;
}

/**
 * `text` as shown under `plan`. A position between two phrases is exact: the text before it and
 * the text after it convert on their own to the two sides of the shown text. A position inside a
 * phrase that changed length (内|存 → 記憶體) falls back to the conversion's alignment.
 */
function shownParagraph(text: string, plan: readonly OpenCCConfig[]): ShownParagraph {
  if (plan.length === 0 || isJapanese(text)) return { text, position: (offset) => offset };
  const converted = convertTextTracked(text, plan);
  const shown = converted.text;
  if (shown.length === text.length) return { text: shown, position: (offset) => converted.offsets.map(offset) };
  return {
    text: shown,
    position(offset) {
      if (offset <= 0) return 0;
      if (offset >= text.length) return shown.length;
      const head = convertText(text.slice(0, offset), plan);
      if (shown.startsWith(head) && shown.slice(head.length) === convertText(text.slice(offset), plan)) return head.length;
      return converted.offsets.map(offset);
    },
  };
}

/** Moves a position off the second half of a surrogate pair. */
function snap(text: string, pos: number): number {
  if (pos > 0 && pos < text.length && /[\udc00-\udfff]/.test(text[pos]!) && /[\ud800-\udbff]/.test(text[pos - 1]!)) return pos - 1;
  return pos;
}

/** The anchor of `span` in `text`: the span clipped to the text, its quote and context. */
export function anchorIn(text: string, span: ParagraphSpan): HighlightAnchor {
  const start = snap(text, Math.max(0, Math.min(span.start, text.length)));
  const end = Math.max(start, snap(text, Math.max(0, Math.min(span.end, text.length))));
  return {
    paragraph: span.paragraph,
    start,
    end,
    quote: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - HIGHLIGHT_CONTEXT), start),
    suffix: text.slice(end, end + HIGHLIGHT_CONTEXT),
  };
}

/** A stored (original-script) anchor as it reads in the script `plan` shows. */
export function anchorToShown(anchor: HighlightAnchor, paragraphs: readonly string[], plan: readonly OpenCCConfig[]): HighlightAnchor {
  const original = paragraphs[anchor.paragraph];
  if (original === undefined || plan.length === 0) return anchor;
  const shown = shownParagraph(original, plan);
  const start = snap(shown.text, shown.position(anchor.start));
  let end = snap(shown.text, shown.position(anchor.end));
  if (end <= start && anchor.end > anchor.start) end = Math.min(shown.text.length, start + 1);
  return anchorIn(shown.text, { paragraph: anchor.paragraph, start, end });
}

/**
 * A span of the shown text (as the reader selected it under `plan`) as an anchor on the original
 * paragraphs: the original span from the last position that maps at or before its start to the
 * first that maps at or after its end. Null when the paragraph does not exist or the span is empty.
 */
export function anchorFromShown(span: ParagraphSpan, paragraphs: readonly string[], plan: readonly OpenCCConfig[]): HighlightAnchor | null {
  const original = paragraphs[span.paragraph];
  if (original === undefined) return null;
  const shown = shownParagraph(original, plan);
  const start = Math.max(0, Math.min(span.start, shown.text.length));
  const end = Math.max(0, Math.min(span.end, shown.text.length));
  if (end <= start) return null;
  if (shown.text === original) return anchorIn(original, { paragraph: span.paragraph, start, end });
  // Positions only grow along the text: binary searches find the original ones.
  let lo = 0;
  let hi = original.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (shown.position(mid) <= start) lo = mid;
    else hi = mid - 1;
  }
  const originalStart = lo;
  lo = originalStart;
  hi = original.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (shown.position(mid) >= end) hi = mid;
    else lo = mid + 1;
  }
  const anchor = anchorIn(original, { paragraph: span.paragraph, start: originalStart, end: Math.max(lo, originalStart + 1) });
  return anchor.quote ? anchor : null;
}

/**
 * Where a stored anchor is in `body` now: its own place when the quote is still there, else the
 * occurrence of the quote that best matches its context (nearest paragraph first); null when the
 * text no longer has it.
 */
export function locateAnchor(anchor: HighlightAnchor, body: Pick<ArticleBody, 'paragraphs'>): HighlightAnchor | null {
  const here = body.paragraphs[anchor.paragraph];
  if (here !== undefined && here.slice(anchor.start, anchor.end) === anchor.quote) return anchor;
  if (!anchor.quote) return null;
  let best: { score: number; anchor: HighlightAnchor } | null = null;
  body.paragraphs.forEach((text, paragraph) => {
    for (let at = text.indexOf(anchor.quote); at >= 0; at = text.indexOf(anchor.quote, at + 1)) {
      const found = anchorIn(text, { paragraph, start: at, end: at + anchor.quote.length });
      const context = (found.prefix.endsWith(anchor.prefix) ? 2 : 0) + (found.suffix.startsWith(anchor.suffix) ? 2 : 0);
      const score = context - Math.abs(paragraph - anchor.paragraph) / (body.paragraphs.length + 1);
      if (!best || score > best.score) best = { score, anchor: found };
    }
  });
  return (best as { anchor: HighlightAnchor } | null)?.anchor ?? null;
}
