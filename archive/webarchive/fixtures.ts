/**
 * WARC and ARC files written in code for tests and the bench: the record format is simple enough
 * to write by hand (headers, a blank line, the block, two CRLFs), and writing it ourselves lets
 * tests break it on purpose. `.warc.gz` files are gzipped record by record, as the standard asks.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface FixtureRecord {
  type: 'warcinfo' | 'response' | 'request' | 'revisit' | 'resource';
  url?: string;
  date?: string;
  /** For response/revisit/request: the HTTP status line and headers before the body. */
  http?: { status?: number; headers?: Record<string, string> };
  /** The payload (after the HTTP headers). */
  body?: Uint8Array | string;
  /** WARC Content-Type of a resource record. */
  contentType?: string;
  /** For a revisit: the payload digest of the capture it repeats, and its URL. */
  digest?: string;
  refersTo?: string;
}

const encoder = new TextEncoder();

function bytesOf(value: Uint8Array | string | undefined): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : (value ?? new Uint8Array());
}

/** The payload digest a record of this body gets (`sha256:<hex>`). */
export function payloadDigest(body: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytesOf(body)).digest('hex')}`;
}

/** One record's bytes, ending with its two CRLFs. */
export function warcRecord(r: FixtureRecord): Uint8Array {
  const body = bytesOf(r.body);
  let block = body;
  let contentType = r.contentType ?? 'application/warc-fields';
  if (r.type === 'response' || r.type === 'revisit' || r.type === 'request') {
    const status = r.http?.status ?? 200;
    const start = r.type === 'request' ? `GET ${r.url ? new URL(r.url).pathname : '/'} HTTP/1.1` : `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Other'}`;
    const headers = Object.entries(r.http?.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const head = encoder.encode(`${start}\r\n${headers}\r\n`);
    block = new Uint8Array(head.length + (r.type === 'revisit' ? 0 : body.length));
    block.set(head);
    if (r.type !== 'revisit') block.set(body, head.length);
    contentType = `application/http; msgtype=${r.type === 'request' ? 'request' : 'response'}`;
  }
  const headers: [string, string][] = [
    ['WARC-Type', r.type],
    ['WARC-Record-ID', `<urn:uuid:${randomUUID()}>`],
    ['WARC-Date', r.date ?? '2024-03-01T10:00:00Z'],
  ];
  if (r.url) headers.push(['WARC-Target-URI', r.url]);
  if (r.type === 'response' || r.type === 'resource') headers.push(['WARC-Payload-Digest', payloadDigest(body)]);
  if (r.type === 'revisit') {
    headers.push(['WARC-Profile', 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest']);
    if (r.digest) headers.push(['WARC-Payload-Digest', r.digest]);
    if (r.refersTo) headers.push(['WARC-Refers-To-Target-URI', r.refersTo]);
  }
  headers.push(['Content-Type', contentType], ['Content-Length', String(block.length)]);
  const head = encoder.encode(`WARC/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  const out = new Uint8Array(head.length + block.length + 4);
  out.set(head);
  out.set(block, head.length);
  out.set(encoder.encode('\r\n\r\n'), head.length + block.length);
  return out;
}

/** A whole WARC file; with `gzip`, each record is its own gzip member. */
export function warcFile(records: FixtureRecord[], options: { gzip?: boolean } = {}): Uint8Array {
  const parts = records.map((r) => (options.gzip ? gzipSync(warcRecord(r)) : warcRecord(r)));
  return Buffer.concat(parts);
}

/** An HTML response record with the headers a crawler keeps. */
export function htmlResponse(url: string, html: string, date?: string, charset = 'utf-8'): FixtureRecord {
  return { type: 'response', url, date, http: { headers: { 'Content-Type': `text/html; charset=${charset}` } }, body: html };
}

/** A small PNG-looking image response, distinct per seed. */
export function imageResponse(url: string, seed: number): FixtureRecord & { body: Uint8Array } {
  const body = new Uint8Array(200 + seed);
  body.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < body.length; i++) body[i] = (i * 7 + seed) & 0xff;
  return { type: 'response', url, http: { headers: { 'Content-Type': 'image/png' } }, body };
}

/** A version-1 ARC file holding the given HTTP captures. */
export function arcFile(captures: { url: string; date: string; mime: string; http: string }[]): Uint8Array {
  const desc = '1 0 Test Capture\nURL IP-address Archive-date Content-type Archive-length\n';
  let out = `filedesc://test.arc 127.0.0.1 20240301000000 text/plain ${Buffer.byteLength(desc)}\n${desc}`;
  for (const c of captures) out += `\n${c.url} 192.0.2.1 ${c.date} ${c.mime} ${Buffer.byteLength(c.http)}\n${c.http}`;
  return encoder.encode(`${out}\n`);
}
