/**
 * Reading is offline by construction: the session cancels every request that does not stay
 * inside the app (its own schemes, and data:/blob: URLs the page made itself).
 */
import { APP_SCHEME, ASSET_SCHEME } from './app-url.ts';

const ALLOWED_PROTOCOLS = new Set([`${APP_SCHEME}:`, `${ASSET_SCHEME}:`, 'data:', 'blob:', 'devtools:']);

/** True when a request for `url` must be cancelled. Unparseable URLs are cancelled too. */
export function mustCancelRequest(url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return true;
  }
  return !ALLOWED_PROTOCOLS.has(protocol.toLowerCase());
}

export interface RequestDetails {
  url: string;
}

/** For session.webRequest.onBeforeRequest: cancels whatever would leave the app. */
export function requestFilter(details: RequestDetails, callback: (response: { cancel: boolean }) => void): void {
  callback({ cancel: mustCancelRequest(details.url) });
}

/** The URL patterns the filter is installed for: every scheme a request can use. */
export const REQUEST_FILTER_URLS = ['<all_urls>', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file://*/*'];
