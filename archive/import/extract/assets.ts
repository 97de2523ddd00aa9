/**
 * Images that travelled with the page (`*_files/`, MHTML parts, `data:` URIs) become content-
 * addressed assets. The bytes decide the type: a `.jpg` that is really HTML is not an image.
 */
import { createHash } from 'node:crypto';
import { sniffRasterExt } from '../../raster.ts';
import type { PageResource } from '../types.ts';

export interface ArticleAsset {
  sha256: string;
  ext: string;
  bytes: Uint8Array;
}

/** Decodes a `data:` URI's payload; null when it is not one or does not decode. */
export function decodeDataUri(uri: string): { mediaType: string; bytes: Uint8Array } | null {
  const m = /^data:([^,;]*)((?:;[^,;]*)*),([\s\S]*)$/i.exec(uri.trim());
  if (!m) return null;
  const base64 = /;base64/i.test(m[2]!);
  try {
    const bytes = base64
      ? Buffer.from(m[3]!.replace(/\s+/g, ''), 'base64')
      : Buffer.from(decodeURIComponent(m[3]!), 'utf8');
    return { mediaType: m[1]!.toLowerCase(), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch {
    return null;
  }
}

function keysFor(url: string, baseUrl: string | null): string[] {
  const keys = new Set<string>();
  const t = url.trim();
  keys.add(t);
  keys.add(t.replace(/^\.\//, ''));
  try {
    keys.add(decodeURI(t).replace(/^\.\//, ''));
  } catch {
    // A malformed escape: the raw forms above are all we can match on.
  }
  if (baseUrl) {
    try {
      keys.add(new URL(t, baseUrl).href);
    } catch {
      // Not resolvable against the page URL.
    }
  }
  keys.delete('');
  return [...keys];
}

/** Finds the page's local images and turns them into assets, once per distinct image. */
export class AssetCollector {
  readonly assets: ArticleAsset[] = [];
  #byKey = new Map<string, PageResource>();
  #byResource = new Map<PageResource | string, string | null>();
  #baseUrl: string | null;

  constructor(resources: readonly PageResource[], baseUrl: string | null) {
    this.#baseUrl = baseUrl;
    for (const r of resources) for (const key of keysFor(r.url, baseUrl)) if (!this.#byKey.has(key)) this.#byKey.set(key, r);
  }

  /** `asset:<sha256>.<ext>` for a local image at `url` (a resource or a `data:` URI), else null. */
  localImage(url: string): string | null {
    const t = url.trim();
    if (/^data:/i.test(t)) {
      if (this.#byResource.has(t)) return this.#byResource.get(t)!;
      const decoded = decodeDataUri(t);
      const name = decoded && decoded.mediaType.startsWith('image/') ? this.#add(decoded.bytes) : null;
      this.#byResource.set(t, name);
      return name;
    }
    let resource: PageResource | undefined;
    for (const key of keysFor(t, this.#baseUrl)) {
      resource = this.#byKey.get(key);
      if (resource) break;
    }
    if (!resource) return null;
    if (!this.#byResource.has(resource)) this.#byResource.set(resource, this.#add(resource.bytes));
    return this.#byResource.get(resource)!;
  }

  #add(bytes: Uint8Array): string | null {
    const ext = sniffRasterExt(bytes);
    if (!ext) return null;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.assets.some((a) => a.sha256 === sha256)) this.assets.push({ sha256, ext, bytes });
    return `asset:${sha256}.${ext}`;
  }
}
