/**
 * The image types the archive keeps, decided by the bytes, never by a name: a `.png` that is
 * really HTML, or any SVG (which can carry script), is not an image here. The importer names its
 * assets by this, restore refuses assets whose bytes disagree with their names, and every export
 * carries only assets that pass it.
 */

/** Raster image types an asset may be, as its file extension. */
export type RasterExt = 'png' | 'jpg' | 'gif' | 'webp' | 'avif' | 'bmp';

export const RASTER_MIME: Readonly<Record<RasterExt, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
};

/** The raster image type the bytes carry (by their magic bytes), or null. */
export function sniffRasterExt(bytes: Uint8Array): RasterExt | null {
  const b = (i: number): number => bytes[i] ?? -1;
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpg';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'avif';
  if (ascii(0, 2) === 'BM' && bytes.length > 26) return 'bmp';
  return null;
}

/** The extension of an asset name (`<sha256>.<ext>`) when it is a raster type, else null. */
export function rasterExtOfName(name: string): RasterExt | null {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return Object.hasOwn(RASTER_MIME, ext) ? (ext as RasterExt) : null;
}

/** The MIME type of an asset whose name and bytes agree on a raster type; null for anything else. */
export function rasterMime(name: string, bytes: Uint8Array): string | null {
  const ext = rasterExtOfName(name);
  return ext !== null && sniffRasterExt(bytes) === ext ? RASTER_MIME[ext] : null;
}
