/**
 * Cheap checks on a page's HTML before extraction, which slows down sharply on very deep or
 * very large documents: such pages are refused quickly with a clear reason instead of tying up
 * a worker until its timeout.
 */
import { BadSavedPage } from './errors.ts';

/** Deepest element nesting accepted; real pages stay well under 200. */
export const MAX_NESTING_DEPTH = 500;

/** Most characters of markup accepted (inline `data:` payloads are not counted). */
export const MAX_MARKUP_CHARS = 8_000_000;

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
