/**
 * The browser window's own origin, with no server behind it: every request of the window's
 * pages is intercepted through the DevTools pipe; the renderer bundle's files are answered from
 * dist/renderer/, and everything else (http, https to anywhere, any other file) is refused
 * before it reaches the network. Nothing listens on a port.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** The origin the renderer is served at. `.invalid` never resolves, so nothing else could answer it. */
export const APP_ORIGIN = 'https://reader.invalid';

/** The window's first page. */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** What the interception saw: the app's own files it answered, and every request it refused. */
export interface WindowTraffic {
  served: string[];
  refused: string[];
}

/** The Content-Security-Policy of index.html's meta tag, to send as a header as well (a page cannot remove a header). */
export function cspOfIndexHtml(html: string): string | null {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1] ?? null;
}

/** The file under `root` that `url` names on the app origin, or null when it names none (or climbs out). */
export function appFileFor(url: string, root: string): string | null {
  if (!url.startsWith(`${APP_ORIGIN}/`)) return null;
  const base = normalize(root + sep);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const path = normalize(join(base, pathname));
  const file = path.endsWith(sep) ? join(path, 'index.html') : path;
  return file.startsWith(base) ? file : null;
}

/**
 * Serves `rendererDir` at APP_ORIGIN to every page of `context` and refuses every other request.
 * Install before the first navigation.
 */
export async function serveRenderer(context: BrowserContext, rendererDir: string): Promise<WindowTraffic> {
  const traffic: WindowTraffic = { served: [], refused: [] };
  const csp = cspOfIndexHtml(await readFile(join(rendererDir, 'index.html'), 'utf8'));
  if (!csp) throw new Error(`${join(rendererDir, 'index.html')} has no Content-Security-Policy: rebuild with \`npm run build\``);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const file = appFileFor(url, rendererDir);
    if (!file) {
      traffic.refused.push(url);
      return route.abort('blockedbyclient');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return route.fulfill({ status: 404, body: '' });
    }
    traffic.served.push(url);
    const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (extname(file) === '.html') headers['content-security-policy'] = csp;
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', headers, body });
  });
  return traffic;
}
