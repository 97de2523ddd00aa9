/** What the index reads from the archive. */
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
  getBody(id: string): Promise<ArticleBody>;
  onChange(listener: (change: { type: 'added' | 'updated' | 'removed'; id: string }) => void): () => void;
}
