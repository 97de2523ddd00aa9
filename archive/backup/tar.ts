/**
 * A minimal POSIX ustar writer and streaming reader: backups are plain tar files, so a user can
 * list or unpack one with `tar` when the app is not at hand. Only regular files are written or
 * accepted; sizes past tar's 8 GiB octal limit use the GNU base-256 form.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const BLOCK = 512;
const OCTAL_SIZE_LIMIT = 8 ** 11;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A backup file that is not a well-formed tar (truncated, damaged header …), with where. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'TarFormatError';
  }
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, '0');
  header.set(encoder.encode(text), offset);
  header[offset + length - 1] = 0;
}

function writeSize(header: Uint8Array, size: number): void {
  if (size < OCTAL_SIZE_LIMIT) {
    writeOctal(header, 124, 12, size);
    return;
  }
  header[124] = 0x80;
  let rest = BigInt(size);
  for (let i = 135; i > 124; i--) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function readSize(header: Uint8Array): number {
  if ((header[124]! & 0x80) !== 0) {
    let value = 0n;
    for (let i = 125; i < 136; i++) value = (value << 8n) | BigInt(header[i]!);
    return Number(value);
  }
  return readOctal(header, 124, 12);
}

function readOctal(header: Uint8Array, offset: number, length: number): number {
  const text = new TextDecoder().decode(header.subarray(offset, offset + length)).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]*$/.test(text)) return Number.NaN;
  return text.length === 0 ? 0 : parseInt(text, 8);
}

function headerChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, mtimeSeconds: number): Uint8Array {
  const nameBytes = encoder.encode(name);
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  const header = new Uint8Array(BLOCK);
  header.set(nameBytes, 0);
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeSize(header, size);
  writeOctal(header, 136, 12, Math.max(0, Math.floor(mtimeSeconds)));
  header[156] = 0x30; // '0': a regular file
  header.set(encoder.encode('ustar\u000000'), 257);
  const sum = headerChecksum(header);
  header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\u0000 `), 148);
  return header;
}

/** Zero bytes that pad an entry of `size` bytes to a whole block. */
export function tarPadding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Writes a tar file through an open handle; the caller fsyncs and closes it. */
export class TarWriter {
  #handle: FileHandle;
  #mtime = Math.floor(Date.now() / 1000);
  bytesWritten = 0;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.#handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    this.bytesWritten += bytes.length;
  }

  /** Adds one file; `chunks` must deliver exactly `size` bytes or the entry is refused. */
  async add(name: string, size: number, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onChunk?: (chunk: Uint8Array) => void): Promise<void> {
    await this.#write(tarHeader(name, size, this.#mtime));
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) throw new Error(`${name} grew while it was being written (expected ${size} bytes)`);
      onChunk?.(chunk);
      await this.#write(chunk);
    }
    if (written !== size) throw new Error(`${name} changed size while it was being written (expected ${size} bytes, got ${written})`);
    await this.#write(tarPadding(size));
  }

  /** The end-of-archive marker: two zero blocks. */
  async finish(): Promise<void> {
    await this.#write(new Uint8Array(BLOCK * 2));
  }
}

/** One entry as the reader meets it. */
export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the entry's header in the file. */
  offset: number;
}

/** Where an entry's bytes go; `null` from the visitor skips the entry (its bytes still stream past). */
export interface TarEntrySink {
  write(chunk: Uint8Array): void | Promise<void>;
  end(): void | Promise<void>;
}

/**
 * Streams a tar file once, handing each entry's bytes to the sink the visitor returns. Memory
 * stays at one read buffer whatever the entry sizes. A truncated file or a damaged header throws
 * a TarFormatError with its offset.
 */
export async function scanTar(
  path: string,
  visit: (entry: TarEntry) => TarEntrySink | null | Promise<TarEntrySink | null>,
  onProgress?: (bytesRead: number) => void,
): Promise<void> {
  const header = new Uint8Array(BLOCK);
  let headerFill = 0;
  let position = 0;
  let remaining = 0;
  let padding = 0;
  let sink: TarEntrySink | null = null;
  let inEntry = false;
  let zeroBlocks = 0;
  let ended = false;
  let entryOffset = 0;

  for await (const buffer of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let chunk: Uint8Array = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    while (chunk.length > 0 && !ended) {
      if (inEntry && remaining > 0) {
        const take = Math.min(remaining, chunk.length);
        if (sink) await sink.write(chunk.subarray(0, take));
        remaining -= take;
        position += take;
        chunk = chunk.subarray(take);
        if (remaining === 0) {
          if (sink) await sink.end();
          sink = null;
        }
        continue;
      }
      if (inEntry && padding > 0) {
        const take = Math.min(padding, chunk.length);
        if (chunk.subarray(0, take).some((b) => b !== 0)) throw new TarFormatError('non-zero bytes in the padding after an entry (the file is damaged)', position);
        padding -= take;
        position += take;
        chunk = chunk.subarray(take);
        if (padding === 0) inEntry = false;
        continue;
      }
      inEntry = false;
      const take = Math.min(BLOCK - headerFill, chunk.length);
      header.set(chunk.subarray(0, take), headerFill);
      headerFill += take;
      position += take;
      chunk = chunk.subarray(take);
      if (headerFill < BLOCK) continue;
      headerFill = 0;
      entryOffset = position - BLOCK;
      if (header.every((b) => b === 0)) {
        zeroBlocks++;
        if (zeroBlocks === 2) ended = true;
        continue;
      }
      if (zeroBlocks > 0) throw new TarFormatError('a lone zero block inside the archive', entryOffset - BLOCK);
      const stored = readOctal(header, 148, 8);
      if (stored !== headerChecksum(header)) throw new TarFormatError('a damaged tar header (checksum mismatch)', entryOffset);
      const type = header[156];
      const nameEnd = header.indexOf(0);
      let name: string;
      try {
        name = decoder.decode(header.subarray(0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd));
      } catch {
        throw new TarFormatError('an entry name that is not UTF-8', entryOffset);
      }
      const size = readSize(header);
      if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`a bad size in the header of ${name}`, entryOffset);
      if (type !== 0x30 && type !== 0) throw new TarFormatError(`${name} is not a regular file`, entryOffset);
      sink = await visit({ name, size, offset: entryOffset });
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      inEntry = true;
      if (size === 0) {
        if (sink) await sink.end();
        sink = null;
        if (padding === 0) inEntry = false;
      }
    }
    if (ended && chunk.some((b) => b !== 0)) throw new TarFormatError('data after the end-of-archive marker (the file is damaged)', position);
    onProgress?.(position);
  }
  if (!ended) {
    throw new TarFormatError(inEntry || headerFill > 0 ? 'the file ends in the middle of an entry: it is truncated' : 'the end-of-archive marker is missing: the file is truncated', position);
  }
}
