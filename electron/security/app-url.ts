/** The app's own scheme and the two hosts it serves: the renderer bundle and the archive's assets. */
export const APP_SCHEME = 'app';
export const BUNDLE_HOST = 'bundle';
export const ASSETS_HOST = 'assets';
/** What the window loads first. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${BUNDLE_HOST}/index.html`;
/** The URL of an archive asset (`<sha256>.<ext>`) as the renderer should write it. */
export function assetUrl(name: string): string {
  return `${APP_SCHEME}://${ASSETS_HOST}/${name}`;
}
