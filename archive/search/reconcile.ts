/**
 * Checking the index against the store (at open, and when a rebuild starts): documents the store
 * no longer has are dropped, each other's date is noted (ranking reads the date of every match),
 * and the articles the index lacks are found. The index's documents are walked by number, so no
 * id is looked up in every segment; the store is read whole only when it holds articles the
 * index lacks. Works in slices, yielding to the event loop between them.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { IndexContents } from './contents.ts';
import type { SearchableStore } from './searchable.ts';

/** What reconciling found: whether something was dropped, and the ids to index (not yet in `queued`). */
export interface Reconciled {
  dropped: boolean;
  missing: string[];
}

export async function reconcile(contents: IndexContents, store: SearchableStore, queued: ReadonlySet<string>, sliceMs: number): Promise<Reconciled> {
  let sliceStart = performance.now();
  const pause = (): Promise<void> | null => (performance.now() - sliceStart <= sliceMs ? null : yieldToLoop().then(() => void (sliceStart = performance.now())));
  const table = contents.table;
  let dropped = false;
  let found = 0;
  for (let n = 0; n < table.size; n++) {
    if ((n & 1023) === 0) await pause();
    if (contents.table !== table) {
      found = -1; // numbered anew meanwhile: the store is read whole below
      break;
    }
    if (!table.alive[n]) continue;
    const id = table.id(n);
    const meta = store.summary(id);
    if (meta) {
      table.recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
      found++;
    } else {
      contents.drop(id);
      dropped = true;
    }
  }
  // The articles the index lacks: none when it holds as many as the store has.
  const missing: string[] = [];
  let articles = 0;
  for (const _ of store.summaries()) articles++;
  if (found !== articles) {
    const seen = new Set<string>();
    for (const meta of [...store.summaries()]) {
      await pause();
      if (!queued.has(meta.id) && !seen.has(meta.id) && !contents.has(meta.id)) {
        seen.add(meta.id);
        missing.push(meta.id);
      }
    }
  }
  return { dropped, missing };
}
