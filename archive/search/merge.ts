/**
 * Merging adjacent segments into one, in the background: the inputs' lists are read in key order
 * through a window per input (sequential reads, each list checked against its CRC-32), and their
 * live documents numbered anew one input after another; dead documents are left out. A list of
 * an input without dead documents is copied as bytes, only its first entry rewritten. Which
 * segments to merge: tiered, by size: a run of MERGE_FACTOR neighbours of one tier.
 */
import { crc32 } from 'node:zlib';
import { CorruptIndex, SegmentWriter, type Dictionary, type SegmentDocs, type SegmentReader } from './segment-file.ts';
import { writeVarint } from './postings.ts';
import { SIG_WORDS } from './title-sig.ts';

export const MERGE_FACTOR = 8;
/** Segments under this many bytes of lists are all of the first tier. */
const TIER_BYTES = 2 << 20;

/** The tier of a segment of `bytes`: each tier about MERGE_FACTOR times the one below. */
function tier(bytes: number): number {
  return bytes < TIER_BYTES ? 0 : 1 + Math.floor(Math.log(bytes / TIER_BYTES) / Math.log(MERGE_FACTOR));
}

/**
 * The run of segments to merge next, [from, to), or null: MERGE_FACTOR neighbours of one tier,
 * or one segment that has lost more than a third of its documents.
 */
export function pickMerge(segments: readonly { bytes: number; docs: number; dead: number }[]): [number, number] | null {
  let runStart = 0;
  for (let i = 1; i <= segments.length; i++) {
    if (i === segments.length || tier(segments[i]!.bytes) !== tier(segments[runStart]!.bytes)) {
      if (i - runStart >= MERGE_FACTOR) return [runStart, runStart + MERGE_FACTOR];
      runStart = i;
    }
  }
  const wasted = segments.findIndex((s) => s.docs > 0 && s.dead * 3 > s.docs);
  return wasted >= 0 ? [wasted, wasted + 1] : null;
}

/** An input: its reader and which of its documents are live. */
export interface MergeInput {
  reader: SegmentReader;
  alive: Uint8Array;
}

/** Sequential reads of one input's lists through a window of a few megabytes. */
class Window {
  #buffer = new Uint8Array(0);
  #start = 0;
  constructor(readonly reader: SegmentReader) {}

  async list(part: Dictionary<unknown>, i: number): Promise<Uint8Array> {
    const at = part.at + part.offsets[i]!;
    const length = part.offsets[i + 1]! - part.offsets[i]!;
    if (at < this.#start || at + length > this.#start + this.#buffer.length) {
      this.#buffer = new Uint8Array(Math.max(length, 4 << 20, 0));
      const size = Math.min(this.#buffer.length, this.reader.fileBytes - at);
      await this.reader.readAt(this.#buffer, 0, size, at);
      this.#buffer = this.#buffer.subarray(0, size);
      this.#start = at;
    }
    const list = this.#buffer.subarray(at - this.#start, at - this.#start + length);
    if (crc32(list) !== part.crc[i]) throw new CorruptIndex(`posting list checksum mismatch in ${this.reader.path}`);
    return list;
  }
}

/** A growable buffer for one output list. */
class ListBuffer {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/**
 * Writes the merge of `inputs` (in order) to `path`. `pause` is awaited now and then (it may
 * throw to stop the merge). Returns the bytes written and, per input, each document's new number
 * (-1 where left out).
 */
export async function mergeSegments(inputs: readonly MergeInput[], path: string, fold: string, pause: () => Promise<void> | null): Promise<{ written: number; remaps: Int32Array[]; docs: SegmentDocs & { ids: string[] } }> {
  const remaps: Int32Array[] = [];
  const ids: string[] = [];
  let total = 0;
  for (const { reader, alive } of inputs) total += reader.docs.ids.length;
  // Titles are kept only when every input kept them (a segment written before titles were has none).
  const titles: string[] | null = inputs.every((i) => i.reader.docs.titles) ? [] : null;
  const docs: SegmentDocs & { ids: string[] } = { ids, lengths: new Uint32Array(total), scripts: new Uint8Array(total), alive: new Uint8Array(total), sigs: new Uint32Array(total * SIG_WORDS), titles };
  const whole: boolean[] = [];
  const offsets: number[] = [];
  for (const { reader, alive } of inputs) {
    const count = reader.docs.ids.length;
    const remap = new Int32Array(count).fill(-1);
    offsets.push(ids.length);
    let all = true;
    for (let n = 0; n < count; n++) {
      if (!alive[n]) {
        all = false;
        continue;
      }
      const m = ids.length;
      remap[n] = m;
      ids.push(reader.docs.ids.at(n)!);
      titles?.push(reader.docs.titles!.at(n)!);
      docs.lengths[m] = reader.docs.lengths[n]!;
      docs.scripts[m] = reader.docs.scripts[n]!;
      docs.alive[m] = 1;
      docs.sigs.set(reader.docs.sigs.subarray(n * SIG_WORDS, (n + 1) * SIG_WORDS), m * SIG_WORDS);
    }
    whole.push(all);
    remaps.push(remap);
  }
  const windows = inputs.map((input) => new Window(input.reader));
  const writer = new SegmentWriter(path);
  const out = new ListBuffer();
  try {
    for (const cjk of [true, false]) {
      const dicts: Dictionary<{ length: number }>[] = inputs.map(({ reader }) => (cjk ? reader.cjk : reader.terms));
      const keyOf = inputs.map(({ reader }) => (cjk ? (i: number): number | string => reader.cjk.keys[i]! : (i: number): number | string => reader.terms.keys.get(i)));
      const at = dicts.map(() => 0);
      for (let step = 0; ; step++) {
        if ((step & 255) === 0) await pause();
        // The smallest key any input has next (a few inputs: a scan beats a heap).
        let key: number | string | undefined;
        for (let k = 0; k < dicts.length; k++) {
          const d = dicts[k]!;
          if (at[k]! >= d.keys.length) continue;
          const next = keyOf[k]!(at[k]!);
          if (key === undefined || next < key) key = next;
        }
        if (key === undefined) break;
        const positional = cjk && (key as number) > 0xffff;
        out.length = 0;
        let last = -1;
        for (let k = 0; k < inputs.length; k++) {
          const d = dicts[k]!;
          const i = at[k]!;
          if (i >= d.keys.length || keyOf[k]!(i) !== key) continue;
          at[k] = i + 1;
          const list = await windows[k]!.list(d, i);
          if (whole[k]) {
            // Every document kept, in order: the bytes as they are, the first entry moved.
            const [first, next] = readVarint(list, 0);
            out.room(list.length + 10);
            out.length = writeVarint(out.bytes, out.length, offsets[k]! + first - last - 1);
            out.bytes.set(list.subarray(next), out.length);
            out.length += list.length - next;
            last = offsets[k]! + d.last[i]!;
            continue;
          }
          const remap = remaps[k]!;
          let p = 0;
          let doc = -1;
          while (p < list.length) {
            let delta: number;
            let count: number;
            [delta, p] = readVarint(list, p);
            doc += delta + 1;
            const start = p;
            [count, p] = readVarint(list, p);
            if (positional) for (let c = 0; c < count; c++) while (list[p++]! & 0x80);
            const m = remap[doc]!;
            if (m < 0) continue;
            out.room(10 + (p - start));
            out.length = writeVarint(out.bytes, out.length, m - last - 1);
            out.bytes.set(list.subarray(start, p), out.length);
            out.length += p - start;
            last = m;
          }
        }
        if (out.length === 0) continue;
        const bytes = out.bytes.subarray(0, out.length);
        if (cjk) await writer.cjk(key as number, bytes, last);
        else await writer.term(key as string, bytes, last);
      }
    }
    const written = await writer.finish(fold, docs);
    return { written, remaps, docs };
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}
