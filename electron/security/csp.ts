/**
 * The Content-Security-Policy of each kind of page the app shows, declared once:
 *
 * - the window (index.html): sent as a header by the app scheme in Electron (a page cannot remove
 *   a header) and written into index.html's meta tag by the build (build/tools/renderer-page.ts),
 *   which the browser window's launcher also sends as its header;
 * - the article frame (a srcdoc iframe): its meta tag, put into the renderer bundle by the build;
 * - the original frame (View original, a srcdoc iframe too): likewise.
 *
 * Nothing is allowed unless named. No page may run inline script, and no style applies but the
 * app's own files and the article frame's one stylesheet, allowed by its hash (Lit's styles are
 * constructed stylesheets and style properties are set through the CSSOM, which CSP allows).
 * Exported documents (HTML, PDF, EPUB) carry their own: EXPORT_CSP and EPUB_CSP in archive/export/print-html.ts.
 */
import { createHash } from 'node:crypto';
import { ARTICLE_FRAME_CSS } from '../../renderer/reader/frame-css.ts';
import { ASSET_SCHEME } from './app-url.ts';

/** Directives and their sources, in the order they are sent. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** `'sha256-…'` of a stylesheet's text, as CSP wants it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The window's policy: the app's own script, styles and images, and the article frame's stylesheet. */
export const WINDOW_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", cspHash(ARTICLE_FRAME_CSS)],
  'img-src': ["'self'", `${ASSET_SCHEME}:`, 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  // The article frame is a srcdoc document, which frame-src does not govern: nothing else may load.
  'frame-src': ["'none'"],
  'worker-src': ["'none'"],
  'manifest-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The article frame's own policy, on top of the window's: no script at all, no style but ours, local images. */
export const ARTICLE_FRAME_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'img-src': [`${ASSET_SCHEME}:`, 'data:'],
  'style-src': [cspHash(ARTICLE_FRAME_CSS)],
  'font-src': ["'self'"],
};

/**
 * The original frame's own policy ("View original": a saved page as it was, hostile until shown
 * otherwise), on top of the window's, which a srcdoc frame inherits: no script at all, nothing
 * from the network, images only the archive's own (asset:) or inline (data:), no fonts, frames,
 * media, forms or base URL. Inline style is allowed here because such a frame has nothing for
 * CSS to exfiltrate to and no way to fetch (the window's inherited policy still refuses style in
 * markup; the window applies the page's CSS through the CSSOM once every url() in it is local).
 */
export const ORIGINAL_FRAME_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'none'"],
  'img-src': [`${ASSET_SCHEME}:`, 'data:'],
  'style-src': ["'unsafe-inline'"],
  'font-src': ["'none'"],
  'media-src': ["'none'"],
  'connect-src': ["'none'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/** Directives a browser honours only in a header (in a meta tag it ignores them and says so on the console). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** A policy as one header value, or as a meta tag's content (without the header-only directives). */
export function contentSecurityPolicy(directives: CspDirectives = WINDOW_CSP, delivery: 'header' | 'meta' = 'header'): string {
  return Object.entries(directives)
    .filter(([name]) => delivery === 'header' || !HEADER_ONLY.has(name))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Parses a policy back into directives (used by tests and by the pack check). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
