/**
 * The Content-Security-Policy of every page the app serves: nothing is allowed unless named, and
 * only the app's own scheme is named. Sent as a response header by the app scheme (a header
 * cannot be removed by the page, unlike a meta tag).
 */
import { ASSET_SCHEME } from './app-url.ts';

/** Each directive and its sources, in the order they are sent. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // Lit sets style properties and the article iframe carries our own <style>: no script can run.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", `${ASSET_SCHEME}:`, 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", `${ASSET_SCHEME}:`],
  'frame-src': ["'self'"],
  'connect-src': ["'none'"],
  'worker-src': ["'none'"],
  'manifest-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as one header value. */
export function contentSecurityPolicy(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
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
