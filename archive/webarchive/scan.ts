/**
 * The first pass over one WARC, and the options every web-archive reader takes. A WARC gzipped as
 * one stream (not record by record) cannot be read by offset, so it is unpacked to a temp file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { IndexedWarc, WebArchiveProblem } from './pages.ts';
import { limitChunks, OutputLimitError } from './inflate.ts';
import { indexWarc, type WarcSource } from './records.ts';

export interface WebArchiveOptions {
  /** Bytes scanned in the first pass, then pages read in the second. */
  onProgress?: (progress: { phase: 'scan' | 'pages'; done: number; total: number }) => void;
  onProblem?: (problem: WebArchiveProblem) => void;
  /** Where a WARC gzipped as one stream (not per record) is unpacked to be read by offset. */
  tmpDir?: string;
  /** Most bytes inflated from one archive (a WACZ's entries, a WARC gzipped as one stream). */
  maxInflatedBytes?: number;
}

/** What a summary of one archive says once all its pages were read. */
export interface WebArchiveSummary {
  pages: number;
  duplicates: number;
}

/**
 * Most bytes a compressed WARC of `compressedBytes` may expand to: real crawls compress 3-10
 * times; a hundred times, with a floor of 1 GiB, leaves room for any of them and none for a bomb.
 */
export function defaultInflateLimit(compressedBytes: number): number {
  return Math.max(2 ** 30, 100 * compressedBytes);
}

/** Indexes a WARC; one gzipped as a single stream is unpacked to a temp file first so records can be sought. */
export async function indexWarcSource(source: WarcSource, options: WebArchiveOptions, temps: string[]): Promise<IndexedWarc> {
  const total = source.end - source.start;
  const onBytes = (done: number): void => options.onProgress?.({ phase: 'scan', done, total });
  const limit = options.maxInflatedBytes ?? defaultInflateLimit(total);
  const index = await indexWarc(source, onBytes, limit);
  if (!index.compressed || index.seekable) return { source, index };
  const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'warc-'));
  temps.push(dir);
  const plain = join(dir, 'unpacked.warc');
  const damage = await pipeline(
    createReadStream(source.path, { start: source.start, end: source.end - 1 }),
    createGunzip(),
    (inflated: AsyncIterable<Uint8Array>) => limitChunks(inflated, limit, () => new OutputLimitError(limit, 'the gzip stream')),
    createWriteStream(plain),
  ).then(
    () => null,
    (error: Error) => error.message,
  );
  const size = (await stat(plain)).size;
  const unpacked: WarcSource = { path: plain, start: 0, end: size, label: source.label };
  const again = await indexWarc(unpacked, onBytes, limit);
  again.problems.unshift({ offset: null, message: 'the WARC is gzipped as one stream instead of record by record (not standard); it was unpacked to a temporary file to be read' });
  if (damage) again.problems.push({ offset: null, message: `the gzip stream is damaged after ${size} unpacked bytes (${damage}); the records before it were kept` });
  return { source: unpacked, index: again };
}

