/**
 * Reading a ZIP (a WACZ, or an EPUB we wrote) without loading it, on yauzl: the central directory
 * gives each entry's place, stored entries are read in place by byte range, deflated ones are
 * inflated as a stream. A ZIP is untrusted input, so on top of yauzl's own checks (an entry's
 * actual bytes must match its declared size; stored entries must declare equal sizes; data must
 * lie inside the file) this layer bounds what a hostile file can cost:
 * - at most `maxEntries` entries are listed;
 * - an entry may not declare more than deflate can produce from its compressed bytes;
 * - what is inflated is counted against a budget shared by all reads of one archive, and a read
 *   stops with ZipFormatError the moment the budget is spent.
 */
import yauzl from 'yauzl';

/** One file in the ZIP. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Where the local header starts; the data follows it. */
  localHeaderOffset: number;
  /** yauzl's record of the entry, for reading it. */
  raw: yauzl.Entry;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** Bytes that may still be inflated from one archive: every read through it counts against it. */
export interface InflateBudget {
  remaining: number;
}

/** Most entries listed from one ZIP (a WACZ holds a few dozen; an EPUB a few hundred). */
export const MAX_ZIP_ENTRIES = 50_000;

/** Deflate's best ratio is about 1032:1; an entry that declares more is lying about its size. */
const MAX_DEFLATE_RATIO = 1032;

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new ZipFormatError(describe(error));
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of central directory record signature not found/i.test(message)) return 'it is not a ZIP file (no end of central directory record)';
  return message;
}

/** The entries of the ZIP at `path`, from its central directory. */
export async function readZipDirectory(path: string, _fileSize?: number, maxEntries = MAX_ZIP_ENTRIES): Promise<ZipEntry[]> {
  const zip = await openZip(path);
  try {
    if (zip.entryCount > maxEntries) throw new ZipFormatError(`it lists ${zip.entryCount} entries (at most ${maxEntries} are read)`);
    const entries: ZipEntry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.compressionMethod === 8 && entry.uncompressedSize > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) {
          reject(new ZipFormatError(`${entry.fileName} declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed ones, more than deflate can produce (a forged entry)`));
          return;
        }
        entries.push({
          name: entry.fileName,
          method: entry.compressionMethod,
          compressedSize: entry.compressedSize,
          size: entry.uncompressedSize,
          crc32: entry.crc32,
          localHeaderOffset: entry.relativeOffsetOfLocalHeader,
          raw: entry,
        });
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: unknown) => reject(new ZipFormatError(`a damaged central directory (${describe(error)})`)));
      zip.readEntry();
    });
    return entries;
  } finally {
    zip.close();
  }
}

/** Where an entry's bytes start in the file (after its local header). */
export async function entryDataOffset(path: string, entry: ZipEntry): Promise<number> {
  const zip = await openZip(path);
  try {
    return (await zip.readLocalFileHeaderPromise(entry.raw, { minimal: true })).fileDataStart;
  } catch (error) {
    throw new ZipFormatError(`the local header of ${entry.name} is damaged (${describe(error)})`);
  } finally {
    zip.close();
  }
}

/**
 * The entry's uncompressed bytes as a stream of chunks; with a budget, inflated bytes are
 * counted against it and the read stops once it is spent.
 */
export async function* entryChunks(path: string, entry: ZipEntry, budget?: InflateBudget): AsyncGenerator<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name} uses ZIP compression method ${entry.method}, which is not supported`);
  if (entry.compressedSize === 0 && entry.size === 0) return;
  if (budget && entry.method === 8 && entry.size > budget.remaining) throw budgetError(entry, budget);
  const zip = await openZip(path);
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    stream = (await zip.openReadStreamPromise(entry.raw)) as typeof stream;
  } catch (error) {
    zip.close();
    throw new ZipFormatError(`${entry.name} cannot be read (${describe(error)})`);
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (budget && entry.method === 8) {
        budget.remaining -= chunk.length;
        if (budget.remaining < 0) throw budgetError(entry, budget);
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    throw new ZipFormatError(`${entry.name} is damaged (${describe(error)})`);
  } finally {
    stream.destroy();
    zip.close();
  }
}

function budgetError(entry: ZipEntry, budget: InflateBudget): ZipFormatError {
  budget.remaining = Math.min(budget.remaining, 0);
  return new ZipFormatError(`${entry.name}: the archive expands to more than it may when decompressed (a decompression bomb, or too large to import)`);
}

/** The entry's bytes in memory (for small entries: manifests, page lists). */
export async function readEntry(path: string, entry: ZipEntry, limit = 64 * 1024 * 1024, budget?: InflateBudget): Promise<Uint8Array> {
  if (entry.size > limit) throw new ZipFormatError(`${entry.name} is too large to read (${entry.size} bytes)`);
  const parts: Uint8Array[] = [];
  // The declared size was checked; the chunks are counted too (yauzl stops at the declared size).
  let total = 0;
  for await (const chunk of entryChunks(path, entry, budget)) {
    total += chunk.length;
    if (total > limit) throw new ZipFormatError(`${entry.name} is too large to read (more than ${limit} bytes)`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
