/**
 * Keeping the index on disk current from a writer that has not loaded it (the CLI's import, or
 * the app before its first search): the articles a write changed are indexed from the store's
 * records into one new small segment, committed with a manifest that drops their older copies
 * (or the removed articles) from the segments before it. Nothing already on disk is read.
 */
import { foldTables } from './fold.ts';
import { MemoryPart } from './memory-part.ts';
import { commitChanges } from './commit.ts';
import { indexedText } from './match.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';

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
  const done = await commitChanges(store.dir, foldTables().version, { parts: [part], removed: changed, pause: () => null });
  return done?.written ?? 0;
}
