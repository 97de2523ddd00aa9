/**
 * A web archive into the store: each page through the same extraction as a saved page, then
 * `addArticle` with the page's HTML payload as its original. Problems in the archive (truncated
 * records, digest mismatches) are returned as failures with their offsets; pages that are whole
 * are imported regardless. The result has the shape of the import report, so a batch import can
 * merge it as it is.
 */
import { basename } from 'node:path';
import { extractArticle } from '../import/extract/index.ts';
import type { DecodedPage } from '../import/types.ts';
import { extractPage, type ExtractedPage } from '../import/prepare.ts';
import type { AddInput, AddResult } from '../store/store.ts';
import { readWebArchive, WebArchiveError, type WebArchiveOptions } from './index.ts';

/** The part of the store an import needs. */
export interface WebArchiveTarget {
  addArticle(input: AddInput): Promise<AddResult>;
}

export interface WebArchiveImport {
  imported: { id: string; title: string; file: string; url: string | null; capture?: boolean }[];
  duplicates: { id: string; file: string }[];
  failed: { file: string; error: string }[];
  /** Pages that hold no article (extraction found nothing to read). */
  skipped: { file: string; reason: string }[];
  /** Per page: decoding notes and the WACZ check result. */
  warnings: { file: string; warning: string }[];
  /** Pages whose payload was seen before in the same archive (revisits, same digest). */
  archiveDuplicates: number;
}

export interface WebArchiveImportOptions extends WebArchiveOptions {
  /** Stops between pages; what was imported stays. */
  signal?: AbortSignal;
  /**
   * Extracts a page elsewhere (the import worker pool), so this thread only reads the archive and
   * commits; up to `parallel` pages are extracted at once, committed in archive order. Without
   * it, pages are extracted here, one at a time.
   */
  extract?: (page: DecodedPage, label: string) => Promise<ExtractedPage>;
  parallel?: number;
}


/** Imports every page of the web archive at `path`; a file that cannot be read at all is one failure. */
export async function importWebArchive(store: WebArchiveTarget, path: string, options: WebArchiveImportOptions = {}): Promise<WebArchiveImport> {
  const result: WebArchiveImport = { imported: [], duplicates: [], failed: [], skipped: [], warnings: [], archiveDuplicates: 0 };
  // Problems and pages are labelled by file name; the report names the path as it was given.
  const name = basename(path);
  const where = (label: string, offset: number | null): string => `${label.startsWith(name) ? path + label.slice(name.length) : label}${offset === null ? '' : `@${offset}`}`;
  const pages = readWebArchive(path, {
    ...options,
    onProblem: (p) => {
      result.failed.push({ file: where(p.file, p.offset), error: p.offset === null ? p.message : `at byte ${p.offset}: ${p.message}` });
      options.onProblem?.(p);
    },
  });
  const extract = options.extract ?? (async (page: DecodedPage) => extractPage(page, extractArticle));
  const window = options.extract ? Math.max(1, options.parallel ?? 2) : 1;
  // Pages read and being extracted, committed in the order the archive holds them.
  const pending: { page: DecodedPage; original: AddInput['original']; file: string; outcome: Promise<ExtractedPage> }[] = [];
  const commitNext = async (): Promise<void> => {
    const { page, original, file, outcome } = pending.shift()!;
    const extracted = await outcome;
    if (options.signal?.aborted) return;
    if (extracted.kind === 'failed') {
      result.failed.push({ file, error: extracted.error });
      return;
    }
    if (extracted.kind === 'skipped') {
      result.skipped.push({ file, reason: `${page.url ?? 'a page'}: ${extracted.reason}` });
      return;
    }
    // The capture's WARC-Target-URI is where the page was, whatever canonical link it claims.
    const article = { ...extracted.article, url: page.url ?? extracted.article.url };
    let added;
    try {
      added = await store.addArticle({ article, original });
    } catch (error) {
      result.failed.push({ file, error: `could not be stored: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (added.status === 'duplicate') result.duplicates.push({ id: added.id, file });
    else result.imported.push({ id: added.id, title: added.title, file, url: article.url, ...(added.status === 'capture' ? { capture: true } : {}) });
  };
  try {
    for (;;) {
      if (options.signal?.aborted) {
        await pages.return({ pages: 0, duplicates: 0 });
        break;
      }
      const next = await pages.next();
      if (next.done) {
        result.archiveDuplicates = next.value.duplicates;
        break;
      }
      const { page, original, label, offset } = next.value;
      const file = where(label, offset);
      for (const warning of page.warnings) result.warnings.push({ file, warning });
      pending.push({ page, original, file, outcome: extract(page, file) });
      while (pending.length >= window) await commitNext();
    }
    while (pending.length > 0 && !options.signal?.aborted) await commitNext();
  } catch (error) {
    if (!(error instanceof WebArchiveError)) throw error;
    result.failed.push({ file: path, error: error.message });
    // The pages read before the archive broke are whole: they are kept.
    while (pending.length > 0 && !options.signal?.aborted) await commitNext();
  }
  return result;
}
