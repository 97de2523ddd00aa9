/**
 * "View original": a capture's saved page as it was, for the window to show beside the article.
 * The original bytes are decoded with the charset the import recorded (an MHTML's HTML part as
 * its reader finds it; a text dump becomes preformatted text), and its images point at what the
 * archive holds: the article's stored assets (`asset:<name>`), or, for images that travelled
 * inside the original itself (MHTML parts, SingleFile's `data:` URIs), inline `data:` images.
 * The page is returned unsanitized: the window neutralizes it and shows it in a sandboxed frame.
 */
import { createHash } from 'node:crypto';
import type { CaptureChoice, OriginalView } from '../contract.ts';
import type { ArticleMeta, Capture } from '../model.ts';
import { RASTER_MIME, sniffRasterExt } from '../raster.ts';
import { decodeRecorded } from '../import/decode/index.ts';
import { readMhtml } from '../import/read/mhtml.ts';
import { singleFileHeader } from '../import/read/html.ts';
import type { DecodedPage, PageResource } from '../import/types.ts';
import { ArchiveError } from '../store/errors.ts';
import { mapImagesByReplay } from './replay.ts';
import { imageRefs, rewriteImageRefs } from './image-refs.ts';

/** What this module needs of the store. */
export interface OriginalSource {
  get(id: string): ArticleMeta | undefined;
  readOriginal(capture: Capture): Promise<Uint8Array>;
  getBody(id: string): Promise<{ html: string }>;
}

/**
 * Pages larger than this are not extracted again to find their images (see replay.ts): that runs
 * where the service runs (the app's main process), and a page this large would hold it up; its
 * images stay unresolved (the frame shows their alt text).
 */
const MAX_REPLAY_CHARS = 4 * 1024 * 1024;

/** Inline images from inside an original, at most this many bytes in all (the rest are left out). */
const MAX_INLINED_BYTES = 16 * 1024 * 1024;

/** The chooser's list: every capture of the article, in the order they were imported. */
export function captureChoices(meta: ArticleMeta): CaptureChoice[] {
  return meta.captures.map((c, index) => ({ index, importedAt: c.importedAt, format: c.format, name: c.fileName || null }));
}

/** The original of capture `index` (default 0) of article `id`; null when either does not exist. */
export async function readOriginalView(source: OriginalSource, id: string, index = 0): Promise<OriginalView | null> {
  const meta = source.get(id);
  const capture = meta?.captures[index];
  if (!meta || !capture) return null;
  let bytes: Uint8Array;
  try {
    bytes = await source.readOriginal(capture);
  } catch (error) {
    throw new ArchiveError('not-found', `the original of capture ${index + 1} (${capture.fileName}) is missing from originals/: ${(error as Error).message}; run verify`);
  }
  const html = await originalHtml(source, meta, capture, bytes);
  return { html, capture: index, captures: captureChoices(meta) };
}

/** The page a capture's bytes hold, as HTML with its images resolved. */
async function originalHtml(source: OriginalSource, meta: ArticleMeta, capture: Capture, bytes: Uint8Array): Promise<string> {
  if (capture.format === 'text') return textAsHtml(decodeRecorded(bytes, capture.charset, 'text').text);
  if (capture.format === 'mhtml') {
    const page = readMhtml(bytes);
    return rewriteImageRefs(page.content, resourceLookup(page, meta));
  }
  const html = decodeRecorded(bytes, capture.charset, 'html').text;
  if (meta.assets.length === 0 || html.length > MAX_REPLAY_CHARS) return html;
  const pageUrl = capture.format === 'singlefile' ? singleFileHeader(html.slice(0, 4096)).url : capture.format === 'html' ? null : meta.url;
  const page: DecodedPage = { format: capture.format, content: html, charset: capture.charset ?? 'utf-8', url: pageUrl, savedAt: null, containerTitle: null, resources: [], warnings: [] };
  const stored = (await source.getBody(meta.id)).html;
  const byRef = mapImagesByReplay(page, imageRefs(html), stored);
  return byRef.size > 0 ? rewriteImageRefs(html, (ref) => byRef.get(ref) ?? null) : html;
}

/**
 * Finds an MHTML's images by the URL its HTML uses: the article's stored asset when the archive
 * has it, else the part's bytes inline (raster images only, within MAX_INLINED_BYTES).
 */
function resourceLookup(page: DecodedPage, meta: ArticleMeta): (ref: string) => string | null {
  const stored = new Set(meta.assets);
  const byUrl = new Map<string, PageResource>();
  for (const r of page.resources) if (!byUrl.has(r.url)) byUrl.set(r.url, r);
  const resolved = new Map<PageResource, string | null>();
  let inlined = 0;
  const urlOf = (resource: PageResource): string | null => {
    const ext = sniffRasterExt(resource.bytes);
    if (!ext) return null;
    const name = `${createHash('sha256').update(resource.bytes).digest('hex')}.${ext}`;
    if (stored.has(name)) return `asset:${name}`;
    if (inlined + resource.bytes.length > MAX_INLINED_BYTES) return null;
    inlined += resource.bytes.length;
    return `data:${RASTER_MIME[ext]};base64,${Buffer.from(resource.bytes).toString('base64')}`;
  };
  return (ref) => {
    let resource = byUrl.get(ref);
    if (!resource && page.url) {
      try {
        resource = byUrl.get(new URL(ref, page.url).href);
      } catch {
        // Not a URL relative to the page: not one of its parts.
      }
    }
    if (!resource) return null;
    if (!resolved.has(resource)) resolved.set(resource, urlOf(resource));
    return resolved.get(resource)!;
  };
}

/** A text dump as the page it was copied from cannot be rebuilt: its text, preformatted. */
function textAsHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre class="saved-text">${escaped}</pre></body></html>`;
}
