/**
 * Which stored asset each image of a saved page is, when the archive kept the images but not
 * where they came from (a "Web page, complete" folder, a web archive's image records): the
 * extraction is run again on the page with a stand-in image for every reference, each with its
 * own checksum, so the article it finds names the stand-ins exactly where the stored article
 * names its assets. Paired in order, stand-in to asset, that says which reference each asset
 * came from (a reference the import could not read is a placeholder there, and stays unresolved).
 * When the two disagree in number (other extraction rules since), nothing is paired.
 */
import { createHash } from 'node:crypto';
import { extractArticle } from '../import/extract/index.ts';
import type { DecodedPage, PageResource } from '../import/types.ts';

/** Each image of a sanitized article in order: a stored asset, or the placeholder of one not stored (null). */
const IMAGE_SLOT = /<img src="asset:([0-9a-f]{64}\.[a-z0-9]{1,10})"|<span class="image-placeholder"/g;

/** A tiny PNG-signed stand-in, distinct for each `n`. */
function standIn(n: number): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  new DataView(bytes.buffer).setUint32(8, n);
  return bytes;
}

function imageSlots(html: string): (string | null)[] {
  return [...html.matchAll(IMAGE_SLOT)].map((m) => m[1] ?? null);
}

/** `asset:<name>` of the stored image behind each reference of `refs` that the stored article shows. */
export function mapImagesByReplay(page: DecodedPage, refs: readonly string[], storedHtml: string): Map<string, string> {
  const stored = imageSlots(storedHtml);
  const out = new Map<string, string>();
  if (!stored.some((slot) => slot !== null) || refs.length === 0) return out;
  const refOf = new Map<string, string>();
  const resources: PageResource[] = refs.map((url, i) => {
    const bytes = standIn(i);
    refOf.set(`${createHash('sha256').update(bytes).digest('hex')}.png`, url);
    return { url, contentType: 'image/png', bytes };
  });
  let replayed: (string | null)[];
  try {
    replayed = imageSlots(extractArticle({ ...page, resources }).html);
  } catch {
    // A page the extractor now refuses: its images stay unresolved.
    return out;
  }
  if (replayed.length !== stored.length) return out;
  replayed.forEach((name, i) => {
    const ref = name === null ? undefined : refOf.get(name);
    const asset = stored[i];
    if (ref && asset && !out.has(ref)) out.set(ref, `asset:${asset}`);
  });
  return out;
}
