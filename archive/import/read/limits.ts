/**
 * Cheap checks on a page's HTML before extraction, which slows down sharply on very deep or
 * very large documents: such pages are refused quickly with a clear reason instead of tying up
 * a worker until its timeout.
 */
import { BadSavedPage } from './errors.ts';

/** HTML without inline images, and text dumps, larger than this are refused before decoding. */
export const MAX_PLAIN_PAGE_BYTES = 32 * 1024 * 1024;

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Deepest element nesting accepted; real pages stay well under 200. */
export const MAX_NESTING_DEPTH = 500;

/** Most characters of markup accepted (inline `data:` payloads are not counted). */
export const MAX_MARKUP_CHARS = 8_000_000;

/**
 * Most characters of text (outside tags, scripts and styles) accepted. A long article has a
 * few hundred thousand; extraction needs about 150 bytes of memory per character of text, so
 * a page of millions is refused before it is parsed.
 */
export const MAX_TEXT_CHARS = 2_000_000;

const VOID = new Set('area base br col embed hr img input link meta param source track wbr keygen command basefont bgsound frame isindex image'.split(' '));
/** Elements whose end tag is optional: not counted, as sloppy pages rarely close them. */
const OPTIONAL_END = new Set('p li dt dd option optgroup tr td th thead tbody tfoot rt rp rb rtc colgroup caption html head body'.split(' '));
/** Elements whose content is not markup, with the search for their end tag. */
const RAW_TEXT = new Map(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext'].map((n) => [n, new RegExp(`</${n}`, 'gi')]));

/** Throws BadSavedPage when `html` is too deeply nested or too large to extract in reasonable time. */
export function checkPageLimits(html: string): void {
  const markup = markupLength(html);
  if (markup > MAX_MARKUP_CHARS) {
    throw new BadSavedPage(`the page is too large to extract (${(markup / 1e6).toFixed(0)} million characters of HTML; the limit is ${MAX_MARKUP_CHARS / 1e6} million)`);
  }
  const text = textLength(html, MAX_TEXT_CHARS);
  if (text > MAX_TEXT_CHARS) {
    throw new BadSavedPage(`the page holds more text than any article (over ${MAX_TEXT_CHARS / 1e6} million characters outside its markup): a degenerate page, or a whole book; split it first`);
  }
  const depth = nestingDepth(html, MAX_NESTING_DEPTH);
  if (depth > MAX_NESTING_DEPTH) {
    throw new BadSavedPage(`the page is nested too deeply to extract (more than ${MAX_NESTING_DEPTH} levels of elements)`);
  }
}

/** Length of `html` without the payloads of `data:` URIs (SingleFile inlines every image). */
export function markupLength(html: string): number {
  let length = html.length;
  const re = /data:[\w.+-]+\/[\w.+-]+(?:;[\w=.+-]+)*(?:;base64)?,/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    let end = re.lastIndex;
    while (end < html.length && !/["')\s]/.test(html[end]!)) end++;
    length -= end - re.lastIndex;
    re.lastIndex = end;
  }
  return length;
}

/** Characters of `html` outside tags, comments, scripts and styles; stops counting past `stopAt`. */
export function textLength(html: string, stopAt = Infinity): number {
  const markup = /<(?:(script|style)\b[\s\S]*?<\/\1\s*>|!--[\s\S]*?-->|[^>]*>)/gi;
  let text = 0;
  let at = 0;
  for (let m = markup.exec(html); m; m = markup.exec(html)) {
    text += m.index - at;
    at = markup.lastIndex;
    if (text > stopAt) return text;
  }
  return text + html.length - at;
}

/** The element nesting depth of `html`, scanning tags only; stops counting past `stopAt`. */
export function nestingDepth(html: string, stopAt = Infinity): number {
  const tag = /<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|<!--[\s\S]*?-->/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name) continue;
    if (m[1]) {
      if (!VOID.has(name) && !OPTIONAL_END.has(name) && depth > 0) depth--;
      continue;
    }
    const close = RAW_TEXT.get(name);
    if (close) {
      close.lastIndex = tag.lastIndex;
      tag.lastIndex = close.exec(html) ? close.lastIndex : html.length;
      continue;
    }
    if (m[3]?.endsWith('/') || VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (++depth > max) {
      max = depth;
      if (max > stopAt) return max;
    }
  }
  return max;
}

/** NUL bytes a page may hold before it counts as binary: a stray one is tolerated, a run is not. */
const MAX_NUL_BYTES = 64;

/**
 * Throws BadSavedPage when `bytes` hold binary data past the first few kilobytes (a page
 * followed by megabytes of NUL bytes, say): checked on the bytes, before any string is built.
 */
export function checkPageBytes(bytes: Uint8Array): void {
  let count = 0;
  let first = -1;
  for (let at = bytes.indexOf(0); at >= 0; at = bytes.indexOf(0, at + 1)) {
    if (first < 0) first = at;
    if (++count > MAX_NUL_BYTES) {
      // UTF-16 text has a NUL in every other byte: not binary, and decoded as such.
      if (looksUtf16(bytes)) return;
      throw new BadSavedPage(`binary data, not a saved page (NUL bytes from byte ${first}; ${bytes.length} bytes in all)`);
    }
  }
}

function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  // ASCII-range text in UTF-16: NULs at every other position of the first kilobyte.
  let even = 0;
  let odd = 0;
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 ? odd++ : even++);
  return (odd > n * 0.3 && even < n * 0.02) || (even > n * 0.3 && odd < n * 0.02);
}
