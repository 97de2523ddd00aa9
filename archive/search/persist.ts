/**
 * Keeping the index on disk current from a writer that has not loaded it (the CLI's import, or
 * the app before its first search): the articles a write changed are indexed from the store's
 * records into one new small segment, committed with a manifest that drops their older copies
 * (or the removed articles) from the segments before it. Nothing already on disk is read.
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { foldTables } from './fold.ts';
import { MemoryPart } from './memory-part.ts';
import { commitChanges, commitMerge } from './commit.ts';
import { MERGE_FACTOR, mergeSegments } from './merge.ts';
import { removedIn, searchDir, segmentName, type Manifest } from './manifest.ts';
import { SegmentReader } from './segment-file.ts';
import { indexedText } from './match.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';

/** A writer merges the newest segments itself when MERGE_FACTOR of them together weigh less than this. */
const SMALL_TAIL_BYTES = 4 << 20;

/**
 * Commits the changed articles (by id: what the store holds now) to the index on disk, the
 * caller holding the archive's lock. Returns the bytes written.
 */
export async function appendStoreChanges(store: SearchableStore, ids: Iterable<string>): Promise<number> {
  const part = new MemoryPart();
  const changed: string[] = [];
  for (const id of new Set(ids)) {
    changed.push(id);
    const meta = store.summary(id);
    const body = meta ? await searchableBody(store, id).catch(() => null) : null;
    // An article whose body cannot be read is not indexed (as when the index reads it itself).
    if (meta && body) part.add(id, indexedText(meta, body.paragraphs));
  }
  if (changed.length === 0) return 0;
  const fold = foldTables().version;
  const done = await commitChanges(store.dir, fold, { parts: [part], removed: changed, pause: () => null });
  if (!done) return 0;
  return done.written + (await mergeSmallTail(store.dir, fold, done.manifest));
}

/**
 * Merges the newest MERGE_FACTOR segments when they are all small, so a run of imports by a
 * process that never loads the index (the CLI) does not leave a long tail of tiny segments for
 * every search to open. Removals are all kept (the older segments are not read). Returns the
 * bytes written.
 */
async function mergeSmallTail(dir: string, fold: string, manifest: Manifest): Promise<number> {
  const tail = manifest.segments.slice(-MERGE_FACTOR);
  if (tail.length < MERGE_FACTOR || tail.reduce((sum, s) => sum + s.bytes, 0) > SMALL_TAIL_BYTES) return 0;
  const readers: SegmentReader[] = [];
  const name = segmentName(Math.max(...tail.map((s) => s.seq)));
  const path = join(searchDir(dir), name);
  try {
    for (const entry of tail) readers.push(await SegmentReader.open(join(searchDir(dir), entry.name), fold));
    const inputs = readers.map((reader, k) => ({ reader, alive: reader.docs.alive.map((live, n) => (live && !removedIn(manifest, reader.docs.ids.at(n)!, tail[k]!.seq) ? 1 : 0)) }));
    const merged = await mergeSegments(inputs, path, fold, () => null);
    const entry = { name, seq: Math.max(...tail.map((s) => s.seq)), docs: merged.docs.ids.length, bytes: merged.written };
    const done = await commitMerge(dir, tail.map((s) => s.name), entry, () => true);
    if (!done) {
      await rm(path, { force: true });
      return merged.written;
    }
    return merged.written + done.written;
  } finally {
    for (const reader of readers) await reader.close();
  }
}
