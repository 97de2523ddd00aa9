/**
 * Checking the index against the store (at open, and when a rebuild starts): documents the store
 * no longer has are dropped, each other's date is noted (ranking reads the date of every match),
 * and the articles the index lacks are found. The index's documents are walked by number, so no
 * id is looked up in every segment; a store that can is asked for dates and ids rather than
 * whole records (a million of them at open). Works in slices, yielding to the event loop between them.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { IndexContents } from './contents.ts';
import type { SearchableStore } from './searchable.ts';

/** What reconciling found: whether something was dropped, and the ids to index (not yet in `queued`). */
export interface Reconciled {
  dropped: boolean;
  missing: string[];
}

function dateOfSummary(meta: { publishedAt: string | null; importedAt: string } | undefined): string | undefined {
  return meta ? (meta.publishedAt ?? meta.importedAt) : undefined;
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
    const date = store.dateOf ? store.dateOf(id) : dateOfSummary(store.summary(id));
    if (date !== undefined) {
      table.recency[n] = Date.parse(date) || 0;
      found++;
    } else {
      contents.drop(id);
      dropped = true;
    }
  }
  // The articles the index lacks: none when it holds as many as the store has.
  const missing: string[] = [];
  let articles = store.size ?? -1;
  if (articles < 0) {
    articles = 0;
    for (const _ of store.summaries()) articles++;
  }
  if (found !== articles) {
    const seen = new Set<string>();
    const ids = store.ids ? [...store.ids()] : [...store.summaries()].map((meta) => meta.id);
    for (const id of ids) {
      await pause();
      if (!queued.has(id) && !seen.has(id) && !contents.has(id)) {
        seen.add(id);
        missing.push(id);
      }
    }
  }
  return { dropped, missing };
}
