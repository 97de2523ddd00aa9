/**
 * ARC, the Internet Archive's format before WARC (`.arc`, `.arc.gz`), which warcio does not read.
 * Each record is one header line (`URL IP-address date content-type length`, the length last in
 * both versions) followed by that many bytes, an HTTP response for web captures. Read in one
 * streaming pass: 200 HTML responses become pages (without images: ARC files from crawlers seldom
 * keep a page's images beside it, and reading them would need a second pass). A record that
 * gives no usable length ends the read with its offset.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DecodedPage } from '../import/types.ts';
import { decodeArchivedPage, type WebArchivePage } from './pages.ts';
import { BadSavedPage } from '../import/read/errors.ts';
import { limitChunks, OutputLimitError } from './inflate.ts';
import { WebArchiveError } from './records.ts';
import { defaultInflateLimit, type WebArchiveOptions, type WebArchiveSummary } from './scan.ts';

const MAX_PAGE = 64 * 1024 * 1024;

/** Pulls lines and byte counts out of a stream of chunks. */
class ByteQueue {
  #chunks: AsyncIterator<Uint8Array>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  /** Bytes consumed so far (offsets in the uncompressed stream). */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, next.value]) : Buffer.from(next.value);
    return true;
  }

  /** The next line without its end, or null at the end of the stream. */
  async line(max = 64 * 1024): Promise<string | null> {
    for (;;) {
      const eol = this.#buffer.indexOf(0x0a);
      if (eol >= 0) {
        const text = this.#buffer.subarray(0, eol).toString('latin1').replace(/\r$/, '');
        this.#buffer = this.#buffer.subarray(eol + 1);
        this.position += eol + 1;
        return text;
      }
      if (this.#buffer.length > max) throw new Error('a header line is far too long');
      if (!(await this.#fill())) {
        if (this.#buffer.length === 0) return null;
        const text = this.#buffer.toString('latin1');
        this.position += this.#buffer.length;
        this.#buffer = Buffer.alloc(0);
        return text;
      }
    }
  }

  /** `n` bytes (fewer at the end of the stream); with `keep` false they are skipped, not kept. */
  async take(n: number, keep: boolean): Promise<{ bytes: Buffer | null; got: number }> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      if (this.#buffer.length === 0 && !(await this.#fill())) break;
      const step = Math.min(n - got, this.#buffer.length);
      if (keep) parts.push(this.#buffer.subarray(0, step));
      this.#buffer = this.#buffer.subarray(step);
      got += step;
      this.position += step;
    }
    return { bytes: keep ? Buffer.concat(parts) : null, got };
  }
}

/** An ARC date `20140216050221` as ISO 8601, or null. */
function arcDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

/** An HTTP response split into status, headers and body; null when it is not one. */
function httpResponse(bytes: Buffer): { status: number; headers: Map<string, string>; body: Buffer } | null {
  const end = bytes.indexOf('\r\n\r\n');
  const endLf = bytes.indexOf('\n\n');
  const split = end >= 0 && (endLf < 0 || end < endLf) ? { at: end, len: 4 } : endLf >= 0 ? { at: endLf, len: 2 } : null;
  if (!split) return null;
  const lines = bytes.subarray(0, split.at).toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0] ?? '');
  if (!status) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(status[1]), headers, body: bytes.subarray(split.at + split.len) };
}

/** Reads the pages of the ARC file at `path`. */
export async function* readArcPages(path: string, options: WebArchiveOptions): AsyncGenerator<WebArchivePage, WebArchiveSummary> {
  const label = basename(path);
  const total = (await stat(path)).size;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  async function* counted(): AsyncGenerator<Uint8Array> {
    let read = 0;
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      read += chunk.length;
      options.onProgress?.({ phase: 'scan', done: read, total });
      yield chunk;
    }
  }
  const gz = /\.gz$/i.test(path) || (await isGzip(path));
  // A gzipped ARC may expand to at most its bound (a bomb stops there, the pages before it kept).
  const limit = options.maxInflatedBytes ?? defaultInflateLimit(total);
  const inflated = (): AsyncIterable<Uint8Array> => limitChunks(Readable.from(counted()).pipe(createGunzip()), limit, () => new OutputLimitError(limit, `${label}`));
  const queue = new ByteQueue(gz ? inflated() : counted());
  const seen = new Set<string>();
  let pages = 0;
  let duplicates = 0;
  let first = true;
  let version = 1;
  try {
    for (;;) {
      let header: string | null;
      try {
        do header = await queue.line();
        while (header !== null && header.trim() === '');
      } catch (error) {
        options.onProblem?.({ file: label, offset: queue.position, message: `reading stopped: ${(error as Error).message}` });
        break;
      }
      if (header === null) break;
      const offset = queue.position - header.length - 1;
      const fields = header.trim().split(/\s+/);
      const length = Number(fields.at(-1));
      // Counted from the end, since URLs in old ARC files can hold spaces.
      const tail = version === 2 && !first ? 9 : 4;
      if (fields.length < tail + 1 || !Number.isSafeInteger(length) || length < 0) {
        const message = `the ARC record header at byte ${offset} gives no usable length ("${header.slice(0, 80)}")`;
        if (first) throw new WebArchiveError(`${label}: not a readable ARC file: ${message}`);
        options.onProblem?.({ file: label, offset, message: `${message}; reading stopped, the records before it were kept` });
        break;
      }
      const url = fields.slice(0, fields.length - tail).join('%20');
      const date = fields.at(-tail + 1) ?? '';
      const mime = fields.at(-tail + 2) ?? '';
      const isPage = !first && /^https?:/i.test(url) && /^text\/html|^application\/xhtml\+xml/i.test(mime) && length <= MAX_PAGE;
      const wasFirst = first;
      first = false;
      const { bytes, got } = await queue.take(length, isPage || wasFirst);
      if (wasFirst) version = /^\s*2\b/.test(bytes?.toString('latin1').split('\n')[0] ?? '') ? 2 : 1;
      if (got < length) {
        options.onProblem?.({ file: label, offset, message: `the record of ${url} is truncated: ${length - got} of its ${length} bytes are missing (the file ends early)` });
        if (!isPage) break;
      }
      if (!isPage || !bytes) continue;
      const response = httpResponse(bytes);
      if (!response || response.status !== 200 || response.body.length === 0) continue;
      const key = createHash('sha256').update(response.body).digest('hex');
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(response.headers.get('content-type') ?? '')?.[1] ?? null;
      let decoded;
      try {
        decoded = decodeArchivedPage(response.body, charset);
      } catch (error) {
        if (!(error instanceof BadSavedPage)) throw error;
        options.onProblem?.({ file: label, offset, message: `the page ${url}: ${error.message}` });
        continue;
      }
      const page: DecodedPage = {
        format: 'warc',
        content: decoded.text,
        charset: decoded.charset,
        url,
        savedAt: arcDate(date),
        containerTitle: null,
        resources: [],
        warnings: [...decoded.warnings, `${label} is an ARC file: the page was read without its images`],
      };
      pages++;
      yield { page, original: { bytes: new Uint8Array(response.body), fileName: `${label}#${offset}`, ext: 'html' }, label, offset };
    }
  } catch (error) {
    if (error instanceof WebArchiveError) throw error;
    const message = (error as Error).message;
    if (first) throw new WebArchiveError(`${label}: not a readable ARC file (${message})`);
    options.onProblem?.({ file: label, offset: queue.position, message: `reading stopped (${message}); the records before it were kept` });
  } finally {
    raw.destroy();
  }
  return { pages, duplicates };
}

async function isGzip(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { start: 0, end: 1 }) as AsyncIterable<Buffer>) return chunk[0] === 0x1f && chunk[1] === 0x8b;
  return false;
}
