/**
 * The app's schemes: `app://bundle/…` (the window's only origin) serves files of the renderer
 * bundle, `asset:<sha256>.<ext>` serves the archive's content-addressed assets, and nothing
 * else: any path that could step outside those two folders is refused before the file
 * system is touched, and what it resolves to (symlinks followed) is checked again afterwards.
 */
import { realpath as fsRealpath, readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './csp.ts';
import { APP_SCHEME, ASSET_SCHEME, BUNDLE_HOST } from './app-url.ts';

/** For protocol.registerSchemesAsPrivileged, before the app is ready. No bypassCSP, ever. */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true, bypassCSP: false },
} as const;

/** `asset:` is opaque (no host, no path below the name) and secure, so the app page may show it. */
export const assetSchemePrivileges = {
  scheme: ASSET_SCHEME,
  privileges: { standard: false, secure: true, supportFetchAPI: false, corsEnabled: false, stream: true, bypassCSP: false },
} as const;

/** The two folders the scheme may serve from (absolute paths). */
export interface SchemeRoots {
  bundle: string;
  assets: string | null;
}

export type SchemeResolution =
  | { ok: true; path: string; mimeType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
};

const ASSET_NAME = /^[0-9a-f]{64}\.[a-z0-9]{1,10}$/;

const refuse = (status: 400 | 403 | 404, reason: string): SchemeResolution => ({ ok: false, status, reason });

/**
 * Refuses, on the raw URL text, anything that a URL parser or a file system could turn into a
 * step outside the root: dot segments (plain or percent-encoded), encoded separators,
 * backslashes, NUL and other control characters.
 */
function rawPathProblem(rawUrl: string): string | null {
  const path = rawUrl.replace(/^[a-z]+:(\/\/[^/?#]*)?/i, '').replace(/[?#].*$/s, '');
  if (/[\x00-\x1f\x7f]/.test(rawUrl)) return 'control character in URL';
  if (/%(0[0-9a-f]|1[0-9a-f]|7f)/i.test(path)) return 'encoded control character in path';
  if (path.includes('\\') || /%5c/i.test(path)) return 'backslash in path';
  if (/%2f/i.test(path)) return 'encoded slash in path';
  if (/%2e/i.test(path)) return 'encoded dot in path';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return 'dot segment in path';
  return null;
}

/** True when `child` is `root` itself or lies inside it. */
function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export interface SchemeFs {
  realpath(path: string): Promise<string>;
}

/** Maps an `app:` URL to a file inside one of the roots, or says why not. */
export async function resolveAppUrl(rawUrl: string, roots: SchemeRoots, fs: SchemeFs = { realpath: fsRealpath }): Promise<SchemeResolution> {
  const problem = rawPathProblem(rawUrl);
  if (problem) return refuse(400, problem);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(400, 'not a URL');
  }
  let root: string | null;
  let segments: string[];
  if (url.protocol === `${ASSET_SCHEME}:`) {
    // `asset:<name>`: the whole path is one content-addressed file name, nothing else.
    root = roots.assets;
    if (!root) return refuse(404, 'no archive is open');
    if (!ASSET_NAME.test(url.pathname)) return refuse(404, 'not an asset name');
    segments = [url.pathname];
  } else if (url.protocol === `${APP_SCHEME}:`) {
    if (url.username || url.password || url.port) return refuse(400, 'credentials or port in URL');
    if (url.hostname !== BUNDLE_HOST) return refuse(404, `unknown host "${url.hostname}"`);
    root = roots.bundle;
    try {
      segments = url.pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    for (const segment of segments) {
      if (segment === '.' || segment === '..' || /[\\/:\x00]/.test(segment)) return refuse(400, `bad path segment "${segment}"`);
    }
    if (segments.length === 0) segments = ['index.html'];
  } else {
    return refuse(400, `not an ${APP_SCHEME}: or ${ASSET_SCHEME}: URL`);
  }
  const absoluteRoot = resolve(root);
  const candidate = resolve(absoluteRoot, ...segments);
  if (!isInside(absoluteRoot, candidate)) return refuse(403, 'outside the served folder');
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fs.realpath(candidate), fs.realpath(absoluteRoot)]);
  } catch {
    return refuse(404, 'no such file');
  }
  if (!isInside(realRoot, real)) return refuse(403, 'a link that leads outside the served folder');
  const mimeType = MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  return { ok: true, path: real, mimeType };
}

/** Headers of every `app:` response: our CSP on documents, no sniffing, no caching of assets by others. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy(),
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

/** The protocol.handle callback body: a Response for a request, using Node's own Response. */
export async function handleAppRequest(
  request: { url: string; method: string },
  roots: SchemeRoots,
  readFile: (path: string) => Promise<Uint8Array<ArrayBuffer>> = fsReadFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
  const found = await resolveAppUrl(request.url, roots);
  if (!found.ok) return new Response(found.reason, { status: found.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  try {
    const bytes = await readFile(found.path);
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers: appResponseHeaders(found.mimeType) });
  } catch {
    return new Response('no such file', { status: 404 });
  }
}
