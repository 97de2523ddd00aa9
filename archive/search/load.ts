/**
 * Opening the index on disk: the manifest, then each segment's table and dictionaries (never its
 * lists), with the removals applied. A segment gone between reading the manifest and opening it
 * (a writer's merge swapped it out) means reading the manifest again.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { IndexContents, OpenSegment } from './contents.ts';
import { LEGACY_FILES, readManifest, searchDir, type Manifest } from './manifest.ts';
import { CorruptIndex, SegmentReader } from './segment-file.ts';


/** What opening found: the manifest read, or why the index is to be rebuilt (null: an empty archive's, say nothing). */
export type Loaded = { manifest: Manifest } | { rebuild: string; legacy?: true };

/** Fills `contents` with the segments the manifest names; on a failure, leaves it empty. */
export async function loadSegments(dir: string, fold: string, contents: IndexContents): Promise<Loaded> {
  for (let attempt = 0; ; attempt++) {
    let manifest: Manifest | null;
    try {
      manifest = await readManifest(dir);
    } catch (error) {
      if (!(error instanceof CorruptIndex)) throw error;
      return { rebuild: `search index not usable (${error.message}): rebuilding it` };
    }
    if (!manifest) {
      const legacy = await stat(join(searchDir(dir), LEGACY_FILES[0]!)).then(() => true, () => false);
      return legacy ? { rebuild: 'search index in the single-file format of an earlier version: rebuilding it as segments', legacy } : { rebuild: 'search index missing: rebuilding it' };
    }
    if (manifest.fold !== fold) return { rebuild: 'search index not usable (built with other folding tables): rebuilding it' };
    const segments: OpenSegment[] = [];
    try {
      for (const entry of manifest.segments) {
        const reader = await SegmentReader.open(join(searchDir(dir), entry.name), fold);
        segments.push({ entry, reader, byId: reader.docs.ids, alive: reader.docs.alive.slice(), base: 0 });
        await yieldToLoop();
      }
    } catch (error) {
      for (const s of segments) await s.reader.close();
      const gone = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (gone && attempt < 3) continue;
      if (!(error instanceof CorruptIndex) && !gone) throw error;
      return { rebuild: `search index not usable (${(error as Error).message}): rebuilding it` };
    }
    for (const [id, before] of Object.entries(manifest.removals)) {
      for (const s of segments) {
        if (s.entry.seq >= before) continue;
        const n = s.byId.get(id);
        if (n !== undefined) s.alive[n] = 0;
      }
    }
    contents.segments = segments;
    contents.renumber();
    return { manifest };
  }
}
