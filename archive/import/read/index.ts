/**
 * Reading a saved file: detect its format from content and name, unpack the container, decode
 * the text. Produces the DecodedPage that extraction turns into an article.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DecodedPage } from '../types.ts';
import { detectFormat, extensionOf } from './detect.ts';
import { BadSavedPage, NotASavedPage } from './errors.ts';
import { readHtml } from './html.ts';
import { checkPageBytes, checkPageLimits, MAX_TEXT_CHARS } from './limits.ts';
import { readMhtml } from './mhtml.ts';
import { readTextDump } from './text.ts';

export { BadSavedPage, NotASavedPage } from './errors.ts';

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A read page together with the bytes it came from, for the store's `original`. */
export interface SavedFile {
  page: DecodedPage;
  original: { bytes: Uint8Array; fileName: string; ext: string };
}

/** Reads one saved page from disk; errors name the file and say what is wrong. */
export async function readSavedFile(path: string): Promise<DecodedPage> {
  return (await loadSavedFile(path)).page;
}

/** Reads one saved page from disk, keeping its original bytes. */
export async function loadSavedFile(path: string): Promise<SavedFile> {
  const fileName = basename(path);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new NotASavedPage('not a regular file');
    if (info.size > MAX_FILE_BYTES) {
      throw new BadSavedPage(`too large (${Math.round(info.size / 2 ** 20)} MB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MB)`);
    }
    const bytes = new Uint8Array(await readFile(path));
    const page = await readSavedBytes(bytes, fileName, path);
    const ext = /^[a-z0-9]{1,10}$/.test(extensionOf(fileName)) ? extensionOf(fileName) : DEFAULT_EXT[page.format] ?? 'bin';
    return { page, original: { bytes, fileName, ext } };
  } catch (error) {
    throw withFileName(fileName, error);
  }
}

const DEFAULT_EXT: Partial<Record<DecodedPage['format'], string>> = { html: 'html', singlefile: 'html', mhtml: 'mhtml', text: 'txt' };

/** Reads saved-page bytes; `path` (when the bytes came from disk) finds `*_files/` images. */
export async function readSavedBytes(bytes: Uint8Array, fileName: string, path: string | null = null): Promise<DecodedPage> {
  const format = detectFormat(bytes, fileName);
  checkPageBytes(bytes);
  const page = format === 'mhtml' ? readMhtml(bytes) : format === 'text' ? readTextDump(bytes) : await readHtml(bytes, path);
  if (format !== 'text') checkPageLimits(page.content);
  else if (page.content.length > MAX_TEXT_CHARS) throw new BadSavedPage(`the text holds more than any article (over ${MAX_TEXT_CHARS / 1e6} million characters); split it first`);
  return page;
}

/** The same kind of error, its message prefixed with the file name and fs codes in words. */
function withFileName(fileName: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === 'ENOENT' ? 'the file is gone (moved or deleted before it could be read)'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a folder'
    : code === 'EIO' ? 'read error (EIO) from the disk'
    : error instanceof Error ? error.message : String(error);
  const message = `${fileName}: ${reason}`;
  return error instanceof NotASavedPage ? new NotASavedPage(message) : new BadSavedPage(message);
}
