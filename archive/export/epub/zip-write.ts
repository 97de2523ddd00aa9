/**
 * A small ZIP writer: entries are added one at a time (stored or deflated with node:zlib) and
 * written straight to the file; the central directory is written at `finish()`. Enough for EPUB
 * (whose `mimetype` must be the first entry, stored) and for building WACZ test fixtures.
 */
import type { FileHandle } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as ZIP uses it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
}

function dosDateTime(date: Date): { dosTime: number; dosDate: number } {
  return {
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    dosDate: ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Writes a ZIP through an open file handle (sizes under 4 GiB: no ZIP64). */
export class ZipWriter {
  #handle: FileHandle;
  #entries: Written[] = [];
  #offset = 0;
  #names = new Set<string>();
  #time = dosDateTime(new Date());

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) done += (await this.#handle.write(bytes, done, bytes.length - done)).bytesWritten;
    this.#offset += bytes.length;
  }

  /** Adds one file; `compress` false stores it as is (EPUB's mimetype must be stored). */
  async add(name: string, data: Uint8Array | string, compress = true): Promise<void> {
    if (this.#names.has(name)) throw new Error(`zip entry added twice: ${name}`);
    this.#names.add(name);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const deflated = compress ? deflateRawSync(bytes, { level: 6 }) : null;
    const useDeflate = deflated !== null && deflated.length < bytes.length;
    const body = useDeflate ? deflated : bytes;
    if (this.#offset + body.length > 0xfffffff0) throw new Error('zip too large for this writer (no ZIP64)');
    const entry: Written = {
      name: Buffer.from(name, 'utf8'),
      method: useDeflate ? 8 : 0,
      crc: crc32(bytes),
      compressedSize: body.length,
      size: bytes.length,
      offset: this.#offset,
      ...this.#time,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    writeEntryFields(header, 8, entry);
    header.writeUInt16LE(0, 28);
    await this.#write(header);
    await this.#write(entry.name);
    await this.#write(body);
    this.#entries.push(entry);
  }

  /** Writes the central directory; the caller syncs and closes the handle. */
  async finish(): Promise<void> {
    const start = this.#offset;
    for (const e of this.#entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      writeEntryFields(header, 10, e);
      header.writeUInt32LE(e.offset, 42);
      await this.#write(header);
      await this.#write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.#entries.length, 8);
    end.writeUInt16LE(this.#entries.length, 10);
    end.writeUInt32LE(this.#offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.#write(end);
  }
}

/**
 * The fields the local header (at byte 8) and the central directory entry (at byte 10) share, in
 * the same order: method, time, date, CRC-32, both sizes and the name's length.
 */
function writeEntryFields(header: Buffer, at: number, e: Written): void {
  header.writeUInt16LE(e.method, at);
  header.writeUInt16LE(e.dosTime, at + 2);
  header.writeUInt16LE(e.dosDate, at + 4);
  header.writeUInt32LE(e.crc, at + 6);
  header.writeUInt32LE(e.compressedSize, at + 10);
  header.writeUInt32LE(e.size, at + 14);
  header.writeUInt16LE(e.name.length, at + 18);
}
