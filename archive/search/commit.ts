/**
 * Committing to the index on disk, whether the index is loaded (index.ts) or not (persist.ts):
 * new documents go into new segment files, then one new manifest names them and the removals.
 * The caller holds the archive's lock; in one process, manifest changes run one at a time.
 */
import { join } from 'node:path';
import type { MemoryPart } from './memory-part.ts';
import { CorruptIndex } from './segment-file.ts';
import { convertLegacy } from './legacy.ts';
import { cleanUp, emptyManifest, readManifest, searchDir, segmentName, withManifest, writeManifest, type Manifest, type SegmentEntry } from './manifest.ts';

export interface CommitRequest {
  /** Parts written as new segments, in order (empty ones are skipped). */
  parts: readonly MemoryPart[];
  /** Ids dropped from the segments already on disk. */
  removed: Iterable<string>;
  /** Commit only over this generation of the manifest (a process without the lock for its whole run). */
  over?: number;
  /** Drop every segment there was (a rebuild, or an unusable index). */
  replaceAll?: boolean;
  pause: () => Promise<void> | null;
}

export interface Committed {
  manifest: Manifest;
  /** The new segments, by part (null for a part without documents). */
  entries: (SegmentEntry | null)[];
  written: number;
}

/** Writes the parts and the new manifest; null when the manifest is no longer the one asked `over`. */
export function commitChanges(dir: string, fold: string, request: CommitRequest): Promise<Committed | null> {
  return withManifest(dir, async () => {
    let current: Manifest | null;
    try {
      current = await readManifest(dir);
    } catch (error) {
      if (!(error instanceof CorruptIndex)) throw error;
      current = null;
    }
    if (request.over !== undefined && (current?.generation ?? 0) !== request.over) return null;
    let written = 0;
    if (current === null && request.replaceAll !== true) {
      // An index of an earlier version becomes segments first, or a writer's commit would leave it behind.
      const converted = await convertLegacy(dir, fold);
      if (converted) {
        current = converted.manifest;
        written += converted.written;
      }
    }
    const replace = request.replaceAll === true || current === null || current.fold !== fold;
    const base = current && current.fold === fold ? current : { ...emptyManifest(fold), generation: current?.generation ?? 0 };
    let seq = base.nextSeq;
    const firstSeq = seq;
    const entries: (SegmentEntry | null)[] = [];
    for (const part of request.parts) {
      if (part.size === 0) {
        entries.push(null);
        continue;
      }
      const name = segmentName(seq);
      const bytes = await part.writeTo(join(searchDir(dir), name), fold, request.pause);
      written += bytes;
      entries.push({ name, seq, docs: part.size, bytes });
      seq++;
    }
    const removals = replace ? {} : { ...base.removals };
    if (!replace) for (const id of request.removed) removals[id] = Math.max(removals[id] ?? 0, firstSeq);
    const added = entries.filter((e): e is SegmentEntry => e !== null);
    const manifest: Manifest = {
      ...base,
      fold,
      generation: base.generation + 1,
      nextSeq: seq,
      segments: replace ? added : [...base.segments, ...added],
      removals,
    };
    written += await writeManifest(dir, manifest);
    await cleanUp(dir, manifest);
    return { manifest, entries, written };
  });
}

/**
 * Swaps the merged segment `merged` in for `inputs` (neighbours, by name) and keeps only the
 * removals `keep` accepts; null (the merged file is then left to clean-up) when the manifest no
 * longer holds the inputs side by side.
 */
export function commitMerge(dir: string, inputs: readonly string[], merged: SegmentEntry, keep: (id: string, before: number, manifest: Manifest) => boolean): Promise<{ manifest: Manifest; written: number } | null> {
  return withManifest(dir, async () => {
    const current = await readManifest(dir);
    if (!current) return null;
    const at = current.segments.findIndex((s) => s.name === inputs[0]);
    if (at < 0 || inputs.some((name, k) => current.segments[at + k]?.name !== name)) return null;
    const segments = [...current.segments];
    segments.splice(at, inputs.length, merged);
    const next: Manifest = { ...current, generation: current.generation + 1, segments, removals: {} };
    for (const [id, before] of Object.entries(current.removals)) if (keep(id, before, next)) next.removals[id] = before;
    const written = await writeManifest(dir, next);
    await cleanUp(dir, next);
    return { manifest: next, written };
  });
}
