/**
 * The sample archive written on first start: the showcase (archive/showcase/), our own articles
 * in Traditional and Simplified Chinese and English (one with pinyin kept as ruby, one page
 * imported whole, two saved twice), imported through the real importer and tagged `sample` so
 * the reader can remove them all in one step. The README's pictures show the same library.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addShowcase, SHOWCASE_ARTICLES, type ShowcaseArticle } from './showcase/index.ts';
import { ArchiveStore } from './store/store.ts';

/** The tag every sample article carries. */
export const SAMPLE_TAG = 'sample';

/** The sample articles, in the order they are added (their titles are what the library lists). */
export function sampleArticles(): readonly ShowcaseArticle[] {
  return SHOWCASE_ARTICLES;
}

/** Adds the sample articles to `store` (tagged `sample` beside their own tags) and returns their ids. */
export async function addSampleArticles(store: ArchiveStore): Promise<string[]> {
  return (await addShowcase(store, [SAMPLE_TAG])).map((entry) => entry.id);
}

/**
 * Opens the archive a window reads (the desktop app and the browser window alike): on first start,
 * when the folder has no catalog yet and nothing in it, the sample articles are written.
 */
export async function openArchiveWithSamples(dir: string): Promise<ArchiveStore> {
  const firstStart = !existsSync(join(dir, 'catalog.json'));
  const store = await ArchiveStore.open(dir);
  if (firstStart && store.size === 0) await addSampleArticles(store);
  return store;
}
