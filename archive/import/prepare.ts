/**
 * One file's work before the store: read, decode, extract. Runs in a worker thread during
 * batches (so both cores work), and in-process where threads are not wanted. Never throws:
 * every outcome is a value the batch can report.
 */
import { basename } from 'node:path';
import type { ExtractedArticle } from '../model.ts';
import type { DecodedPage } from './types.ts';
import { BadSavedPage, NotASavedPage, loadSavedFile } from './read/index.ts';

/** Turns a decoded page into an article (the extractor, or a stand-in in tests). */
export type Extractor = (page: DecodedPage) => ExtractedArticle;

/** What became of one file, or one page of a web archive; `warnings` are reported whatever the outcome. */
export type PreparedFile =
  | { kind: 'article'; article: ExtractedArticle; original: { bytes: Uint8Array; fileName: string; ext: string }; warnings: string[] }
  | { kind: 'skipped'; reason: string; warnings?: string[] }
  | { kind: 'failed'; error: string; warnings?: string[] };

/** What became of a page already decoded (a web archive's page); `failed` when its worker died. */
export type ExtractedPage = { kind: 'article'; article: ExtractedArticle } | { kind: 'skipped'; reason: string } | { kind: 'failed'; error: string };

/** Extracts a decoded page; a page with no article in it is skipped, with the extractor's reason. */
export function extractPage(page: DecodedPage, extract: Extractor): ExtractedPage {
  try {
    return { kind: 'article', article: extract(page) };
  } catch (error) {
    return { kind: 'skipped', reason: (error as Error).message };
  }
}

/** Reads and extracts the file at `path`; failures and skips come back as values. */
export async function prepareFile(path: string, extract: Extractor): Promise<PreparedFile> {
  let saved;
  try {
    saved = await loadSavedFile(path);
  } catch (error) {
    if (error instanceof NotASavedPage) return { kind: 'skipped', reason: error.message };
    return { kind: 'failed', error: error instanceof BadSavedPage ? error.message : `${basename(path)}: ${describe(error)}` };
  }
  try {
    const article = extract(saved.page);
    return { kind: 'article', article, original: saved.original, warnings: saved.page.warnings };
  } catch (error) {
    return { kind: 'failed', error: `${basename(path)}: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'the page is nested too deeply to extract (maximum call stack exceeded)';
  }
  return error instanceof Error ? error.message : String(error);
}
