/** What the index reads from the archive, and the text it indexes for one article. */
import type { ArticleBody, ArticleMeta } from '../model.ts';

/** What the index needs from the archive (ArchiveStore has it all). */
export interface SearchableStore {
  readonly dir: string;
  /** Opened without the archive's lock: the index writes its files only if it can take the lock. */
  readonly readOnly?: boolean;
  all(): IterableIterator<ArticleMeta>;
  get(id: string): ArticleMeta | undefined;
  getBody(id: string): Promise<ArticleBody>;
  onChange(listener: (change: { type: 'added' | 'updated' | 'removed'; id: string }) => void): () => void;
}

/** The text an article is indexed by: title, byline, source and paragraphs, one a line. */
export function documentText(meta: ArticleMeta, body: ArticleBody): string {
  return [meta.title, meta.byline ?? '', meta.source ?? '', ...body.paragraphs].join('\n');
}
