/**
 * Highlights in the catalog: `CatalogData.highlights` holds each article's highlights (by article
 * id, in the order they were made), changed only by journal ops, so a highlight is durable the
 * moment its line is, and compaction folds them into catalog.json with everything else. Each
 * record's `highlightCount` is derived from here whenever the record or its highlights change.
 */
import type { ArticleMeta, ArticleSummary, Highlight } from '../model.ts';

/** The catalog's fields this module reads and changes. */
export interface HighlightCatalog {
  articles: Record<string, ArticleMeta | ArticleSummary>;
  /** Absent in catalogs written before highlights existed. */
  highlights?: Record<string, Highlight[]>;
}

/** The journal ops that change highlights. Replaying one twice gives the same catalog as once. */
export type HighlightOp = { op: 'highlight'; highlight: Highlight } | { op: 'unhighlight'; articleId: string; id: string };

/** Sets `highlightCount` of the record (absent when there are none). */
export function countHighlights(data: HighlightCatalog, articleId: string): void {
  const record = data.articles[articleId];
  if (!record) return;
  const count = data.highlights?.[articleId]?.length ?? 0;
  if (count > 0) record.highlightCount = count;
  else delete record.highlightCount;
}

/** Applies a highlight op; a highlight of an article the catalog does not have is ignored. */
export function applyHighlightOp(data: HighlightCatalog, op: HighlightOp): void {
  const articleId = op.op === 'highlight' ? op.highlight.articleId : op.articleId;
  if (!data.articles[articleId]) return;
  const all = (data.highlights ??= {});
  const list = (all[articleId] ?? []).filter((h) => h.id !== (op.op === 'highlight' ? op.highlight.id : op.id));
  if (op.op === 'highlight') {
    const at = (all[articleId] ?? []).findIndex((h) => h.id === op.highlight.id);
    list.splice(at < 0 ? list.length : at, 0, op.highlight);
  }
  if (list.length > 0) all[articleId] = list;
  else delete all[articleId];
  countHighlights(data, articleId);
}

/** Forgets the highlights of a removed article. */
export function dropArticleHighlights(data: HighlightCatalog, articleId: string): void {
  if (data.highlights) delete data.highlights[articleId];
}

/** The highlight with this id, wherever it is. */
export function findHighlight(data: HighlightCatalog, id: string): Highlight | undefined {
  for (const list of Object.values(data.highlights ?? {})) {
    const found = list.find((h) => h.id === id);
    if (found) return found;
  }
  return undefined;
}
