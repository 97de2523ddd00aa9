/**
 * The index's changes since its base file (`search/index.bin`) was written: `search/delta.log`,
 * an append-only log that a writer extends without loading the base. A header names the base it
 * follows (the base's checksum, or none); each record is a length, a CRC-32 and a payload: an
 * article's text to index under its id (replacing what the id had), or an id to drop. Document
 * numbers are assigned when the log is read, after the base's. A torn tail (a crash mid-append,
 * or a reader that raced an append) is ignored on reading and cut off by the next appender; a log
 * written for another base is stale (its changes are in the base that replaced it) and ignored.
 * Only the holder of the archive's lock appends, resets or compacts; readers never write here.
 */
import { crc32 } from 'node:zlib';
import { open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCode, writeFileDurable } from '../store/durable.ts';

const MAGIC = 'RDRDLTA\u0001';
const HEADER = 40;
const NO_BASE = '0'.repeat(64);
/** The header of a log that declares its base out of date (a change too large to log): rebuild. */
const OUT_OF_DATE = 'f'.repeat(64);
const ADD = 1;
const REMOVE = 2;

/** One change to the index: index `text` as article `id`, or drop `id` (`text` null). */
export interface DeltaRecord {
  id: string;
  text: string | null;
}

/** What a read of the log found. */
export interface DeltaRead {
  records: DeltaRecord[];
  /** Bytes of the header and whole records: where the next append goes. */
  validBytes: number;
  /** The file's size when read (larger than validBytes after a torn append). */
  fileBytes: number;
  /** The log follows another base than the one asked for: its records are left out. */
  stale: boolean;
  /** The log declares the base out of date: base and log are to be rebuilt from the archive. */
  outOfDate: boolean;
}

export function deltaPath(indexPath: string): string {
  return join(dirname(indexPath), 'delta.log');
}

/** The identity of the base file at `indexPath` (its checksum, from its fixed header), or none. */
export async function baseIdentity(indexPath: string): Promise<string> {
  let file;
  try {
    file = await open(indexPath, 'r');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return NO_BASE;
    throw error;
  }
  try {
    const fixed = Buffer.alloc(48);
    const { bytesRead } = await file.read(fixed, 0, 48, 0);
    return bytesRead === 48 ? fixed.toString('hex', 16, 48) : NO_BASE;
  } finally {
    await file.close();
  }
}

function header(base: string): Buffer {
  const bytes = Buffer.alloc(HEADER);
  bytes.write(MAGIC, 0, 'latin1');
  Buffer.from(base, 'hex').copy(bytes, 8);
  return bytes;
}

function encodeRecord(record: DeltaRecord): Buffer {
  const id = Buffer.from(record.id, 'utf8');
  const text = record.text === null ? Buffer.alloc(0) : Buffer.from(record.text, 'utf8');
  const payload = Buffer.alloc(3 + id.length + text.length);
  payload[0] = record.text === null ? REMOVE : ADD;
  payload.writeUInt16LE(id.length, 1);
  id.copy(payload, 3);
  text.copy(payload, 3 + id.length);
  const frame = Buffer.alloc(8);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([frame, payload]);
}

/** Parses the log's bytes; records after the first one that does not check out are left out. */
function parse(bytes: Buffer, base: string | null): DeltaRead & { base: string | null } {
  const found = { records: [] as DeltaRecord[], validBytes: 0, fileBytes: bytes.length, stale: false, outOfDate: false, base: null as string | null };
  if (bytes.length < HEADER || bytes.toString('latin1', 0, 8) !== MAGIC) return found;
  found.base = bytes.toString('hex', 8, HEADER);
  found.validBytes = HEADER;
  found.outOfDate = found.base === OUT_OF_DATE;
  if (base !== null && found.base !== base) {
    found.stale = true;
    return found;
  }
  let at = HEADER;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    if (length < 3 || at + 8 + length > bytes.length) break;
    const payload = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break;
    const type = payload[0];
    const idLength = payload.readUInt16LE(1);
    if ((type !== ADD && type !== REMOVE) || 3 + idLength > length) break;
    const id = payload.toString('utf8', 3, 3 + idLength);
    found.records.push({ id, text: type === ADD ? payload.toString('utf8', 3 + idLength) : null });
    at += 8 + length;
    found.validBytes = at;
  }
  return found;
}

/** Reads the log that follows the base `base`; a missing or foreign file reads as no records. */
export async function readDeltaLog(path: string, base: string): Promise<DeltaRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { records: [], validBytes: 0, fileBytes: 0, stale: false, outOfDate: false };
    throw error;
  }
  const { records, validBytes, fileBytes, stale, outOfDate, base: found } = parse(bytes, base);
  // A log without a readable header holds nothing usable: as stale as one for another base.
  return { records, validBytes, fileBytes, stale: stale || (found === null && bytes.length > 0), outOfDate };
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier call for the same log in this process has finished, so an append
 * never lands between a compaction's snapshot and its reset of the log.
 */
export function withDeltaLog<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(path) ?? Promise.resolve()).then(fn);
  const settled = run.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return run;
}

/**
 * Appends records to the log of the index at `indexPath` (call it inside `withDeltaLog`, holding
 * the archive's lock). A log for another base is replaced by an empty one first, a torn tail is
 * cut off; the records are synced before this resolves. A log that declared its base out of date
 * stays so (nothing is appended) until the base is rebuilt. Returns the bytes written.
 */
export async function appendDeltaRecords(indexPath: string, records: readonly DeltaRecord[]): Promise<{ written: number; logBytes: number }> {
  const path = deltaPath(indexPath);
  const base = await baseIdentity(indexPath);
  let bytes: Buffer | null = null;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const found = bytes ? parse(bytes, base) : null;
  if (found?.outOfDate) return { written: 0, logBytes: found.fileBytes };
  let written = 0;
  let validBytes = found?.validBytes ?? 0;
  if (!found || found.stale || found.base === null) {
    written += await resetDeltaLog(indexPath, base);
    validBytes = HEADER;
  }
  const frames = Buffer.concat(records.map(encodeRecord));
  const file = await open(path, 'r+');
  try {
    if (found && !found.stale && found.base !== null && found.fileBytes > validBytes) await file.truncate(validBytes);
    await file.write(frames, 0, frames.length, validBytes);
    await file.sync();
  } finally {
    await file.close();
  }
  written += frames.length;
  return { written, logBytes: validBytes + frames.length };
}

/** Declares the base out of date (its next reader rebuilds it): for a change too large to log. */
export function declareOutOfDate(indexPath: string): Promise<number> {
  return resetDeltaLog(indexPath, OUT_OF_DATE);
}

/** Replaces the log with an empty one that follows the base `base` (written aside, synced, renamed: store/durable.ts). */
export async function resetDeltaLog(indexPath: string, base: string): Promise<number> {
  const bytes = header(base);
  await writeFileDurable(deltaPath(indexPath), bytes, false);
  return bytes.length;
}
