/**
 * The showcase: nine articles of our own (Simplified and Traditional Chinese, from Taiwan and Hong
 * Kong too, English; one with inline pinyin, one from a site with no article to find, two saved
 * twice, two with highlights) written as the pages a reader would have saved, and put into an
 * archive through the real importer and store. The screenshots, the first-start sample archive
 * and their tests all use it, so the pictures show what a real library looks like.
 */
import type { ArchiveStore } from '../store/store.ts';
import type { NewHighlight } from '../contract.ts';
import { EN_ARTICLES } from './articles-en.ts';
import { HANS_ARTICLES } from './articles-hans.ts';
import { HANT_ARTICLES } from './articles-hant.ts';
import { savedPage } from './pages.ts';
import type { ShowcaseArticle, ShowcaseHighlight } from './types.ts';

export type { ShowcaseArticle, ShowcaseHighlight, ShowcaseLayout } from './types.ts';
export { savedPage } from './pages.ts';

/** Every showcase article, in the order it is imported. */
export const SHOWCASE_ARTICLES: readonly ShowcaseArticle[] = [...HANT_ARTICLES, ...HANS_ARTICLES, ...EN_ARTICLES];

/** An imported showcase article: its id in the archive and how many captures it got. */
export interface ShowcaseEntry {
  article: ShowcaseArticle;
  id: string;
  captures: number;
}

/** The saved file name of `article`'s `visit`-th save. */
export function savedFileName(article: ShowcaseArticle, visit: number): string {
  return visit === 1 ? `${article.slug}.html` : `${article.slug}-${visit}.html`;
}

/**
 * Imports every showcase page into `store` with the real importer (read, decode, extract,
 * sanitize; in this thread) and tags each article with its tags and `extraTags`. Adding it again
 * finds the same articles (same bytes): nothing is duplicated.
 */
export async function addShowcase(store: ArchiveStore, extraTags: readonly string[] = []): Promise<ShowcaseEntry[]> {
  // Loaded here, not at the top: the first-start sample archive is the only caller in the app.
  const { readSavedBytes } = await import('../import/read/index.ts');
  const { extractArticle } = await import('../import/extract/index.ts');
  const entries: ShowcaseEntry[] = [];
  for (const article of SHOWCASE_ARTICLES) {
    let id: string | null = null;
    for (let visit = 1; visit <= (article.savedTwice ? 2 : 1); visit++) {
      const bytes = savedPage(article, visit);
      const fileName = savedFileName(article, visit);
      const extracted = extractArticle(await readSavedBytes(bytes, fileName));
      const result = await store.addArticle({ article: extracted, original: { bytes, fileName, ext: 'html' } });
      if (id !== null && result.id !== id) throw new Error(`${fileName}: expected another capture of ${id}, got ${result.status} ${result.id}`);
      id = result.id;
    }
    const meta = store.get(id!);
    if (!meta) throw new Error(`${article.slug}: not in the archive after import`);
    const tags = [...new Set([...meta.tags, ...article.tags, ...extraTags])];
    if (tags.length !== meta.tags.length) await store.update(meta.id, { tags });
    entries.push({ article, id: meta.id, captures: store.get(meta.id)!.captures.length });
  }
  return entries;
}

/** The part of the contract a highlight step needs (issue 15: wt-highlights builds `addHighlight`). */
/** What the highlight step needs of the service: the article as stored, and addHighlight. */
export interface HighlightingService {
  addHighlight(arg: NewHighlight): Promise<unknown>;
  getArticle(arg: { id: string }): Promise<{ body: { paragraphs: string[] } } | null>;
}

/**
 * The argument of `addHighlight` (the contract's NewHighlight) for `highlight` on `articleId`,
 * made in the original script: a span of one paragraph, UTF-16 offsets, end exclusive.
 */
export function highlightArgument(articleId: string, highlight: ShowcaseHighlight, start: number): NewHighlight {
  return {
    articleId,
    script: 'original',
    anchor: { paragraph: highlight.paragraph, start, end: start + highlight.quote.length },
    color: highlight.color,
    ...(highlight.note ? { note: highlight.note } : {}),
  };
}

/**
 * Adds the showcase's highlights through the service; resolves to how many. A quote that is not
 * in its paragraph is an error: the showcase and the importer disagree.
 */
export async function addShowcaseHighlights(api: HighlightingService, entries: readonly ShowcaseEntry[]): Promise<number> {
  let added = 0;
  for (const { article, id } of entries) {
    if (!article.highlights?.length) continue;
    const view = await api.getArticle({ id });
    if (!view) throw new Error(`${article.slug}: article ${id} not found`);
    for (const highlight of article.highlights) {
      const start = view.body.paragraphs[highlight.paragraph]?.indexOf(highlight.quote) ?? -1;
      if (start < 0) throw new Error(`${article.slug}: "${highlight.quote}" is not in paragraph ${highlight.paragraph}`);
      await api.addHighlight(highlightArgument(id, highlight, start));
      added++;
    }
  }
  return added;
}
