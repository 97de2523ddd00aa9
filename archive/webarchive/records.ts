/**
 * The WARC record layer on warcio: a first pass that indexes every record (where it starts, what
 * it is) while skipping bodies, and a reader that parses the one record at a known offset. Bodies
 * are decoded here (de-chunked, un-gzipped) with node:zlib, so a cut-short body is a reported
 * problem with its offset, not a silently empty page. warcio's own console warnings are caught
 * and turned into problems too.
 */
import { createReadStream } from 'node:fs';
import { AsyncIterReader, WARCParser, type LimitReader, type WARCRecord } from 'warcio';
import { formatBytes, inflateBounded, OutputLimitError, type ContentCoding } from './inflate.ts';

/** A byte range of a file that holds a WARC: the whole file, or a stored entry in a WACZ. */
export interface WarcSource {
  path: string;
  start: number;
  /** Exclusive. */
  end: number;
  /** The name problems are reported under, e.g. `crawl.warc.gz` or `x.wacz!archive/data.warc.gz`. */
  label: string;
}

/** A problem that does not stop the read: where, and what. */
export interface RecordProblem {
  offset: number | null;
  message: string;
}

/** What the index keeps of one record: enough to choose pages and find images, no bodies. */
export interface IndexedRecord {
  offset: number;
  type: string;
  url: string;
  date: string | null;
  status: number | null;
  /** The MIME type, lower case, without parameters. */
  mime: string | null;
  charset: string | null;
  digest: string | null;
  refersToUrl: string | null;
}

export interface WarcIndex {
  records: IndexedRecord[];
  compressed: boolean;
  /** False when record offsets cannot be seeked to (a WARC gzipped as one stream). */
  seekable: boolean;
  problems: RecordProblem[];
}

import { WebArchiveError } from './errors.ts';

export { WebArchiveError };

/**
 * Bytes read from the file at a time. warcio inflates each chunk it is given whole (pako), so a
 * chunk of gzip can become a thousand times its size at once: 64 KiB keeps that under 64 MiB.
 */
const CHUNK = 64 * 1024;

/** Most bytes of WARC and HTTP headers one record may have; real ones are a few kilobytes. */
export const MAX_HEADER_BYTES = 1 << 20;

/**
 * warcio's reader gathers a header line, and a header block, until its end, however long: a
 * gzip member of a few hundred kilobytes holding a "header" of hundreds of megabytes would be
 * gathered whole. This reader counts the (decompressed) bytes it hands out while headers are
 * read, and stops past MAX_HEADER_BYTES.
 */
class HeaderBoundedReader extends AsyncIterReader {
  /** Bytes handed out since headers began; -1 while a body is read. */
  headerBytes = -1;

  override async _next(): Promise<Uint8Array | null> {
    // A chunk put back (unread) and handed out again is not counted twice.
    const fresh = this._savedChunk === null;
    const chunk = await super._next();
    if (chunk && fresh && this.headerBytes >= 0) {
      this.headerBytes += chunk.length;
      if (this.headerBytes > MAX_HEADER_BYTES) throw new Error(`a record's headers run past ${MAX_HEADER_BYTES / (1 << 20)} MiB without ending (not a WARC record)`);
    }
    return chunk;
  }
}

/** warcio's parser on a HeaderBoundedReader, counting only while headers are parsed. */
class BoundedWarcParser extends WARCParser {
  readonly #reader: HeaderBoundedReader;

  constructor(source: AsyncIterable<Uint8Array>) {
    const reader = new HeaderBoundedReader(source);
    super(reader);
    this.#reader = reader;
  }

  override async parse(): Promise<WARCRecord | null> {
    this.#reader.headerBytes = 0;
    try {
      return await super.parse();
    } finally {
      this.#reader.headerBytes = -1;
    }
  }
}

function mimeOf(contentType: string | null | undefined): { mime: string | null; charset: string | null } {
  if (!contentType) return { mime: null, charset: null };
  const [type, ...params] = contentType.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean) ?? null;
  return { mime: type!.trim().toLowerCase() || null, charset };
}

function statusOf(record: WARCRecord): number | null {
  const code = Number(record.httpHeaders?.statusCode);
  return Number.isFinite(code) ? code : null;
}

function contentTypeOf(record: WARCRecord): string | null | undefined {
  return record.httpHeaders ? record.httpHeaders.headers.get('content-type') : record.warcContentType;
}

let captureDepth = 0;
let captured: ((message: string) => void)[] = [];
const originalWarn = console.warn;

/** Runs `fn` with warcio's console warnings handed to `sink` instead of the console. */
async function withWarcioWarnings<T>(sink: (message: string) => void, fn: () => Promise<T>): Promise<T> {
  captured.push(sink);
  if (captureDepth++ === 0) {
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (/Content-Length|Offset:/.test(text) && captured.length > 0) for (const s of captured) s(text);
      else originalWarn(...args);
    };
  }
  try {
    return await fn();
  } finally {
    captured = captured.filter((s) => s !== sink);
    if (--captureDepth === 0) console.warn = originalWarn;
  }
}

/** Text from a damaged file, safe to quote in a message: controls and non-ASCII become `?`. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** warcio's "Content-Length Too Small … Offset: N" as a problem at N. */
function warningProblem(text: string): RecordProblem {
  const offset = /Offset:\s*(\d+)/.exec(text);
  return {
    offset: offset ? Number(offset[1]) : null,
    message: `a record's Content-Length does not match its data (${text.replace(/\s+/g, ' ').trim()}); the following record may be misread`,
  };
}

/** The bytes of a source as an async iterable, counting them for progress. */
async function* sourceChunks(source: WarcSource, from: number, onBytes?: (bytes: number) => void, chunkSize = CHUNK): AsyncGenerator<Uint8Array> {
  if (source.start + from >= source.end) return;
  let read = 0;
  for await (const chunk of createReadStream(source.path, { start: source.start + from, end: source.end - 1, highWaterMark: chunkSize }) as AsyncIterable<Buffer>) {
    read += chunk.length;
    onBytes?.(from + read);
    yield chunk;
  }
}

/** The first pass: one record at a time, bodies skipped, every record's place noted. */
export async function indexWarc(source: WarcSource, onBytes?: (bytes: number) => void, maxInflatedBytes = Infinity): Promise<WarcIndex> {
  const problems: RecordProblem[] = [];
  const records: IndexedRecord[] = [];
  let compressed = false;
  let seekable = true;
  await withWarcioWarnings(
    (text) => problems.push(warningProblem(text)),
    async () => {
      const parser = new BoundedWarcParser(sourceChunks(source, 0, onBytes));
      let lastOffset = -1;
      let index = 0;
      let inflated = 0;
      try {
        for await (const record of parser) {
          const offset = parser.offset;
          compressed ||= Boolean(parser._reader.compressed);
          if (compressed && index > 0 && offset <= lastOffset) seekable = false;
          lastOffset = offset;
          index++;
          const statusline = printable(record.warcHeaders.statusline.slice(0, 40));
          const missing = ['WARC-Type', 'Content-Length'].filter((name) => !record.warcHeaders.headers.get(name));
          if (!record.warcHeaders.statusline.startsWith('WARC/')) {
            if (index === 1) throw new WebArchiveError(`${source.label}: not a WARC file (it starts with "${statusline}")`);
            // warcio may lose a version line's first bytes after a body-less record in a .warc.gz
            // ("RC/1.1"): a record whose headers are whole is read all the same.
            if (missing.length > 0) {
              problems.push({ offset, message: `the bytes here are not a WARC record (they start with "${statusline}"): reading stopped; the records before them were kept` });
              break;
            }
          }
          if (missing.length > 0) {
            problems.push({ offset, message: `the record here has no ${missing.join(' and no ')} header (damaged, or not a WARC record): reading stopped; the records before it were kept` });
            break;
          }
          const limit = record.reader as LimitReader;
          const expected = typeof limit.limit === 'number' ? limit.limit : 0;
          // Not record.skipFully(): at the end of a truncated file it loops forever (warcio 2.4).
          let skipped = 0;
          for await (const chunk of limit) {
            skipped += chunk.length;
            if ((inflated += chunk.length) > maxInflatedBytes && compressed) throw new OutputLimitError(maxInflatedBytes, `${source.label}`);
          }
          limit.limit = 0;
          // warcio counts the blank line that ends a body-less block's HTTP headers twice (-2): not damage.
          if (expected < -2) {
            problems.push({ offset, message: `the ${record.warcType ?? 'unknown'} record of ${record.warcTargetURI ?? 'no URL'} declares a Content-Length ${-expected} bytes shorter than its own HTTP headers; the record boundary after it is uncertain` });
          } else if (skipped < expected) {
            problems.push({ offset, message: `the ${record.warcType ?? 'unknown'} record of ${record.warcTargetURI ?? 'no URL'} is truncated: ${expected - skipped} of its bytes are missing (the file ends early)` });
          }
          const type = record.warcType ?? '';
          if (type !== 'response' && type !== 'resource' && type !== 'revisit') continue;
          const url = record.warcTargetURI;
          if (!url) continue;
          const { mime, charset } = mimeOf(contentTypeOf(record));
          records.push({
            offset,
            type,
            url,
            date: record.warcDate ?? null,
            status: type === 'resource' ? 200 : statusOf(record),
            mime,
            charset,
            digest: record.warcPayloadDigest ?? null,
            refersToUrl: record.warcRefersToTargetURI ?? null,
          });
        }
        const rawEnd = parser._reader.getRawOffset();
        if (compressed && seekable && rawEnd < source.end - source.start) {
          problems.push({ offset: rawEnd, message: `the file ends inside the gzip member that starts here (${source.end - source.start - rawEnd} bytes of it are there): the record in it is truncated and was skipped` });
        }
      } catch (error) {
        if (error instanceof WebArchiveError) throw error;
        if (error instanceof OutputLimitError) {
          problems.push({ offset: lastOffset, message: `the WARC expands to more than ${formatBytes(error.limit)} when decompressed (a decompression bomb, or too large to import): reading stopped at the record at this offset; the records before it were kept` });
          return;
        }
        if (index === 0) throw new WebArchiveError(`${source.label}: not a readable WARC file (${(error as Error).message})`);
        problems.push({ offset: lastOffset, message: `reading stopped after the record at this offset: ${(error as Error).message}; the records before it were kept` });
      }
    },
  );
  return { records, compressed, seekable, problems };
}

/** One record read in full, its body decoded. */
export interface ReadRecord {
  /** Null when the record was too large to read. */
  body: Uint8Array | null;
  problems: RecordProblem[];
  /** Oddities worth keeping with the page that are not damage (a body stored already decoded …). */
  notes: string[];
}

function dechunk(raw: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  const text = (from: number, to: number): string => Buffer.from(raw.buffer, raw.byteOffset + from, to - from).toString('latin1');
  for (;;) {
    let eol = at;
    while (eol + 1 < raw.length && !(raw[eol] === 13 && raw[eol + 1] === 10)) eol++;
    if (eol + 1 >= raw.length) return parts.length > 0 ? Buffer.concat(parts) : null;
    const size = parseInt(text(at, eol).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || !/^[0-9a-f]+$/i.test(text(at, eol).split(';')[0]!.trim())) return null;
    at = eol + 2;
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(at, Math.min(raw.length, at + size)));
    at += size + 2;
    if (at > raw.length) return Buffer.concat(parts);
  }
}

/** Content-Encoding names, as crawlers write them, to the decoder they need. */
const CODINGS: Record<string, ContentCoding> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br' };

/**
 * De-chunks and decodes a body, its output bounded by `maxBytes` (a record of a few hundred
 * bytes may expand to gigabytes): past it, OutputLimitError.
 */
async function decodeBody(raw: Uint8Array, transferEncoding: string | null, contentEncoding: string | null, problems: RecordProblem[], notes: string[], offset: number, maxBytes: number): Promise<Uint8Array> {
  let body = raw;
  if (transferEncoding && /chunked/i.test(transferEncoding)) {
    const plain = dechunk(raw);
    if (plain) body = plain;
    // Many crawlers store the de-chunked body but keep the header: then the raw bytes are the body.
  }
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (!encoding || encoding === 'identity') return body;
  const coding = CODINGS[encoding];
  if (!coding) {
    problems.push({ offset, message: `unknown Content-Encoding "${encoding}"; the body was kept as stored` });
    return body;
  }
  const what = `the ${encoding} body of the record at byte ${offset}`;
  let out = await inflateBounded(body, coding, maxBytes, what);
  // "deflate" is zlib-wrapped by the standard, raw deflate by many servers.
  if (coding === 'deflate' && out.error && out.bytes.length === 0) out = await inflateBounded(body, 'deflate-raw', maxBytes, what);
  if (!out.error) return out.bytes;
  if (out.bytes.length > 0) {
    problems.push({ offset, message: `the body is cut short (${out.error.message}); the ${out.bytes.length} bytes that decode were kept` });
    return out.bytes;
  }
  // The first bytes are already wrong: perhaps the crawler stored the body decoded.
  notes.push(`the body is marked ${encoding} but is stored decoded; read as stored`);
  return body;
}

/** Reads the record at `offset` (from the source's start), with its body decoded. */
export async function readRecordAt(source: WarcSource, offset: number, maxBytes: number): Promise<ReadRecord> {
  const problems: RecordProblem[] = [];
  const notes: string[] = [];
  const body = await withWarcioWarnings(
    () => undefined,
    async () => {
      // Small reads: one record is wanted, not the megabytes after it.
      const chunks = sourceChunks(source, offset, undefined, 64 * 1024);
      try {
        const record = await new BoundedWarcParser(chunks).parse();
        if (!record) throw new Error('no record at this offset');
        const limit = record.reader as LimitReader;
        const expected = typeof limit.limit === 'number' ? limit.limit : 0;
        if (expected > maxBytes) {
          problems.push({ offset, message: `${record.warcTargetURI ?? 'a record'} is too large to import (${expected} bytes)` });
          return null;
        }
        const raw = await record.readFully(false);
        if (raw.length < expected) problems.push({ offset, message: `the record of ${record.warcTargetURI ?? 'no URL'} is truncated: ${expected - raw.length} of ${expected} bytes are missing; what was there was kept` });
        const headers = record.httpHeaders?.headers;
        try {
          return await decodeBody(raw, headers?.get('transfer-encoding') ?? null, headers?.get('content-encoding') ?? null, problems, notes, offset, maxBytes);
        } catch (error) {
          if (!(error instanceof OutputLimitError)) throw error;
          problems.push({ offset, message: `${record.warcTargetURI ?? 'a record'}: ${error.message}` });
          return null;
        }
      } finally {
        await chunks.return(undefined);
      }
    },
  );
  return { body, problems, notes };
}
