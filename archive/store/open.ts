/**
 * Opening an archive, up to its catalog in memory: the folder and its lock, reading catalog.json
 * or recovering a damaged or missing one from the newest good backup (and re-adopting the bodies
 * it lost), replaying the journals written since, and keeping the rotating backups of the catalog
 * and its provenance shards.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Low } from 'lowdb';
import { APP_NAME } from '../version.ts';
import { CatalogFile, CorruptCatalogError, PROVENANCE_SHARDS, provenanceDir } from './catalog-file.ts';
import { isCode, sha256 } from './durable.ts';
import { ArchiveError } from './errors.ts';
import { journalGens, journalPath, readJournal, type JournalOp } from './journal.ts';
import { acquireLock, type ArchiveLock } from './lock.ts';
import { originalRelPath, type BodyFile } from './records.ts';
import { emptyCatalog, type CatalogData } from './schema.ts';

/**
 * For a writer, creates the archive's folders and takes its lock (a stale lock taken over is a
 * notice); for a reader, only checks that the folder is there.
 */
export async function prepareArchiveDir(dir: string, readOnly: boolean, notices: string[]): Promise<ArchiveLock | null> {
  if (readOnly) {
    const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!exists) throw new ArchiveError('not-found', `no archive at ${dir}`);
    return null;
  }
  for (const sub of ['', 'articles', 'originals', 'assets', 'backups']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  const lock = await acquireLock(dir, APP_NAME);
  if (lock.staleNotice) notices.push(lock.staleNotice);
  return lock;
}

/**
 * Reads catalog.json into `db`. A writer recovers a damaged catalog, or a missing one while body
 * files exist, from the newest good backup; a reader is refused a damaged one.
 */
export async function readCatalog(db: Low<CatalogData>, dir: string, readOnly: boolean, notices: string[]): Promise<{ recovered: boolean; catalogPresent: boolean }> {
  let recovered = false;
  let catalogPresent = true;
  try {
    await db.read();
    catalogPresent = await stat(join(dir, 'catalog.json')).then(() => true, () => false);
  } catch (error) {
    if (!(error instanceof CorruptCatalogError)) throw error;
    if (readOnly) {
      throw new ArchiveError('unusable', `catalog.json in ${dir} is damaged (${error.message}); open the archive for writing to recover it from a backup`);
    }
    db.data = await recoverFromBackup(dir, error.message, notices);
    recovered = true;
  }
  if (!recovered && !catalogPresent && !readOnly && (await hasBodies(dir))) {
    db.data = await recoverFromBackup(dir, 'it is missing', notices);
    recovered = true;
  }
  return { recovered, catalogPresent };
}

/** Whether the archive holds any body files (a missing catalog then means a lost one). */
async function hasBodies(dir: string): Promise<boolean> {
  const shards = await readdir(join(dir, 'articles')).catch(() => [] as string[]);
  return shards.length > 0;
}

/** Moves a damaged catalog aside and returns the newest backup that parses (or an empty catalog). */
async function recoverFromBackup(dir: string, reason: string, notices: string[]): Promise<CatalogData> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const catalogPath = join(dir, 'catalog.json');
  let aside: string | null = null;
  if (await stat(catalogPath).then(() => true, () => false)) {
    aside = `catalog.damaged-${stamp}.json`;
    await rename(catalogPath, join(dir, aside));
  }
  const backups = (await readdir(join(dir, 'backups')).catch(() => [] as string[]))
    .filter((n) => /^catalog-.*\.json$/.test(n))
    .sort()
    .reverse();
  let recovered: CatalogData | null = null;
  let used: string | null = null;
  for (const name of backups) {
    try {
      const data = await new CatalogFile(join(dir, 'backups', name)).read();
      if (data) {
        recovered = data;
        used = name;
        break;
      }
    } catch {
      // A damaged backup: try the next older one.
    }
  }
  notices.push(
    `catalog.json could not be read (${reason})` +
      (aside ? `; it was kept as ${aside}` : '') +
      (used ? `; the archive was opened from backups/${used}` : '; no usable backup was found') +
      ', and articles whose files are intact were recovered from them',
  );
  return recovered ?? emptyCatalog();
}

/**
 * Replays the journals from generation `fromGen` on through `apply`; returns how many ops were
 * applied. A journal with damaged lines is reported to `onDamage`, its other lines still applied.
 */
export async function replayJournals(dir: string, fromGen: number, apply: (op: JournalOp) => void, onDamage: (message: string) => void): Promise<number> {
  let applied = 0;
  for (const gen of await journalGens(dir)) {
    if (gen < fromGen) continue;
    const read = await readJournal(journalPath(dir, gen));
    for (const op of read.ops) apply(op);
    applied += read.ops.length;
    if (read.damagedLines > 0) onDamage(`journal-${gen}: ${read.damagedLines} damaged line(s) skipped`);
  }
  return applied;
}

/** After a catalog was lost: every body file not in `data` whose files check out is re-adopted. */
export async function readoptBodies(dir: string, data: CatalogData, notices: string[]): Promise<void> {
  let adopted = 0;
  for (const shard of await readdir(join(dir, 'articles')).catch(() => [] as string[])) {
    for (const name of await readdir(join(dir, 'articles', shard)).catch(() => [] as string[])) {
      const id = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || data.articles[id]) continue;
      try {
        const text = await readFile(join(dir, 'articles', shard, name), 'utf8');
        const body = JSON.parse(text) as BodyFile;
        if (body.id !== id || !body.recovery) continue;
        const originalsThere = await Promise.all(
          body.recovery.captures.map((c) => stat(join(dir, originalRelPath(c))).then(() => true, () => false)),
        );
        if (!originalsThere.every(Boolean)) continue;
        data.articles[id] = { ...body.recovery, bodySha256: sha256(text) };
        adopted++;
      } catch {
        // Not a body we wrote, or damaged: verify reports it as an orphan.
      }
    }
  }
  if (adopted > 0) notices.push(`${adopted} article(s) were recovered from their files`);
}

/**
 * Copies catalog.json (after its provenance shards) into backups/ unless the newest backup is
 * already this catalog, and keeps the newest `keep`. A failure is a notice, never an error.
 */
export async function backupCatalog(dir: string, keep: number, notices: string[]): Promise<void> {
  const source = join(dir, 'catalog.json');
  const backups = join(dir, 'backups');
  try {
    const names = (await readdir(backups)).filter((n) => /^catalog-.*\.json$/.test(n)).sort();
    const newest = names.at(-1);
    const current = await stat(source);
    if (newest) {
      const last = await stat(join(backups, newest));
      if (last.size === current.size && last.mtimeMs >= current.mtimeMs) return;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // Provenance first: a backup catalog never lacks the provenance written with it.
    const shards = join(backups, `provenance-${stamp}`);
    await mkdir(shards, { recursive: true });
    for (const shard of PROVENANCE_SHARDS) {
      await copyFile(join(provenanceDir(source), `${shard}.json`), join(shards, `${shard}.json`)).catch((error: unknown) => {
        if (!isCode(error, 'ENOENT')) throw error;
      });
    }
    await copyFile(source, join(backups, `catalog-${stamp}.json`)).catch(async (error: unknown) => {
      // A copy cut short (a full disk) must not stand as the newest backup.
      await unlink(join(backups, `catalog-${stamp}.json`)).catch(() => undefined);
      throw error;
    });
    names.push(`catalog-${stamp}.json`);
    for (const old of names.slice(0, Math.max(0, names.length - keep))) {
      await unlink(join(backups, old)).catch(() => undefined);
      await rm(provenanceDir(join(backups, old)), { recursive: true, force: true });
    }
  } catch (error) {
    notices.push(`the catalog could not be backed up: ${(error as Error).message}`);
  }
}
