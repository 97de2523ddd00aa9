/**
 * Reading a saved file: detect its format from content and name, and let that format (a module
 * under `../formats/`) read it. Produces the DecodedPage that extraction turns into an article.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DecodedPage } from '../types.ts';
import { detectFormat, extensionOf } from './detect.ts';
import { BadSavedPage, NotASavedPage } from './errors.ts';
import { checkPageBytes, MAX_FILE_BYTES, MAX_PLAIN_PAGE_BYTES } from './limits.ts';

export { BadSavedPage, NotASavedPage } from './errors.ts';
export { MAX_FILE_BYTES, MAX_PLAIN_PAGE_BYTES } from './limits.ts';

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
    if (info.size > MAX_PLAIN_PAGE_BYTES) {
      // Large is plausible only for SingleFile and MHTML: decided on the first bytes, unread otherwise.
      const handle = await open(path, 'r');
      try {
        const head = new Uint8Array(8192);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        checkPlainPageSize(head.subarray(0, bytesRead), fileName, info.size);
      } finally {
        await handle.close();
      }
    }
    const bytes = new Uint8Array(await readFile(path));
    const page = await readSavedBytes(bytes, fileName, path);
    const ext = /^[a-z0-9]{1,10}$/.test(extensionOf(fileName)) ? extensionOf(fileName) : detectFormat(bytes, fileName).extensions[0] ?? 'bin';
    return { page, original: { bytes, fileName, ext } };
  } catch (error) {
    throw withFileName(fileName, error);
  }
}

/** Reads saved-page bytes; `path` (when the bytes came from disk) finds `*_files/` images. */
export async function readSavedBytes(bytes: Uint8Array, fileName: string, path: string | null = null): Promise<DecodedPage> {
  const format = detectFormat(bytes, fileName);
  checkPageBytes(bytes);
  checkPlainPageSize(bytes, fileName, bytes.length);
  return format.readPage(bytes, path);
}

/**
 * A limit on the bytes, before a string is built: each format says how large its files may be
 * (SingleFile and MHTML carry their images, so may be larger than markup can be). `head` is the
 * file's start.
 */
function checkPlainPageSize(head: Uint8Array, fileName: string, size: number): void {
  if (size <= MAX_PLAIN_PAGE_BYTES) return;
  const format = detectFormat(head, fileName);
  if (size > format.maxBytes) {
    throw new BadSavedPage(`too large for a saved page (${Math.round(size / 2 ** 20)} MB of ${format.tooLargeAs}; the limit is ${format.maxBytes / 2 ** 20} MB)`);
  }
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
