/**
 * The app's own schemes: `app://bundle/…` is the window's origin (the renderer bundle) and
 * `asset:<sha256>.<ext>` is an archive asset, exactly as stored article HTML refers to it.
 */
export const APP_SCHEME = 'app';
export const ASSET_SCHEME = 'asset';
export const BUNDLE_HOST = 'bundle';
/** What the window loads first. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${BUNDLE_HOST}/index.html`;
/** The URL of an archive asset (`<sha256>.<ext>`). */
export function assetUrl(name: string): string {
  return `${ASSET_SCHEME}:${name}`;
}
