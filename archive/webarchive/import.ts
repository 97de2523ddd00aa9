/**
 * A web archive into the store: each page through the same extraction as a saved page, then
 * `addArticle` with the page's HTML payload as its original. Problems in the archive (truncated
 * records, digest mismatches) are returned as failures with their offsets; pages that are whole
 * are imported regardless. The shape matches the `import` command's JSON.
 */
import { extractArticle } from '../import/extract/index.ts';
import type { ArchiveStore } from '../store/store.ts';
import { readWebArchive, WebArchiveError, type WebArchiveOptions } from './index.ts';

export interface WebArchiveImport {
  imported: { id: string; title: string; file: string; url: string | null }[];
  duplicates: { id: string; file: string }[];
  failed: { file: string; error: string }[];
  /** Pages that hold no article (extraction found nothing to read). */
  skipped: { file: string; reason: string }[];
  /** Pages whose payload was seen before in the same archive (revisits, same digest). */
  archiveDuplicates: number;
}

/** Imports every page of the web archive at `path`; a file that cannot be read at all is one failure. */
export async function importWebArchive(store: ArchiveStore, path: string, options: WebArchiveOptions = {}): Promise<WebArchiveImport> {
  const result: WebArchiveImport = { imported: [], duplicates: [], failed: [], skipped: [], archiveDuplicates: 0 };
  const pages = readWebArchive(path, {
    ...options,
    onProblem: (p) => {
      result.failed.push({ file: p.offset === null ? p.file : `${p.file}@${p.offset}`, error: p.offset === null ? p.message : `at byte ${p.offset}: ${p.message}` });
      options.onProblem?.(p);
    },
  });
  try {
    for (;;) {
      const next = await pages.next();
      if (next.done) {
        result.archiveDuplicates = next.value.duplicates;
        break;
      }
      const { page, original, label, offset } = next.value;
      const file = `${label}@${offset}`;
      let article;
      try {
        // The capture's WARC-Target-URI is where the page was, whatever canonical link it claims.
        const extracted = extractArticle(page);
        article = { ...extracted, url: page.url ?? extracted.url };
      } catch (error) {
        result.skipped.push({ file, reason: `${page.url ?? 'a page'}: ${(error as Error).message}` });
        continue;
      }
      const added = await store.addArticle({ article, original });
      if (added.status === 'duplicate') result.duplicates.push({ id: added.id, file });
      else result.imported.push({ id: added.id, title: added.title, file, url: article.url });
    }
  } catch (error) {
    if (!(error instanceof WebArchiveError)) throw error;
    result.failed.push({ file: path, error: error.message });
  }
  return result;
}
