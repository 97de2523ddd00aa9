/**
 * The single-file index of earlier versions (`search/index.bin`, and `search/delta.log`, what
 * changed since), converted into segments once: the base's lists are already what a segment
 * holds (documents numbered from 0), so they are copied as they are into the first segment; the
 * log's articles become a second one, and their ids removals from the first. The old files are
 * removed by the clean-up that follows the manifest's commit. A base that does not check out, or
 * a log that declared it out of date, is not converted: the index is rebuilt from the bodies.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCode } from '../store/durable.ts';
import { MemoryPart } from './memory-part.ts';
import { SegmentWriter } from './segment-file.ts';
import { unknownSigs } from './title-sig.ts';
import { LEGACY_FILES, cleanUp, emptyManifest, searchDir, segmentName, writeManifest, type Manifest } from './manifest.ts';

const MAGIC = 'RDRSRCH\u0001';
const LOG_MAGIC = 'RDRDLTA\u0001';
const FIXED = 48;
const LOG_HEADER = 40;

interface Header {
  format: number;
  fold: string;
  docs: { ids: string[]; lengths: number[]; alive: string; scripts: string };
  terms: string[];
  sections: { name: string; bytes: number }[];
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** The old base's parts, or null when it is absent or does not check out. */
async function readBase(path: string, fold: string): Promise<{ header: Header; section: (name: string) => Uint8Array; identity: string } | null> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  if (buf.length < FIXED || buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(12) !== 2) return null;
  const jsonLength = buf.readUInt32LE(8);
  if (FIXED + jsonLength > buf.length) return null;
  const hash = createHash('sha256');
  for (let at = FIXED; at < buf.length; at += 8 << 20) {
    hash.update(buf.subarray(at, Math.min(buf.length, at + (8 << 20))));
    await yieldToLoop();
  }
  if (!hash.digest().equals(buf.subarray(16, 48))) return null;
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', FIXED, FIXED + jsonLength)) as Header;
  } catch {
    return null;
  }
  if (header.fold !== fold) return null;
  const sections = new Map<string, Uint8Array>();
  let at = FIXED + pad4(jsonLength);
  for (const { name, bytes } of header.sections) {
    if (at + bytes > buf.length) return null;
    const copy = new Uint8Array(bytes);
    copy.set(buf.subarray(at, at + bytes));
    sections.set(name, copy);
    at += pad4(bytes);
  }
  if (!['cjk.keys', 'cjk.offsets', 'cjk.last', 'terms.offsets', 'terms.last', 'cjk.blob', 'terms.blob'].every((n) => sections.has(n))) return null;
  return { header, section: (name) => sections.get(name)!, identity: buf.toString('hex', 16, 48) };
}

/** The log's records when it follows the base `identity`; 'rebuild' when it declared the base out of date. */
async function readLog(path: string, identity: string): Promise<{ id: string; text: string | null }[] | 'rebuild'> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  if (bytes.length < LOG_HEADER || bytes.toString('latin1', 0, 8) !== LOG_MAGIC) return [];
  const base = bytes.toString('hex', 8, LOG_HEADER);
  if (base === 'f'.repeat(64)) return 'rebuild';
  if (base !== identity) return [];
  const records: { id: string; text: string | null }[] = [];
  for (let at = LOG_HEADER; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    if (length < 3 || at + 8 + length > bytes.length) break;
    const payload = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break;
    const idLength = payload.readUInt16LE(1);
    if ((payload[0] !== 1 && payload[0] !== 2) || 3 + idLength > length) break;
    records.push({ id: payload.toString('utf8', 3, 3 + idLength), text: payload[0] === 1 ? payload.toString('utf8', 3 + idLength) : null });
    at += 8 + length;
  }
  return records;
}

/**
 * Converts the old index of the archive in `dir` into segments and commits their manifest (the
 * caller holds the archive's lock, inside withManifest, and there is no manifest yet). Returns
 * the manifest and the bytes written, or null when there is nothing usable to convert.
 */
export async function convertLegacy(dir: string, fold: string): Promise<{ manifest: Manifest; written: number } | null> {
  const folder = searchDir(dir);
  const base = await readBase(join(folder, LEGACY_FILES[0]!), fold);
  if (!base) return null;
  const records = await readLog(join(folder, LEGACY_FILES[1]!), base.identity);
  if (records === 'rebuild') return null;
  const u32 = (name: string) => new Uint32Array(base.section(name).buffer);
  const i32 = (name: string) => new Int32Array(base.section(name).buffer);
  const manifest = emptyManifest(fold);
  let written = 0;
  const name = segmentName(1);
  const writer = new SegmentWriter(join(folder, name));
  try {
    for (const [part, keys] of [['cjk', u32('cjk.keys')], ['terms', base.header.terms]] as const) {
      const offsets = u32(`${part}.offsets`);
      const last = i32(`${part}.last`);
      const blob = base.section(`${part}.blob`);
      for (let i = 0; i < keys.length; i++) {
        const list = blob.subarray(offsets[i]!, offsets[i + 1]!);
        if (part === 'cjk') await writer.cjk(keys[i] as number, list, last[i]!);
        else await writer.term(keys[i] as string, list, last[i]!);
        if ((i & 4095) === 4095) await yieldToLoop();
      }
    }
    const docs = base.header.docs;
    const digits = (text: string) => Uint8Array.from(text, (c) => Number(c));
    const bytes = await writer.finish(fold, { ids: docs.ids, lengths: Uint32Array.from(docs.lengths), scripts: digits(docs.scripts), alive: digits(docs.alive), sigs: unknownSigs(docs.ids.length) });
    written += bytes;
    manifest.segments.push({ name, seq: 1, docs: docs.ids.length, bytes });
    manifest.nextSeq = 2;
  } catch (error) {
    await writer.abandon();
    throw error;
  }
  if (records.length > 0) {
    const part = new MemoryPart();
    for (const { id, text } of records) {
      const earlier = part.byId.get(id);
      if (earlier !== undefined) part.docs.alive[earlier] = 0;
      if (text !== null) part.add(id, text);
      manifest.removals[id] = 2;
    }
    const logName = segmentName(2);
    const bytes = await part.writeTo(join(folder, logName), fold, () => null);
    written += bytes;
    manifest.segments.push({ name: logName, seq: 2, docs: part.size, bytes });
    manifest.nextSeq = 3;
  }
  manifest.generation = 1;
  written += await writeManifest(dir, manifest);
  await cleanUp(dir, manifest);
  return { manifest, written };
}
