/**
 * Which format reads a file, decided by its content as well as its name (the formats and their
 * sniffs are in `../formats/`): an `.html` that is really MHTML is read as MHTML, a page saved as
 * `article.asp` is still HTML, and files that are not saved pages (images, stylesheets, unknown
 * types) are skipped with a reason.
 */
import { formatByName, headOf, sniffPageFormat, type PageFormat } from '../formats/index.ts';
import { BadSavedPage, NotASavedPage } from './errors.ts';

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

/**
 * Decides which format reads `bytes` named `fileName` (the registry's sniffs first, then the
 * name); throws NotASavedPage or BadSavedPage.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): PageFormat {
  const ext = extensionOf(fileName);
  const byName = formatByName(fileName);
  if (byName?.pages === 'many') throw new NotASavedPage(`a ${byName.label} file holds many pages: import it with the batch import, not as one page`);
  const named = byName?.pages === 'one' ? byName : null;
  if (!named) {
    const other = NOT_PAGES.find(([re]) => re.test(ext));
    if (other) throw new NotASavedPage(`${other[1]} (.${ext}), not a saved page`);
  }
  const fail = (message: string): never => {
    throw named ? new BadSavedPage(message) : new NotASavedPage(message);
  };
  if (bytes.length === 0) fail('empty file (0 bytes)');
  const head = headOf(bytes);
  if (head.text === null) {
    const nul = bytes.subarray(0, 8192).indexOf(0);
    fail(`binary data, not a saved page${nul >= 0 ? ` (NUL byte at offset ${nul})` : ' (control bytes)'}`);
  }
  if (head.text!.trim() === '') fail('empty file (only blank space)');
  const sniffed = sniffPageFormat(head, named);
  if (sniffed) return sniffed;
  if (named?.notThis) throw new BadSavedPage(named.notThis);
  if (named) return named;
  throw new NotASavedPage(`not a saved page (${ext ? `unknown type .${ext}` : 'no extension'}, and the content is not HTML or MHTML)`);
}
