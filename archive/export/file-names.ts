/**
 * File names made from article titles: readable (CJK and other scripts kept), safe on Windows,
 * macOS and Linux (no separators, reserved characters or device names), short enough for every
 * file system, and unique within one export.
 */

// Reserved on Windows or meaningful to shells and URLs; control characters; bidi overrides.
const FORBIDDEN = /[<>:"/\\|?*\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Bytes of UTF-8 a base name may use (most file systems allow 255; leave room for " (12).html"). */
const MAX_BASE_BYTES = 180;

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = encoder.encode(ch).byteLength;
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** A base name (no extension) for `title`; `fallback` when nothing usable is left. */
export function fileBaseName(title: string, fallback = 'article'): string {
  let name = title
    .normalize('NFC')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  name = truncateUtf8(name, MAX_BASE_BYTES).replace(/[.\s]+$/, '');
  if (!name || WINDOWS_DEVICE.test(name)) name = name ? `${name}_` : fallback;
  return name;
}

/**
 * Picks names for one export: `title.ext`, then `title (2).ext` … for titles that clash. `taken`
 * holds names already used (compared case-insensitively, as macOS and Windows do); it is updated.
 */
export function uniqueFileName(title: string, ext: string, taken: Set<string>, fallback?: string): string {
  const base = fileBaseName(title, fallback);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.${ext}` : `${base} (${n}).${ext}`;
    const key = name.normalize('NFC').toLowerCase();
    if (!taken.has(key)) {
      taken.add(key);
      return name;
    }
  }
}
