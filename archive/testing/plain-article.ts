/**
 * Small hand-made articles for tests of the store and the index: a title and paragraphs, the
 * rest plain, and the call that adds one to a store as if imported from an HTML file.
 */
import type { ExtractedArticle } from '../model.ts';
import type { ArchiveStore } from '../store/store.ts';

/** An extracted article with `title` and `paragraphs`; `extra` overrides any other field. */
export function plainArticle(title: string, paragraphs: string[], extra: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return {
    title,
    byline: null,
    source: null,
    publishedAt: '2024-05-01',
    url: null,
    lang: null,
    html: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    paragraphs,
    ruby: [],
    excerpt: null,
    format: 'html',
    charset: 'utf-8',
    assets: [],
    ...extra,
  };
}

/** Adds `a` to `store` with an HTML original of its own; resolves to the article's id. */
export async function addPlainArticle(store: ArchiveStore, a: ExtractedArticle): Promise<string> {
  const bytes = new TextEncoder().encode(`<title>${a.title}</title>${a.html}`);
  return (await store.addArticle({ article: a, original: { bytes, fileName: `${a.title}.html`, ext: 'html' } })).id;
}
