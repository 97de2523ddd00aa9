/**
 * The background merge of a loaded index: picks neighbours to merge (merge.ts), writes the merged
 * segment in time slices, commits a manifest that swaps it in for them (dropping the removals it
 * made pointless), then swaps it in memory in one step and renumbers the documents. Documents
 * removed while the merge ran are marked removed in the merged segment too (their removals are
 * still to be committed, and cover it). A crash at any point leaves the previous manifest usable.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexContents, OpenSegment } from './contents.ts';
import { commitMerge } from './commit.ts';
import { inProgress, searchDir, segmentName } from './manifest.ts';
import { mergeSegments, pickMerge } from './merge.ts';
import { SegmentReader } from './segment-file.ts';

const SLICE_MS = 12;

/** A merge stopped by a rebuild or by closing. */
export class Stopped extends Error {}

export interface MergeContext {
  dir: string;
  fold: string;
  contents: IndexContents;
  /** True once the merge is to stop (the index closed or started over). */
  stopped(): boolean;
  /** Reports the bytes written and the manifest generation committed. */
  wrote(bytes: number, generation: number): void;
}

function liveCount(s: OpenSegment): number {
  let live = 0;
  for (let n = 0; n < s.entry.docs; n++) live += s.alive[n]!;
  return live;
}

/** Starts the next merge that is due, or returns null when none is. */
export function mergeInBackground(ctx: MergeContext): Promise<void> | null {
  const segments = ctx.contents.segments;
  const pick = pickMerge(segments.map((s) => ({ bytes: s.reader.listBytes, docs: s.entry.docs, dead: s.entry.docs - liveCount(s) })));
  if (!pick) return null;
  return merge(ctx, segments.slice(pick[0], pick[1]));
}

async function merge(ctx: MergeContext, inputs: OpenSegment[]): Promise<void> {
  let sliceStart = performance.now();
  const pause = (): Promise<void> | null => {
    if (ctx.stopped()) throw new Stopped('merge stopped');
    if (performance.now() - sliceStart < SLICE_MS) return null;
    return yieldToLoop().then(() => void (sliceStart = performance.now()));
  };
  await yieldToLoop();
  const snapshot = inputs.map((s) => s.alive.slice(0, s.entry.docs));
  const seq = Math.max(...inputs.map((s) => s.entry.seq));
  const name = segmentName(seq);
  const path = join(searchDir(ctx.dir), name);
  inProgress.add(path);
  let reader: SegmentReader | null = null;
  let committed = false;
  try {
    const result = await mergeSegments(inputs.map((s, k) => ({ reader: s.reader, alive: snapshot[k]! })), path, ctx.fold, pause);
    reader = await SegmentReader.open(path, ctx.fold);
    const byId = reader.docs.ids;
    const entry = { name, seq, docs: byId.length, bytes: result.written };
    const open = new Map(ctx.contents.segments.map((s) => [s.entry.name, s]));
    const contains = (segment: string, id: string): boolean => {
      if (segment === name) return byId.has(id);
      const s = open.get(segment);
      return s ? s.byId.has(id) : true;
    };
    if (ctx.stopped()) throw new Stopped('merge stopped');
    const done = await commitMerge(ctx.dir, inputs.map((s) => s.entry.name), entry, (id, before, manifest) => manifest.segments.some((e) => e.seq < before && contains(e.name, id)));
    if (!done) throw new Stopped('the manifest changed under the merge');
    ctx.wrote(result.written + done.written, done.manifest.generation);
    committed = true;
    const contents = ctx.contents;
    const at = contents.segments.indexOf(inputs[0]!);
    if (ctx.stopped() || at < 0) return;
    // Removed while the merge ran: removed in the merged segment too.
    const alive = result.docs.alive;
    inputs.forEach((s, k) => {
      const remap = result.remaps[k]!;
      const before = snapshot[k]!;
      for (let n = 0; n < before.length; n++) if (before[n] && !s.alive[n] && remap[n]! >= 0) alive[remap[n]!] = 0;
    });
    contents.segments.splice(at, inputs.length, { entry, reader, byId, alive, base: 0 });
    reader = null;
    contents.renumber();
    for (const s of inputs) void s.reader.close().then(() => rm(s.reader.path, { force: true })).catch(() => undefined);
  } finally {
    inProgress.delete(path);
    if (reader) {
      await reader.close();
      if (!committed) await rm(path, { force: true }).catch(() => undefined);
    }
  }
}
