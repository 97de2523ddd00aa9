/**
 * Hostile inputs, written in code: decompression bombs in WARC and WACZ form, ZIPs whose entries
 * lie about their sizes, degenerate pages, and good pages to import beside them. Bombs are made
 * by streaming a repeated chunk through a compressor, so building a 300 MB bomb never holds
 * 300 MB here either.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createBrotliCompress, createDeflateRaw, createGzip, deflateRawSync, gzipSync } from 'node:zlib';
import type { Transform } from 'node:stream';
import { crc32 } from '../export/epub/zip-write.ts';
import { htmlResponse, warcFile, warcRecord, type FixtureRecord } from '../webarchive/fixtures.ts';

export const MiB = 2 ** 20;

/** `megabytes` of one repeated byte through a compressor, without holding the plain bytes. */
export async function compressedRun(kind: 'gzip' | 'br' | 'deflate-raw', megabytes: number, fill = 0x41): Promise<Buffer> {
  const stream: Transform =
    kind === 'gzip' ? createGzip({ level: 9 })
    : kind === 'br' ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
    : createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(MiB, fill);
  for (let i = 0; i < megabytes; i++) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(parts);
}

/** A readable article page (English or Chinese), different for every `i`. */
export function goodPage(i: number): string {
  const zh = i % 2 === 1;
  const title = zh ? `城市图书馆第${i}期读书会纪要` : `Notes from the river survey, part ${i}`;
  const para = zh
    ? `第${i}期读书会在城市图书馆三楼举行，来自各区的读者围绕地方志的整理与数字化展开讨论，大家认为旧报纸和口述史料同样值得保存。`
    : `The survey team walked the east bank for the ${i}th time this spring, recording erosion at each marker and noting where the willows had come back after the flood.`;
  const body = Array.from({ length: 8 }, (_, k) => `<p>${para} (${k + 1})</p>`).join('\n');
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${body}</article></body></html>`;
}

/** Writes `count` good pages into `dir`; returns their paths. */
export function writeGoodPages(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `good-${i}.html`);
    writeFileSync(path, goodPage(i));
    return path;
  });
}

/** A WARC holding one HTML response whose body is `body`, sent with `Content-Encoding: coding`. */
export function encodedPageWarc(body: Uint8Array, coding: string, url = 'http://bomb.test/page'): Uint8Array {
  return warcFile([{ type: 'response', url, http: { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': coding } }, body }]);
}

/** A gzip member that is nothing but a WARC version line and then `megabytes` without a line break. */
export async function headerBombWarcGz(megabytes: number): Promise<Buffer> {
  const good = gzipSync(warcRecord(htmlResponse('http://bomb.test/first', goodPage(100))));
  const head = gzipSync(Buffer.from('WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.test/x\r\nX-Long: '));
  return Buffer.concat([good, head, await compressedRun('gzip', megabytes)]);
}

/** A WARC record with good headers and then bytes that are no WARC at all. */
export function garbageAfterHeaderWarcs(): Record<string, Uint8Array> {
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
  const first = warcRecord(htmlResponse('http://garbage.test/first', goodPage(200)));
  return {
    // The version line and nothing after it but binary noise.
    'version-then-garbage.warc': Buffer.concat([Buffer.from('WARC/1.1\r\n'), garbage]),
    // A complete header block, then noise where the block and the next record should be.
    'header-then-garbage.warc': Buffer.concat([Buffer.from('WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://garbage.test/x\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 100000\r\n\r\n'), garbage]),
    // One good record, then noise.
    'record-then-garbage.warc': Buffer.concat([first, garbage]),
  };
}

interface RawEntry {
  name: string;
  /** What is stored for the entry (already compressed when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the headers claim; defaults to the truth. */
  declaredSize: number;
  crc?: number;
}

/** A ZIP written byte by byte, so that its headers can say what they like about sizes. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc ?? 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(e.crc ?? 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.declaredSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    central.push(dir, name);
    offset += 30 + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** An honest entry: stored or deflated, sizes true. */
export function zipEntry(name: string, data: Uint8Array | string, deflate = true): RawEntry {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { name, data: deflate ? deflateRawSync(bytes) : bytes, method: deflate ? 8 : 0, declaredSize: bytes.length, crc: crc32(bytes) };
}

/** The WACZ around one WARC entry, with the page list and a data package naming it. */
export function waczAround(warcEntry: RawEntry, extra: RawEntry[] = []): Buffer {
  const pages = `{"format":"json-pages-1.0","id":"pages","title":"All Pages"}\n{"url":"http://wacz.test/page","title":"A page"}\n`;
  const pkg = JSON.stringify({ profile: 'data-package', wacz_version: '1.1.1', resources: [] });
  return rawZip([zipEntry('datapackage.json', pkg), zipEntry('pages/pages.jsonl', pages), warcEntry, ...extra]);
}

/** A plain WARC with one good page, for use inside a WACZ. */
export function smallWarc(): Buffer {
  return Buffer.from(warcFile([htmlResponse('http://wacz.test/page', goodPage(300))]));
}

/** WACZ bombs: entries that inflate far past what they declare, or declare far past the budget. */
export async function waczBombs(megabytes: number): Promise<Record<string, Uint8Array>> {
  const bomb = await compressedRun('deflate-raw', megabytes);
  return {
    // The WARC entry says 1 KB; its deflate stream gives hundreds of megabytes.
    'lying-warc.wacz': waczAround({ name: 'archive/data.warc', data: bomb, method: 8, declaredSize: 1024 }),
    // The page list says 200 bytes and inflates to hundreds of megabytes.
    'lying-pages.wacz': rawZip([
      zipEntry('datapackage.json', '{"resources":[]}'),
      { name: 'pages/pages.jsonl', data: bomb, method: 8, declaredSize: 200 },
      zipEntry('archive/data.warc', smallWarc(), false),
    ]),
    // Honest sizes, but far more than a file this small may expand to.
    'honest-bomb.wacz': waczAround({ name: 'archive/data.warc', data: bomb, method: 8, declaredSize: megabytes * MiB }),
    // A stored entry that claims more bytes than it holds.
    'stored-lie.wacz': waczAround({ name: 'archive/data.warc', data: smallWarc(), method: 0, declaredSize: 50 * MiB }),
  };
}

/** A ZIP (WACZ) listing more entries than any real one does. */
export function manyEntriesWacz(count: number): Buffer {
  const entries: RawEntry[] = [zipEntry('archive/data.warc', smallWarc(), false)];
  for (let i = 0; i < count; i++) entries.push({ name: `x/${i}`, data: new Uint8Array(0), method: 0, declaredSize: 0 });
  return rawZip(entries);
}

/** A WARC whose one page is a little HTML and then `megabytes` of NUL bytes. */
export function nulPageWarc(megabytes: number): Uint8Array {
  const body = Buffer.alloc(megabytes * MiB + 200);
  body.write('<!doctype html><html><head><title>Zeros</title></head><body><p>', 0);
  return warcFile([{ type: 'response', url: 'http://nul.test/page', http: { headers: { 'Content-Type': 'text/html' } }, body } satisfies FixtureRecord]);
}
