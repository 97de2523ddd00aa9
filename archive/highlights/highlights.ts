/**
 * What the service does with highlights: lists them in the script the reader shows, takes new ones
 * selected in that script (stored on the original text, so they stay on the same characters in
 * every script), and changes or removes them, each change one journal line through the store.
 */
import { randomBytes } from 'node:crypto';
import { HIGHLIGHT_LIMITS, type NewHighlight } from '../contract.ts';
import type { ArticleBody, ArticleMeta, Highlight, HighlightColor, ScriptMode } from '../model.ts';
import { ArchiveError } from '../store/errors.ts';
import { anchorFromShown, anchorToShown, articlePlan, locateAnchor } from './anchor.ts';
import { findHighlight, type HighlightCatalog, type HighlightOp } from './catalog.ts';

/** What these functions need of the store (ArchiveStore has it). */
export interface HighlightStore {
  get(id: string): ArticleMeta | undefined;
  getBody(id: string): Promise<ArticleBody>;
  readonly highlightCatalog: Readonly<HighlightCatalog>;
  changeHighlights<T>(articleId: string, plan: () => { ops: HighlightOp[]; result: T }): Promise<T>;
}

/** An article's highlights as stored (original script), oldest first. */
export function storedHighlights(store: Pick<HighlightStore, 'highlightCatalog'>, articleId: string): readonly Highlight[] {
  return store.highlightCatalog.highlights?.[articleId] ?? [];
}

/**
 * `highlights` of the article `meta` with `body` (original), anchored in the text as shown in
 * `script`; a highlight whose text moved is found again by its quote and context, one whose text
 * is gone keeps its stored anchor (the window cannot place it, the list still shows it).
 */
export function highlightsInScript(meta: Pick<ArticleMeta, 'title' | 'lang'>, body: Pick<ArticleBody, 'paragraphs'>, highlights: readonly Highlight[], script: ScriptMode): Highlight[] {
  if (highlights.length === 0) return [];
  const plan = articlePlan(meta, body.paragraphs, script);
  return highlights.map((h) => {
    const located = locateAnchor(h.anchor, body);
    return located ? { ...h, anchor: anchorToShown(located, body.paragraphs, plan) } : { ...h };
  });
}

function article(store: HighlightStore, articleId: string): ArticleMeta {
  const meta = store.get(articleId);
  if (!meta) throw new ArchiveError('not-found', `no article with id ${articleId}`);
  return meta;
}

/** The article's highlights, anchored in `script`. */
export async function listHighlights(store: HighlightStore, { articleId, script }: { articleId: string; script?: ScriptMode }): Promise<Highlight[]> {
  const meta = article(store, articleId);
  const highlights = storedHighlights(store, articleId);
  if (highlights.length === 0) return [];
  return highlightsInScript(meta, await store.getBody(articleId), highlights, script ?? 'original');
}

/** Adds a highlight on a span the reader selected in `script`; returns it anchored in `script`. */
export async function addHighlight(store: HighlightStore, request: NewHighlight): Promise<Highlight> {
  const meta = article(store, request.articleId);
  const body = await store.getBody(request.articleId);
  const plan = articlePlan(meta, body.paragraphs, request.script);
  const anchor = anchorFromShown(request.anchor, body.paragraphs, plan);
  if (!anchor) throw new ArchiveError('invalid', `paragraph ${request.anchor.paragraph} of the article has no text at ${request.anchor.start}–${request.anchor.end}`);
  if (anchor.quote.length > HIGHLIGHT_LIMITS.quote) throw new ArchiveError('invalid', `a highlight can cover at most ${HIGHLIGHT_LIMITS.quote} characters`);
  const now = new Date().toISOString();
  const highlight: Highlight = {
    id: randomBytes(8).toString('hex'),
    articleId: meta.id,
    color: request.color,
    note: request.note ?? '',
    anchor,
    createdAt: now,
    updatedAt: now,
  };
  await store.changeHighlights(meta.id, () => {
    if (!store.get(meta.id)) throw new ArchiveError('not-found', `no article with id ${meta.id}`);
    return { ops: [{ op: 'highlight', highlight }], result: undefined };
  });
  return { ...highlight, anchor: anchorToShown(anchor, body.paragraphs, plan) };
}

/** Changes a highlight's colour or note; returns it as stored (original script). */
export function updateHighlight(store: HighlightStore, { id, color, note }: { id: string; color?: HighlightColor; note?: string }): Promise<Highlight> {
  const found = findHighlight(store.highlightCatalog, id);
  if (!found) return Promise.reject(new ArchiveError('not-found', `no highlight with id ${id}`));
  return store.changeHighlights(found.articleId, () => {
    // Looked up again in the write queue: a change queued before this one may have removed it.
    const current = findHighlight(store.highlightCatalog, id);
    if (!current) throw new ArchiveError('not-found', `no highlight with id ${id}`);
    const highlight: Highlight = { ...current, ...(color ? { color } : {}), ...(note !== undefined ? { note } : {}), updatedAt: new Date().toISOString() };
    return { ops: [{ op: 'highlight', highlight }], result: highlight };
  });
}

/** Removes a highlight; false when there is none with this id. */
export async function removeHighlight(store: HighlightStore, { id }: { id: string }): Promise<boolean> {
  const found = findHighlight(store.highlightCatalog, id);
  if (!found) return false;
  return store.changeHighlights(found.articleId, () => {
    const current = findHighlight(store.highlightCatalog, id);
    return current ? { ops: [{ op: 'unhighlight', articleId: current.articleId, id }], result: true } : { ops: [], result: false };
  });
}
