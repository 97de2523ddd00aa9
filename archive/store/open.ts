/**
 * Opening an archive, up to its catalog's manifest: the folder and its lock, reading catalog.json
 * or recovering a damaged or missing one from the newest good backup (and re-adopting the bodies
 * it lost), reading the journals written since, and keeping the rotating backups of the manifest
 * and its shards.
 */
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_NAME } from '../version.ts';
import { CorruptCatalogError, provenanceDir, readCatalogFiles, readCatalogJson, summaryDir, type CatalogManifest } from './catalog-file.ts';
import { isCode } from './durable.ts';
import { ArchiveError } from './errors.ts';
import { journalGens, journalPath, readJournal, type JournalOp } from './journal.ts';
import { acquireLock, type ArchiveLock } from './lock.ts';
import { readoptShardSync } from './records.ts';
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

/** What opening found in catalog.json. */
export interface OpenedCatalog {
  /** The catalog; its articles are empty while `manifest` says they are in shards not read yet. */
  data: CatalogData;
  /** The manifest, when the articles are in shards on disk. */
  manifest: CatalogManifest | null;
  /** A catalog of schema version 2 or older, all in one file: migrated at the first open for writing. */
  legacy: boolean;
  recovered: boolean;
  catalogPresent: boolean;
}

/**
 * Reads catalog.json (the manifest only, or an old single-file catalog whole). A writer recovers
 * a damaged catalog, or a missing one while body files exist, from the newest good backup; a
 * reader is refused a damaged one.
 */
export async function readCatalog(dir: string, readOnly: boolean, notices: string[]): Promise<OpenedCatalog> {
  const path = join(dir, 'catalog.json');
  let damage: string | null = null;
  try {
    const read = await readCatalogJson(path);
    if (read?.kind === 'manifest') {
      const { shards: _shards, head: _head, ...rest } = read.manifest;
      return { data: { ...rest, articles: {} }, manifest: read.manifest, legacy: false, recovered: false, catalogPresent: true };
    }
    if (read?.kind === 'legacy') return { data: read.data, manifest: null, legacy: true, recovered: false, catalogPresent: true };
  } catch (error) {
    if (!(error instanceof CorruptCatalogError)) throw error;
    if (readOnly) {
      throw new ArchiveError('unusable', `catalog.json in ${dir} is damaged (${error.message}); open the archive for writing to recover it from a backup`);
    }
    damage = error.message;
  }
  if (damage === null && (readOnly || !(await hasBodies(dir)))) {
    return { data: emptyCatalog(), manifest: null, legacy: false, recovered: false, catalogPresent: false };
  }
  const data = await recoverFromBackup(dir, damage ?? 'it is missing', notices);
  return { data, manifest: null, legacy: false, recovered: true, catalogPresent: damage !== null };
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
      const data = await readCatalogFiles(join(dir, 'backups', name));
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
 * The ops of the journals from generation `fromGen` on, in order. A journal with damaged lines is
 * reported to `onDamage`, its other lines still read.
 */
export async function readJournalOps(dir: string, fromGen: number, onDamage: (message: string) => void): Promise<JournalOp[]> {
  const ops: JournalOp[] = [];
  for (const gen of await journalGens(dir)) {
    if (gen < fromGen) continue;
    const read = await readJournal(journalPath(dir, gen));
    for (const op of read.ops) ops.push(op);
    if (read.damagedLines > 0) onDamage(`journal-${gen}: ${read.damagedLines} damaged line(s) skipped`);
  }
  return ops;
}

/** After a catalog was lost: every body file not in `data` whose files check out is re-adopted. */
export async function readoptBodies(dir: string, data: CatalogData, notices: string[]): Promise<void> {
  let adopted = 0;
  for (const prefix of await readdir(join(dir, 'articles')).catch(() => [] as string[])) adopted += readoptShardSync(dir, prefix, data.articles);
  if (adopted > 0) notices.push(`${adopted} article(s) were recovered from their files`);
}

/** Where a backup folder notes which live file each of its copies was taken from. */
const SOURCES = 'sources.json';

/**
 * Copies every shard file of `from` into `to`. A shard the newest backup (`previous`) already
 * copied from the same live file (same inode, size and mtime: shards are replaced by rename,
 * never changed in place) is hard-linked to that copy instead, so a backup costs the shards that
 * changed since the last one, and each copy stays apart from the live file.
 */
async function keepShards(from: string, to: string, previous: string | null): Promise<void> {
  const names = await readdir(from).catch((error: unknown) => {
    if (isCode(error, 'ENOENT')) return [] as string[];
    throw error;
  });
  await mkdir(to, { recursive: true });
  const before = previous ? ((await readFile(join(previous, SOURCES), 'utf8').then(JSON.parse, () => ({}))) as Record<string, string>) : {};
  const sources: Record<string, string> = {};
  for (const name of names.filter((n) => /^[0-9a-f]{1,2}\.json$/.test(n))) {
    const live = await stat(join(from, name)).catch(() => null);
    if (!live) continue;
    const key = `${live.ino}:${live.size}:${live.mtimeMs}`;
    const linked = previous && before[name] === key ? await link(join(previous, name), join(to, name)).then(() => true, () => false) : false;
    if (!linked) await copyFile(join(from, name), join(to, name));
    sources[name] = key;
  }
  await writeFile(join(to, SOURCES), JSON.stringify(sources));
}

/**
 * Copies catalog.json (after its shards) into backups/ unless the newest backup is
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
    // The shards first: a backup manifest never lacks the shards written with it.
    const last = newest ? join(backups, newest) : null;
    await keepShards(provenanceDir(source), provenanceDir(join(backups, `catalog-${stamp}.json`)), last && provenanceDir(last));
    await keepShards(summaryDir(source), summaryDir(join(backups, `catalog-${stamp}.json`)), last && summaryDir(last));
    await copyFile(source, join(backups, `catalog-${stamp}.json`)).catch(async (error: unknown) => {
      // A copy cut short (a full disk) must not stand as the newest backup.
      await unlink(join(backups, `catalog-${stamp}.json`)).catch(() => undefined);
      throw error;
    });
    names.push(`catalog-${stamp}.json`);
    for (const old of names.slice(0, Math.max(0, names.length - keep))) {
      await unlink(join(backups, old)).catch(() => undefined);
      await rm(provenanceDir(join(backups, old)), { recursive: true, force: true });
      await rm(summaryDir(join(backups, old)), { recursive: true, force: true });
    }
  } catch (error) {
    notices.push(`the catalog could not be backed up: ${(error as Error).message}`);
  }
}
