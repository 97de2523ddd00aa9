/**
 * Commits restored catalog records the way the store itself does: one journal generation of
 * `put` (and `state`) lines, appended and fsynced under the archive lock after every file they
 * refer to is on disk. The next open replays it. Used until ArchiveStore gains a method that
 * takes fully-formed records (see the report for its signature); the store must be closed.
 */
import { join } from 'node:path';
import { readCatalogFiles } from '../store/catalog-file.ts';
import { ArchiveError } from '../store/errors.ts';
import { journalGens, journalPath, JournalWriter, readJournal } from '../store/journal.ts';
import { acquireLock } from '../store/lock.ts';
import { restoredOps } from '../store/writes.ts';
import { APP_NAME } from '../version.ts';
import type { BackupRecord } from './manifest.ts';

async function catalogState(dir: string): Promise<{ journalGen: number; ids: Set<string> }> {
  let journalGen = 0;
  const ids = new Set<string>();
  // The manifest and its shards (or an older single-file catalog).
  const data = await readCatalogFiles(join(dir, 'catalog.json'));
  if (data) {
    journalGen = data.journalGen ?? 0;
    for (const id of Object.keys(data.articles)) ids.add(id);
  }
  for (const gen of await journalGens(dir)) {
    if (gen < journalGen) continue;
    for (const op of (await readJournal(journalPath(dir, gen))).ops) {
      if (op.op === 'put') ids.add(op.meta.id);
      else if (op.op === 'del') ids.delete(op.id);
    }
  }
  return { journalGen, ids };
}

/**
 * Appends the records as a new journal generation, under the lock; a record whose id appeared in
 * the archive since the restore was planned is left out and returned, never overwritten.
 */
export async function commitRestoredRecords(dir: string, records: BackupRecord[]): Promise<{ committed: string[]; appeared: string[] }> {
  const lock = await acquireLock(dir, APP_NAME);
  try {
    const { journalGen, ids } = await catalogState(dir);
    const appeared = records.filter((r) => ids.has(r.meta.id)).map((r) => r.meta.id);
    const fresh = records.filter((r) => !ids.has(r.meta.id));
    if (fresh.length === 0) return { committed: [], appeared };
    const gens = await journalGens(dir);
    const gen = Math.max(journalGen, ...gens.map((g) => g + 1));
    const ops = restoredOps(fresh);
    const journal = await JournalWriter.open(dir, gen);
    try {
      await journal.append(ops, true);
    } finally {
      await journal.close();
    }
    return { committed: fresh.map((r) => r.meta.id), appeared };
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('unusable', `restore could not commit its records: ${(error as Error).message}`);
  } finally {
    await lock.release();
  }
}
