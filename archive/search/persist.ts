/**
 * Keeping the index on disk current from a writer that has not loaded it (the CLI's import, or
 * the app before its first search): the articles a write changed go into the delta log as their
 * text or as removals, read from the store, never from the base index.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendDeltaRecords, declareOutOfDate, deltaPath, withDeltaLog, type DeltaRecord } from './delta-log.ts';
import { indexedText } from './match.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';

/** A log past this share of the base (or past the floor) is folded into a new base by a process that has it loaded. */
export const COMPACT_SHARE = 1 / 32;
export const COMPACT_FLOOR = 1 << 20;
/**
 * A log is not grown past this share of the base (or the floor): a change that large (a bulk
 * import) declares the base out of date instead, and the next process that loads the index
 * rebuilds it from the body files, which costs about what replaying that much log would.
 */
const CAP_SHARE = 1 / 4;
const CAP_FLOOR = 32 << 20;

export function indexPath(dir: string): string {
  return join(dir, 'search', 'index.bin');
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

/** Whether the log has grown enough, next to its base, for a compaction to pay. */
export async function compactionDue(path: string): Promise<boolean> {
  const [base, log] = await Promise.all([sizeOf(path), sizeOf(deltaPath(path))]);
  return log > Math.max(COMPACT_FLOOR, base * COMPACT_SHARE);
}

/**
 * Appends the changed articles (by id: what the store holds now) to the index's delta log, the
 * caller holding the archive's lock. Returns the bytes written.
 */
export async function appendStoreChanges(store: SearchableStore, ids: Iterable<string>): Promise<number> {
  const records: DeltaRecord[] = [];
  let bytes = 0;
  for (const id of ids) {
    const meta = store.summary(id);
    const body = meta ? await searchableBody(store, id).catch(() => null) : null;
    // An article whose body cannot be read is not indexed (as when the index reads it itself).
    const text = meta && body ? indexedText(meta, body.paragraphs) : null;
    records.push({ id, text });
    bytes += 16 + id.length + (text?.length ?? 0) * 3;
  }
  if (records.length === 0) return 0;
  const path = indexPath(store.dir);
  return withDeltaLog(path, async () => {
    const [base, log] = await Promise.all([sizeOf(path), sizeOf(deltaPath(path))]);
    if (log + bytes > Math.max(CAP_FLOOR, base * CAP_SHARE)) return declareOutOfDate(path);
    return (await appendDeltaRecords(path, records)).written;
  });
}
