/**
 * Reading a ZIP (a WACZ) without loading it: the central directory gives each entry's place,
 * stored entries are read in place by byte range, deflated ones are inflated as a stream.
 * ZIP64 sizes and offsets are understood, since WACZ files of many gigabytes are common.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

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
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The entries of the ZIP at `path`, from its central directory. */
export async function readZipDirectory(path: string, fileSize: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(fileSize, 22 + 0xffff + 20);
  const tail = await readAt(path, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('it is not a ZIP file (no end of central directory record)');
  let count = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === 0x07064b50) {
    const zip64At = Number(tail.readBigUInt64LE(locator + 8));
    const zip64 = await readAt(path, zip64At, 56);
    if (zip64.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('a damaged ZIP64 directory record');
    count = Number(zip64.readBigUInt64LE(32));
    dirSize = Number(zip64.readBigUInt64LE(40));
    dirOffset = Number(zip64.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > fileSize) throw new ZipFormatError('the central directory lies past the end of the file (truncated?)');
  const dir = await readAt(path, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50) throw new ZipFormatError(`a damaged central directory entry (#${i + 1})`);
    const method = dir.readUInt16LE(at + 10);
    const crc32 = dir.readUInt32LE(at + 16);
    let compressedSize = dir.readUInt32LE(at + 20);
    let size = dir.readUInt32LE(at + 24);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    let localHeaderOffset = dir.readUInt32LE(at + 42);
    const name = dir.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const extra = dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) (size = Number(extra.readBigUInt64LE(p))), (p += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(extra.readBigUInt64LE(p))), (p += 8);
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(extra.readBigUInt64LE(p));
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, crc32, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's bytes start in the file (after its local header). */
export async function entryDataOffset(path: string, entry: ZipEntry): Promise<number> {
  const local = await readAt(path, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(`the local header of ${entry.name} is damaged`);
  return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/** The entry's uncompressed bytes as a stream of chunks. */
export async function* entryChunks(path: string, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.compressedSize === 0) return;
  const start = await entryDataOffset(path, entry);
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  if (entry.method === 0) {
    yield* raw as AsyncIterable<Buffer>;
  } else if (entry.method === 8) {
    yield* raw.pipe(createInflateRaw()) as AsyncIterable<Buffer>;
  } else {
    raw.destroy();
    throw new ZipFormatError(`${entry.name} uses ZIP compression method ${entry.method}, which is not supported`);
  }
}

/** The entry's bytes in memory (for small entries: manifests, page lists). */
export async function readEntry(path: string, entry: ZipEntry, limit = 64 * 1024 * 1024): Promise<Uint8Array> {
  if (entry.size > limit) throw new ZipFormatError(`${entry.name} is too large to read (${entry.size} bytes)`);
  const parts: Uint8Array[] = [];
  for await (const chunk of entryChunks(path, entry)) parts.push(chunk);
  return Buffer.concat(parts);
}
