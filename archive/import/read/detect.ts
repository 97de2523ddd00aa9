/**
 * Which reader a file needs, decided by its content as well as its name: an `.html` that is
 * really MHTML is read as MHTML, a page saved as `article.asp` is still HTML, and files that are
 * not saved pages (images, stylesheets, unknown types) are skipped with a reason.
 */
import { looksLikeUtf16 } from '../decode/index.ts';
import { BadSavedPage, NotASavedPage } from './errors.ts';
import { looksLikeMimeHeaders } from './mime.ts';

export type ReadableFormat = 'html' | 'mhtml' | 'text';

const BY_EXTENSION: Record<string, ReadableFormat> = {
  html: 'html', htm: 'html', xhtml: 'html', xht: 'html', shtml: 'html', shtm: 'html',
  mhtml: 'mhtml', mht: 'mhtml',
  txt: 'text', text: 'text',
};

const NOT_PAGES: [RegExp, string][] = [
  [/^(?:png|jpe?g|gif|webp|svg|avif|bmp|ico|tiff?|heic)$/, 'an image'],
  [/^(?:css|js|mjs|map|json|woff2?|ttf|otf|eot)$/, 'a page resource (stylesheet, script or font)'],
  [/^(?:pdf|docx?|xlsx?|pptx?|odt|epub|rtf)$/, 'a document in a format this importer does not read'],
  [/^(?:zip|gz|tgz|bz2|xz|7z|rar|tar)$/, 'a compressed archive (unpack it first)'],
  [/^(?:mp3|mp4|m4a|wav|ogg|webm|mov|avi|mkv|flac)$/, 'audio or video'],
  [/^(?:cdx|cdxj)$/, 'a web archive index (import the WARC or WACZ it indexes)'],
  [/^(?:exe|dll|so|dylib|bin|dat|db|sqlite|ds_store|lnk|ini)$/, 'not a saved page'],
];

/** The extension of a file name, lower-case and without the dot (`''` when none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** Decides how to read `bytes` named `fileName`; throws NotASavedPage or BadSavedPage. */
export function detectFormat(bytes: Uint8Array, fileName: string): ReadableFormat {
  const ext = extensionOf(fileName);
  const named = BY_EXTENSION[ext];
  if (!named) {
    const other = NOT_PAGES.find(([re]) => re.test(ext));
    if (other) throw new NotASavedPage(`${other[1]} (.${ext}), not a saved page`);
  }
  const fail = (message: string): never => {
    throw named ? new BadSavedPage(message) : new NotASavedPage(message);
  };
  if (bytes.length === 0) fail('empty file (0 bytes)');
  const head = headText(bytes);
  if (head === null) {
    const nul = bytes.subarray(0, 8192).indexOf(0);
    fail(`binary data, not a saved page${nul >= 0 ? ` (NUL byte at offset ${nul})` : ' (control bytes)'}`);
  }
  const text = head!;
  if (text.trim() === '') fail('empty file (only blank space)');

  const trimmed = text.replace(/^\s+/, '');
  const firstBlock = trimmed.split(/\r?\n\r?\n/, 1)[0] ?? '';
  if (looksLikeMimeHeaders(firstBlock)) return 'mhtml';
  const html = trimmed.startsWith('<') && /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]/i.test(text);
  if (named === 'mhtml') {
    if (html) return 'html';
    throw new BadSavedPage('not MHTML: MIME headers missing at the start of the file');
  }
  if (html) return 'html';
  if (named) return named;
  throw new NotASavedPage(`not a saved page (${ext ? `unknown type .${ext}` : 'no extension'}, and the content is not HTML or MHTML)`);
}

/** The first 8 KB as text for pattern checks, or null when it is binary. */
function headText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 8192);
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : looksLikeUtf16(head);
  if (utf16) return new TextDecoder(utf16).decode(head);
  let control = 0;
  for (const b of head) {
    if (b === 0) return null;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (control > head.length * 0.05) return null;
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1').replace(/^\xef\xbb\xbf/, '');
}
