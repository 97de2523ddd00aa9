/**
 * One immutable segment of the index on disk: `search/seg-<seq>-<tag>.seg`. The posting lists
 * come first (CJK keys', then words', each list in key order), then the segment's own document
 * table and dictionaries, then a JSON header that says where each part is, and a fixed trailer
 * (header length, its CRC-32, where it starts, magic). Opening reads the trailer, the header and
 * the table and dictionaries (each checked by its CRC-32); a posting list is read at its offset
 * when a query needs it and checked against its own CRC-32, so neither the whole file nor a
 * whole-file checksum is ever read. Documents are numbered from 0 within the segment; a list read
 * for a query has its first document moved to the segment's place in the index (`base`).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { syncDir } from '../store/durable.ts';
import { dirname } from 'node:path';
import { SIG_WORDS, unknownSigs } from './title-sig.ts';
import { TermKeys } from './segment.ts';
import { IdList } from './ids.ts';

const MAGIC = 'RDRSEG\u0000\u0002';
const TRAILER = 24;
const FORMAT = 1;

/** The file is not a usable index (missing parts, wrong checksum, other version). */
export class CorruptIndex extends Error {}

/** Ids by number: an array, or a segment's IdList. */
export interface IdSeq {
  readonly length: number;
  at(n: number): string | undefined;
}

/** A segment's documents, by number within the segment. */
export interface SegmentDocs {
  ids: IdSeq;
  /** Folded text length, for density. */
  lengths: Uint32Array;
  /** 0 not Chinese, 1 Simplified, 2 Traditional. */
  scripts: Uint8Array;
  /** 1 for documents live when the segment was written. */
  alive: Uint8Array;
  /** Each title's signature (title-sig.ts), SIG_WORDS per document; all bits set where not known. */
  sigs: Uint32Array;
  /** Each folded title (without line breaks), so ranking reads no record; null where not kept (segments written before titles were). */
  titles?: IdSeq | null;
}

/** One part's dictionary: key i's list is `[offsets[i], offsets[i+1])` of its blob. */
export interface Dictionary<K> {
  keys: K;
  offsets: Float64Array;
  /** Last document of each list (to continue it in a merge). */
  last: Int32Array;
  crc: Uint32Array;
  /** Where the part's blob starts in the file. */
  at: number;
}

interface Section {
  at: number;
  bytes: number;
  crc: number;
}

interface Header {
  format: number;
  fold: string;
  docs: number;
  cjkAt: number;
  termsAt: number;
  sections: Record<string, Section>;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Writes a segment file: lists first (in key order), then `finish` with the table. Temp name, synced, renamed. */
export class SegmentWriter {
  readonly path: string;
  readonly #temp: string;
  #file: FileHandle | null = null;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #at = 0;
  /** Bytes written to the file so far. */
  written = 0;
  readonly #cjk = { keys: [] as number[], offsets: [0] as number[], last: [] as number[], crc: [] as number[], at: 0 };
  readonly #terms = { keys: [] as string[], offsets: [0] as number[], last: [] as number[], crc: [] as number[], at: -1 };

  constructor(path: string) {
    this.path = path;
    this.#temp = `${path}.${process.pid}.tmp`;
  }

  async #open(): Promise<FileHandle> {
    if (!this.#file) {
      await mkdir(dirname(this.path), { recursive: true });
      this.#file = await open(this.#temp, 'w');
    }
    return this.#file;
  }

  async #append(bytes: Uint8Array): Promise<void> {
    await this.#open();
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#at += bytes.length;
    if (this.#pendingBytes >= 1 << 20) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const chunk = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    await (await this.#open()).write(chunk);
    this.written += chunk.length;
  }

  /** Adds a CJK key's list (keys in increasing order, all before any word). */
  async cjk(key: number, list: Uint8Array, last: number): Promise<void> {
    const part = this.#cjk;
    part.keys.push(key);
    part.crc.push(crc32(list));
    part.last.push(last);
    await this.#append(list.slice());
    part.offsets.push(this.#at - part.at);
  }

  /** Adds a word's list (words in increasing order). */
  async term(word: string, list: Uint8Array, last: number): Promise<void> {
    const part = this.#terms;
    if (part.at < 0) part.at = this.#at;
    part.keys.push(word);
    part.crc.push(crc32(list));
    part.last.push(last);
    await this.#append(list.slice());
    part.offsets.push(this.#at - part.at);
  }

  /** Writes the table, dictionaries and header, syncs and renames; returns the file's size. */
  async finish(fold: string, docs: SegmentDocs): Promise<number> {
    if (this.#terms.at < 0) this.#terms.at = this.#at;
    const n = docs.ids.length;
    const sections: [string, Uint8Array][] = [
      ['ids', Buffer.from(Array.from({ length: n }, (_, i) => docs.ids.at(i)!).join('\n'), 'utf8')],
      ['lengths', bytesOf(docs.lengths.subarray(0, n))],
      ['scripts', docs.scripts.subarray(0, n)],
      ['alive', docs.alive.subarray(0, n)],
      ['titles.sig', bytesOf(docs.sigs.subarray(0, n * SIG_WORDS))],
      ...(docs.titles && docs.titles.length === n ? [['titles', Buffer.from(Array.from({ length: n }, (_, i) => docs.titles!.at(i)!).join('\n'), 'utf8')] as [string, Uint8Array]] : []),
      ['cjk.keys', bytesOf(Uint32Array.from(this.#cjk.keys))],
      ['cjk.offsets', bytesOf(Float64Array.from(this.#cjk.offsets))],
      ['cjk.last', bytesOf(Int32Array.from(this.#cjk.last))],
      ['cjk.crc', bytesOf(Uint32Array.from(this.#cjk.crc))],
      ['terms.keys', Buffer.from(this.#terms.keys.join('\n'), 'utf8')],
      ['terms.offsets', bytesOf(Float64Array.from(this.#terms.offsets))],
      ['terms.last', bytesOf(Int32Array.from(this.#terms.last))],
      ['terms.crc', bytesOf(Uint32Array.from(this.#terms.crc))],
    ];
    const header: Header = { format: FORMAT, fold, docs: n, cjkAt: this.#cjk.at, termsAt: this.#terms.at, sections: {} };
    for (const [name, bytes] of sections) {
      header.sections[name] = { at: this.#at, bytes: bytes.length, crc: crc32(bytes) };
      await this.#append(bytes.slice());
    }
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const jsonAt = this.#at;
    await this.#append(json);
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeUInt32LE(json.length, 0);
    trailer.writeUInt32LE(crc32(json), 4);
    trailer.writeDoubleLE(jsonAt, 8);
    trailer.write(MAGIC, 16, 'latin1');
    await this.#append(trailer);
    await this.#flush();
    const file = await this.#open();
    this.#file = null;
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.#temp, this.path);
    await syncDir(dirname(this.path));
    return this.written;
  }

  /** Drops a segment that will not be finished. */
  async abandon(): Promise<void> {
    await this.#file?.close().catch(() => undefined);
    this.#file = null;
    await rm(this.#temp, { force: true });
  }
}

/** An open segment: its table and dictionaries in memory, its lists read on demand. */
export class SegmentReader {
  readonly path: string;
  readonly docs: SegmentDocs & { ids: IdList };
  readonly cjk: Dictionary<Uint32Array>;
  readonly terms: Dictionary<TermKeys>;
  readonly fileBytes: number;
  #file: FileHandle | null;
  /** Reads in flight, so closing waits for them. */
  #reading = 0;
  #closing: (() => void) | null = null;

  private constructor(path: string, file: FileHandle, fileBytes: number, docs: SegmentDocs & { ids: IdList }, cjk: Dictionary<Uint32Array>, terms: Dictionary<TermKeys>) {
    this.path = path;
    this.#file = file;
    this.fileBytes = fileBytes;
    this.docs = docs;
    this.cjk = cjk;
    this.terms = terms;
  }

  /** Opens and checks a segment's table and dictionaries; CorruptIndex when anything is off, ENOENT when absent. */
  static async open(path: string, expectedFold: string): Promise<SegmentReader> {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size < TRAILER) throw new CorruptIndex('segment shorter than its trailer');
      const trailer = Buffer.alloc(TRAILER);
      await file.read(trailer, 0, TRAILER, size - TRAILER);
      if (trailer.toString('latin1', 16, 24) !== MAGIC) throw new CorruptIndex('not a search segment');
      const jsonLength = trailer.readUInt32LE(0);
      const jsonAt = trailer.readDoubleLE(8);
      if (!(jsonAt >= 0 && jsonAt + jsonLength + TRAILER === size)) throw new CorruptIndex('segment header out of place');
      const json = Buffer.alloc(jsonLength);
      await file.read(json, 0, jsonLength, jsonAt);
      if (crc32(json) !== trailer.readUInt32LE(4)) throw new CorruptIndex('segment header checksum mismatch');
      const header = JSON.parse(json.toString('utf8')) as Header;
      if (header.format !== FORMAT) throw new CorruptIndex(`segment format ${header.format}, expected ${FORMAT}`);
      if (header.fold !== expectedFold) throw new CorruptIndex('built with other folding tables');
      const first = Math.min(...Object.values(header.sections).map((s) => s.at));
      const table = Buffer.alloc(jsonAt - first);
      await file.read(table, 0, table.length, first);
      // Each section is copied and checked in a turn of its own: a segment of a million documents has tens of megabytes of them.
      const get = async (name: string): Promise<Uint8Array> => {
        const s = header.sections[name];
        if (!s || s.at < first || s.at + s.bytes > jsonAt) throw new CorruptIndex(`segment section ${name} is missing`);
        await yieldToLoop();
        const bytes = new Uint8Array(s.bytes);
        bytes.set(table.subarray(s.at - first, s.at - first + s.bytes));
        if (crc32(bytes) !== s.crc) throw new CorruptIndex(`segment section ${name} checksum mismatch`);
        return bytes;
      };
      const n = header.docs;
      // Segments written before titles had signatures have none: not known, so ranking reads those titles.
      const sigs = header.sections['titles.sig'] ? new Uint32Array((await get('titles.sig')).buffer) : unknownSigs(n);
      // Segments written before titles were kept have none: ranking reads those titles from their records
      // (as it does for a segment of one document whose title is empty: no bytes read as no line).
      const titles = header.sections['titles'] ? new TermKeys(await get('titles')) : null;
      const docs = { ids: await IdList.read(await get('ids')), lengths: new Uint32Array((await get('lengths')).buffer), scripts: await get('scripts'), alive: await get('alive'), sigs, titles };
      const cjk: Dictionary<Uint32Array> = {
        keys: new Uint32Array((await get('cjk.keys')).buffer),
        offsets: new Float64Array((await get('cjk.offsets')).buffer),
        last: new Int32Array((await get('cjk.last')).buffer),
        crc: new Uint32Array((await get('cjk.crc')).buffer),
        at: header.cjkAt,
      };
      const terms: Dictionary<TermKeys> = {
        keys: new TermKeys(await get('terms.keys')),
        offsets: new Float64Array((await get('terms.offsets')).buffer),
        last: new Int32Array((await get('terms.last')).buffer),
        crc: new Uint32Array((await get('terms.crc')).buffer),
        at: header.termsAt,
      };
      if (docs.ids.length !== n || docs.lengths.length !== n || docs.scripts.length !== n || docs.alive.length !== n || docs.sigs.length !== n * SIG_WORDS || (titles !== null && titles.length !== n && !(n === 1 && titles.length === 0))) throw new CorruptIndex('segment document table is inconsistent');
      for (const d of [cjk, terms]) {
        const count = d.keys.length;
        if (d.offsets.length !== count + 1 || d.last.length !== count || d.crc.length !== count) throw new CorruptIndex('segment dictionary is inconsistent');
      }
      if (terms.at + terms.offsets[terms.keys.length]! > first || cjk.at + cjk.offsets[cjk.keys.length]! > terms.at) throw new CorruptIndex('segment lists run past their place');
      return new SegmentReader(path, file, size, docs, cjk, terms);
    } catch (error) {
      await file.close();
      if (error instanceof SyntaxError) throw new CorruptIndex('segment header is not JSON');
      throw error;
    }
  }

  /** Bytes of the lists (what the segment weighs for merging). */
  get listBytes(): number {
    return this.cjk.offsets[this.cjk.keys.length]! + this.terms.offsets[this.terms.keys.length]!;
  }

  /**
   * Reads list `i` of a part, checks it, and moves its first document by `base` (written in the
   * room left before it, so nothing is copied). Throws CorruptIndex on a checksum mismatch.
   */
  async list(part: Dictionary<unknown>, i: number, base: number): Promise<Uint8Array> {
    const from = part.offsets[i]!;
    const length = part.offsets[i + 1]! - from;
    const buffer = Buffer.allocUnsafe(length + 5);
    await this.readAt(buffer, 5, length, part.at + from);
    const list = buffer.subarray(5);
    if (crc32(list) !== part.crc[i]) throw new CorruptIndex(`posting list checksum mismatch in ${this.path}`);
    return rebase(buffer, 5, base);
  }

  /** Reads `length` bytes at `position` into `buffer` at `offset`. */
  async readAt(buffer: Uint8Array, offset: number, length: number, position: number): Promise<void> {
    if (!this.#file) throw new CorruptIndex(`segment ${this.path} was closed`);
    this.#reading++;
    try {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await this.#file.read(buffer, offset + done, length - done, position + done);
        if (bytesRead === 0) throw new CorruptIndex(`segment ${this.path} ends early`);
        done += bytesRead;
      }
    } finally {
      if (--this.#reading === 0) this.#closing?.();
    }
  }

  /** Closes the file once reads in flight are done. */
  async close(): Promise<void> {
    if (this.#reading > 0) await new Promise<void>((resolve) => (this.#closing = resolve));
    const file = this.#file;
    this.#file = null;
    await file?.close();
  }
}

/**
 * Rewrites the first document number of the list at `buffer[start..]` (relative to -1 within its
 * segment) as `base` more, using the room before `start`; returns the list's new view.
 */
export function rebase(buffer: Uint8Array, start: number, base: number): Uint8Array {
  if (base === 0 || buffer.length === start) return buffer.subarray(start);
  let value = 0;
  let shift = 0;
  let at = start;
  let b: number;
  do {
    b = buffer[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  value += base;
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) size++;
  let out = at - size;
  const head = out;
  while (value >= 0x80) {
    buffer[out++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  buffer[out] = value;
  return buffer.subarray(head);
}
