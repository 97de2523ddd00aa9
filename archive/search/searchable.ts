/** What the index reads from the archive. */
import type { HighlightCatalog } from '../highlights/catalog.ts';
import type { ArticleBody, ArticleSummary } from '../model.ts';

/** What the index needs from the archive (ArchiveStore has it all). */
export interface SearchableStore {
  readonly dir: string;
  /** Opened without the archive's lock: the index writes its files only if it can take the lock. */
  readonly readOnly?: boolean;
  /** Every article's record; provenance is not needed (and not read). */
  summaries(): IterableIterator<ArticleSummary>;
  /** An article's record, without provenance. */
  summary(id: string): ArticleSummary | undefined;
  /**
   * The date ranking reads (publishedAt, else importedAt), undefined when there is no such
   * article: a store that answers it without reading whole records (a million at open) says so.
   */
  dateOf?(id: string): string | undefined;
  /**
   * The fields the library's filters read (source, tags, language, dates, marks), possibly in one
   * object shared between calls: a store that answers without reading the record says so.
   */
  filterFields?(id: string): ArticleSummary | undefined;
  /** Every article's id and how many there are, without reading their records. */
  ids?(): Iterable<string>;
  readonly size?: number;
  getBody(id: string): Promise<ArticleBody>;
  /** `highlights` is set on a change of the article's highlights only (its notes are searched). */
  onChange(listener: (change: { type: 'added' | 'updated' | 'removed'; id: string; highlights?: true }) => void): () => void;
  /** The articles' highlights: their notes are searched as text of the article. */
  readonly highlightCatalog?: Readonly<HighlightCatalog>;
}

/** The notes written on an article's highlights, in order (the empty ones left out). */
export function articleNotes(store: SearchableStore, id: string): string[] {
  const highlights = store.highlightCatalog?.highlights?.[id] ?? [];
  return highlights.map((h) => h.note.trim()).filter((note) => note.length > 0);
}

/** An article's body as search reads it: its paragraphs, then its notes as paragraphs of their own. */
export async function searchableBody(store: SearchableStore, id: string): Promise<ArticleBody> {
  const body = await store.getBody(id);
  const notes = articleNotes(store, id);
  return notes.length > 0 ? { ...body, paragraphs: [...body.paragraphs, ...notes] } : body;
}
