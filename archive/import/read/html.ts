/**
 * Saved HTML: a plain page, a "Web page, complete" page with its `<name>_files/` folder, or a
 * SingleFile page whose header comment records where and when it was saved.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { DecodedPage, PageResource } from '../types.ts';
import { decodeBytes } from '../decode/index.ts';

/** Image types a saved page's folder may hold, by extension. */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  svg: 'image/svg+xml', avif: 'image/avif', bmp: 'image/bmp', ico: 'image/x-icon',
};

/** Bounds on what one page may pull in from its folder. */
const MAX_RESOURCES = 500;
const MAX_RESOURCE_BYTES = 20 * 1024 * 1024;
const MAX_TOTAL_RESOURCE_BYTES = 100 * 1024 * 1024;

/** Whether the start of a page carries SingleFile's header comment. */
export function isSingleFile(head: string): boolean {
  return /<!--\s*Page saved with SingleFile/i.test(head);
}

/** Reads saved HTML bytes; `path`, when given, lets local images next to the page come along. */
export async function readHtml(bytes: Uint8Array, path: string | null): Promise<DecodedPage> {
  const decoded = decodeBytes(bytes, { kind: 'html' });
  const head = decoded.text.slice(0, 4096);
  const singleFile = isSingleFile(head) ? singleFileHeader(head) : null;
  const warnings = [...decoded.warnings];
  const resources = path && !singleFile ? await localImages(decoded.text, path, warnings) : [];
  return {
    format: singleFile ? 'singlefile' : 'html',
    content: decoded.text,
    charset: decoded.charset,
    url: singleFile?.url ?? null,
    savedAt: singleFile?.savedAt ?? null,
    containerTitle: null,
    resources,
    warnings,
  };
}

/** `url:` and `saved date:` from SingleFile's header comment. */
export function singleFileHeader(head: string): { url: string | null; savedAt: string | null } {
  const comment = /<!--\s*Page saved with SingleFile([\s\S]*?)-->/i.exec(head)?.[1] ?? '';
  const url = /^\s*url:\s*(\S+)/im.exec(comment)?.[1] ?? null;
  const date = /^\s*saved date:\s*(.+?)\s*$/im.exec(comment)?.[1];
  // `Thu Nov 03 2022 10:39:11 GMT+0100 (Central European Standard Time)`: the zone name is noise.
  const time = date ? Date.parse(date.replace(/\s*\(.*\)\s*$/, '')) : Number.NaN;
  return { url, savedAt: Number.isNaN(time) ? null : new Date(time).toISOString() };
}

/** Names browsers give the folder of "Web page, complete": `<page>_files` and its translations. */
const RESOURCE_FOLDER_SUFFIXES = ['_files', '.files', '-Dateien', '_archivos', '_fichiers', '-bestanden', '_file'];

/** Whether `child` is `parent` itself or inside it (both absolute, resolved). */
function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Images the page refers to by relative URL that lie in the page's own folder or in its
 * `<name>_files/` folder ("Web page, complete"). Paths are checked twice: as written, and as
 * real paths once symlinks are resolved, so a link in the folder that leads elsewhere is refused
 * (with a warning) rather than followed. Nothing outside those two places is ever read.
 */
async function localImages(html: string, path: string, warnings: string[]): Promise<PageResource[]> {
  const base = dirname(resolve(path));
  const stem = basename(path).replace(/\.[^.]*$/, '');
  const folders = RESOURCE_FOLDER_SUFFIXES.map((suffix) => join(base, stem + suffix));
  let realBase: string;
  try {
    realBase = await realpath(base);
  } catch {
    return [];
  }
  const realFolders = new Map<string, string | null>();
  const realFolder = async (folder: string): Promise<string | null> => {
    if (!realFolders.has(folder)) realFolders.set(folder, await realpath(folder).catch(() => null));
    return realFolders.get(folder)!;
  };
  const seen = new Set<string>();
  const resources: PageResource[] = [];
  let total = 0;
  for (const url of referencedUrls(html)) {
    if (resources.length >= MAX_RESOURCES || seen.has(url)) continue;
    seen.add(url);
    if (/^[a-z][\w+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/')) continue;
    let file: string;
    try {
      file = resolve(base, decodeURIComponent(url.replace(/[?#].*$/, '')));
    } catch {
      continue;
    }
    const type = IMAGE_TYPES[extname(file).slice(1).toLowerCase()];
    if (!type) continue;
    // As written: a file right beside the page, or anywhere under its resource folder.
    const folder = folders.find((f) => inside(f, file) && file !== f);
    if (!folder && dirname(file) !== base) {
      if (inside(base, file)) warnings.push(`the image ${url} is in a folder other than the page's own and its ${stem}_files folder; not read`);
      else warnings.push(`the image ${url} lies outside the page's folder; not read`);
      continue;
    }
    try {
      // As it really is: the resolved file must still be inside the same place, resolved.
      const real = await realpath(file);
      const realRoot = folder ? await realFolder(folder) : realBase;
      const confined = realRoot !== null && (folder ? inside(realRoot, real) && inside(realBase, realRoot) : dirname(real) === realBase);
      if (!confined) {
        warnings.push(`the image ${url} is a link to a file outside the page's folder; not read`);
        continue;
      }
      const info = await stat(real);
      if (!info.isFile() || info.size > MAX_RESOURCE_BYTES || total + info.size > MAX_TOTAL_RESOURCE_BYTES) continue;
      const bytes = new Uint8Array(await readFile(real));
      total += bytes.length;
      resources.push({ url, contentType: type, bytes });
    } catch {
      // A missing or unreadable image is left to the extractor's placeholder.
    }
  }
  return resources;
}

/** URLs in `src`, `srcset`, `data-src` and `poster` attributes, entity `&amp;` undone. */
function* referencedUrls(html: string): Generator<string> {
  const re = /\s(?:src|data-src|poster|srcset|data-srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const isSrcset = /srcset/i.test(m[0].slice(0, m[0].indexOf('=')));
    const value = (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&').trim();
    if (!value) continue;
    if (isSrcset) {
      for (const candidate of value.split(',')) {
        const u = candidate.trim().split(/\s+/)[0];
        if (u) yield u;
      }
    } else {
      yield value;
    }
  }
}
