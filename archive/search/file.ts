/**
 * The index on disk: `<archive>/search/index.bin`, one file written to a temporary name, synced
 * and renamed. A fixed header (magic, header length, sha256 of the rest), a JSON header (format
 * and folding versions, the document table, the words), then the binary sections, each aligned to
 * 4 bytes. Loading checks all of it and throws `CorruptIndex` rather than trust a bad file.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CjkPostings, TermPostings } from './segment.ts';

const MAGIC = 'RDRSRCH\u0001';
const FORMAT = 2;
const FIXED = 48;

/** What the index knows about each document, by document number. */
export interface DocTable {
  ids: string[];
  /** Folded text length, for density. */
  lengths: number[];
  /** 1 for live documents, 0 for removed ones still in postings. */
  alive: Uint8Array;
  /** 0 not Chinese, 1 Simplified, 2 Traditional. */
  scripts: Uint8Array;
}

export interface IndexSnapshot {
  fold: string;
  docs: DocTable;
  cjk: CjkPostings;
  terms: TermPostings;
}

/** The file is not a usable index (missing parts, wrong checksum, other version). */
export class CorruptIndex extends Error {}

interface Header {
  format: number;
  fold: string;
  docs: { ids: string[]; lengths: number[]; alive: string; scripts: string };
  terms: string[];
  sections: { name: string; bytes: number }[];
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** Yields to the event loop between chunks of `fn` over a long buffer. */
async function hashChunks(parts: readonly Uint8Array[]): Promise<Buffer> {
  const hash = createHash('sha256');
  for (const part of parts) {
    for (let at = 0; at < part.length; at += 8 << 20) {
      hash.update(part.subarray(at, Math.min(part.length, at + (8 << 20))));
      await new Promise((r) => setImmediate(r));
    }
  }
  return hash.digest();
}

/** Small numbers (0-9) as a string of digits, one per entry: 100k entries in about a millisecond. */
function digits(values: Uint8Array): string {
  const text = Buffer.allocUnsafe(values.length);
  for (let i = 0; i < values.length; i++) text[i] = 0x30 + values[i]!;
  return text.toString('latin1');
}

function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Writes the snapshot atomically; the caller must not change its arrays until this resolves. */
export async function writeIndexFile(path: string, snap: IndexSnapshot): Promise<number> {
  const sections: [string, Uint8Array][] = [
    ['cjk.keys', asBytes(snap.cjk.keys)],
    ['cjk.offsets', asBytes(snap.cjk.offsets)],
    ['cjk.last', asBytes(snap.cjk.last)],
    ['terms.offsets', asBytes(snap.terms.offsets)],
    ['terms.last', asBytes(snap.terms.last)],
    ['cjk.blob', snap.cjk.blob],
    ['terms.blob', snap.terms.blob],
  ];
  const header: Header = {
    format: FORMAT,
    fold: snap.fold,
    docs: {
      ids: snap.docs.ids,
      lengths: snap.docs.lengths,
      alive: digits(snap.docs.alive.subarray(0, snap.docs.ids.length)),
      scripts: digits(snap.docs.scripts.subarray(0, snap.docs.ids.length)),
    },
    terms: snap.terms.keys,
    sections: sections.map(([name, bytes]) => ({ name, bytes: bytes.length })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Uint8Array[] = [json, new Uint8Array(pad4(json.length) - json.length).fill(0x20)];
  for (const [, bytes] of sections) parts.push(bytes, new Uint8Array(pad4(bytes.length) - bytes.length));
  const fixed = Buffer.alloc(FIXED);
  fixed.write(MAGIC, 0, 'latin1');
  fixed.writeUInt32LE(json.length, 8);
  fixed.writeUInt32LE(FORMAT, 12);
  (await hashChunks(parts)).copy(fixed, 16);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  let total = 0;
  try {
    for (const part of [fixed, ...parts]) {
      await file.write(part);
      total += part.length;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return total;
}

/**
 * Reads and checks an index file; throws CorruptIndex when anything is off, ENOENT when absent.
 * `identity` is the file's checksum, which its delta log names (see delta-log.ts).
 */
export async function readIndexFile(path: string, expectedFold: string): Promise<IndexSnapshot & { identity: string }> {
  const buf = await readFile(path);
  if (buf.length < FIXED || buf.toString('latin1', 0, 8) !== MAGIC) throw new CorruptIndex('not a search index file');
  const jsonLength = buf.readUInt32LE(8);
  if (buf.readUInt32LE(12) !== FORMAT) throw new CorruptIndex(`index format ${buf.readUInt32LE(12)}, expected ${FORMAT}`);
  if (FIXED + jsonLength > buf.length) throw new CorruptIndex('header runs past the end of the file');
  const digest = await hashChunks([buf.subarray(FIXED)]);
  if (!digest.equals(buf.subarray(16, 48))) throw new CorruptIndex('checksum mismatch');
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', FIXED, FIXED + jsonLength)) as Header;
  } catch {
    throw new CorruptIndex('header is not JSON');
  }
  if (header.fold !== expectedFold) throw new CorruptIndex('built with other folding tables');
  let at = FIXED + pad4(jsonLength);
  const section = new Map<string, Uint8Array>();
  for (const { name, bytes } of header.sections) {
    if (at + bytes > buf.length) throw new CorruptIndex(`section ${name} runs past the end of the file`);
    section.set(name, buf.subarray(at, at + bytes));
    at += pad4(bytes);
  }
  const get = (name: string): Uint8Array => {
    const s = section.get(name);
    if (!s) throw new CorruptIndex(`section ${name} is missing`);
    return s;
  };
  // Copies give typed arrays their own aligned buffers; the blobs stay views into the file.
  const copy = (name: string): ArrayBuffer => {
    const bytes = get(name);
    if (bytes.length % 4 !== 0) throw new CorruptIndex(`section ${name} is not whole 32-bit numbers`);
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out.buffer;
  };
  const u32 = (name: string) => new Uint32Array(copy(name));
  const i32 = (name: string) => new Int32Array(copy(name));
  const n = header.docs.ids.length;
  const docs: DocTable = {
    ids: header.docs.ids,
    lengths: header.docs.lengths,
    alive: Uint8Array.from(header.docs.alive, (c) => (c === '1' ? 1 : 0)),
    scripts: Uint8Array.from(header.docs.scripts, (c) => Number(c)),
  };
  const cjk: CjkPostings = { keys: u32('cjk.keys'), offsets: u32('cjk.offsets'), last: i32('cjk.last'), blob: get('cjk.blob') };
  const terms: TermPostings = { keys: header.terms, offsets: u32('terms.offsets'), last: i32('terms.last'), blob: get('terms.blob') };
  if (docs.lengths.length !== n || docs.alive.length !== n || docs.scripts.length !== n) throw new CorruptIndex('document table is inconsistent');
  for (const [name, part] of [['cjk', cjk], ['terms', terms]] as const) {
    const count = part.keys.length;
    if (part.offsets.length !== count + 1 || part.last.length !== count || part.offsets[count] !== part.blob.length) {
      throw new CorruptIndex(`${name} postings are inconsistent`);
    }
  }
  return { fold: header.fold, docs, cjk, terms, identity: buf.toString('hex', 16, 48) };
}
