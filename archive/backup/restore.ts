/**
 * `restore`: reads a backup twice. The first pass checks everything (the manifest against its own
 * checksum, every entry against the manifest, every record, body and asset against the schema the
 * store writes (contents.ts), every record against the files) and touches nothing; the second writes the files the target lacks (temp file, fsync, rename); only then are
 * the records committed. Merging is by id: an article already there is never overwritten, and a
 * different one under the same id is reported as a conflict.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, stat, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { sha256, syncDir } from '../store/durable.ts';
import { ArchiveError } from '../store/errors.ts';
import { ArchiveStore } from '../store/store.ts';
import { commitRestoredRecords } from './commit.ts';
import { argumentChecks } from '../contract.ts';
import { DEFAULT_SETTINGS, type ArticleMeta, type Settings } from '../model.ts';
import { contentCheck, parseRecords, referencedFiles } from './contents.ts';
import {
  assetEntryPath,
  bodyEntryPath,
  MANIFEST_NAME,
  MANIFEST_SUM_NAME,
  manifestProblem,
  originalEntryPath,
  RECORDS_NAME,
  SETTINGS_NAME,
  type BackupManifest,
  type BackupRecord,
  type ManifestEntry,
} from './manifest.ts';
import { scanTar, TarFormatError, type TarEntrySink } from './tar.ts';

/** A backup that fails its checks: nothing was changed. */
export class BadBackupError extends ArchiveError {
  constructor(file: string, detail: string) {
    super('invalid', `${file} cannot be restored: ${detail}; nothing was changed`);
    this.name = 'BadBackupError';
  }
}

/** A backup that passed every check. */
export interface CheckedBackup {
  manifest: BackupManifest;
  records: BackupRecord[];
  bytes: number;
  /** The reader's preferences saved with the archive (those this version knows), or null. */
  settings: Partial<Settings> | null;
}

export interface RestoreConflict {
  id: string;
  title: string;
  reason: string;
}

export interface RestoreResult {
  /** Articles added to the archive. */
  articles: number;
  /** Size of the backup file. */
  bytes: number;
  /** Articles already there, identical. */
  unchanged: number;
  conflicts: RestoreConflict[];
  /** Files written into the archive (bodies, originals, assets it lacked). */
  filesWritten: number;
  /**
   * True when the backup's preferences (script, font size, theme …) were taken: only into an
   * archive that had no articles and untouched preferences, so nobody's own choices are replaced.
   */
  settingsRestored: boolean;
}

export interface RestoreOptions {
  /** Called per pass as the backup is read: `pass` 1 checks, 2 writes. */
  onProgress?: (pass: 1 | 2, bytesDone: number, bytesTotal: number) => void;
}

/**
 * The store method restore uses when the store has it (asked of ArchiveStore): adds records whose
 * files are already in place, skipping ids that exist, in one durable journal append, updating the
 * store's indexes and emitting 'added'. Without it, restore commits the records itself (commit.ts).
 */
export interface RestoringStore {
  restoreArticles(records: BackupRecord[]): Promise<{ added: string[]; existing: string[] }>;
}

const MAX_MANIFEST = 512 * 1024 * 1024;

function collector(limit: number, what: string): TarEntrySink & { bytes(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let size = 0;
  return {
    write(chunk) {
      size += chunk.length;
      if (size > limit) throw new Error(`${what} is larger than ${limit} bytes`);
      parts.push(Uint8Array.from(chunk));
    },
    end() {},
    bytes() {
      const out = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
  };
}

/** Reads the whole backup once and checks every byte of it; throws BadBackupError, changes nothing. */
export async function checkBackup(file: string, options: RestoreOptions = {}): Promise<CheckedBackup> {
  const total = await stat(file).then((s) => s.size, () => {
    throw new ArchiveError('not-found', `no backup file at ${file}`);
  });
  let index = 0;
  let manifestSink: ReturnType<typeof collector> | null = null;
  let manifest: BackupManifest | null = null;
  let entries = new Map<string, ManifestEntry>();
  const seen = new Set<string>();
  let records: BackupRecord[] | null = null;
  let owners = new Map<string, ArticleMeta>();
  let settingsBytes: Uint8Array | null = null;
  const fail = (detail: string): never => {
    throw new BadBackupError(file, detail);
  };

  try {
    await scanTar(
      file,
      (entry) => {
        const at = index++;
        if (at === 0) {
          if (entry.name !== MANIFEST_NAME) fail(`it does not start with ${MANIFEST_NAME} (found ${entry.name}); it is not a backup of this app`);
          manifestSink = collector(MAX_MANIFEST, MANIFEST_NAME);
          return manifestSink;
        }
        if (at === 1) {
          if (entry.name !== MANIFEST_SUM_NAME) fail(`${MANIFEST_SUM_NAME} is missing`);
          const sum = collector(4096, MANIFEST_SUM_NAME);
          return {
            write: (chunk) => sum.write(chunk),
            end() {
              const manifestBytes = manifestSink!.bytes();
              // The whole line, not just its hash: every byte of a backup is checked.
              const line = new TextDecoder().decode(sum.bytes());
              if (line !== `${sha256(manifestBytes)}  ${MANIFEST_NAME}\n`) fail(`${MANIFEST_NAME} does not match its checksum (the backup is damaged)`);
              let parsed: unknown;
              try {
                parsed = JSON.parse(new TextDecoder().decode(manifestBytes));
              } catch {
                fail(`${MANIFEST_NAME} is not JSON`);
              }
              const problem = manifestProblem(parsed);
              if (problem) fail(problem);
              manifest = parsed as BackupManifest;
              entries = new Map(manifest.entries.map((e) => [e.path, e]));
            },
          };
        }
        const listed = entries.get(entry.name);
        if (!listed) fail(`${entry.name} (at byte ${entry.offset}) is not in the manifest`);
        if (seen.has(entry.name)) fail(`${entry.name} appears twice`);
        seen.add(entry.name);
        if (listed!.size !== entry.size) fail(`${entry.name} is ${entry.size} bytes, the manifest says ${listed!.size}`);
        const hash = createHash('sha256');
        const keep =
          entry.name === RECORDS_NAME ? collector(Number.MAX_SAFE_INTEGER, RECORDS_NAME) : entry.name === SETTINGS_NAME ? collector(1 << 20, SETTINGS_NAME) : null;
        // Files come after the records (as backups are written), so each is checked against its record as it passes.
        let content: TarEntrySink | null = null;
        if (!keep) {
          if (!records) fail(`${entry.name} comes before ${RECORDS_NAME}; a backup of this app lists the records first`);
          const owner = owners.get(entry.name);
          if (!owner) fail(`${entry.name} belongs to no article in ${RECORDS_NAME}`);
          content = contentCheck(entry.name, owner!, fail);
        }
        return {
          write(chunk) {
            hash.update(chunk);
            keep?.write(chunk);
            content?.write(chunk);
          },
          end() {
            if (hash.digest('hex') !== listed!.sha256) fail(`${entry.name} (at byte ${entry.offset}) does not match its checksum`);
            if (entry.name === RECORDS_NAME) {
              records = parseRecords(keep!.bytes(), fail);
              owners = referencedFiles(records);
            } else if (keep) settingsBytes = keep.bytes();
            else content?.end();
          },
        };
      },
      (done) => options.onProgress?.(1, done, total),
    );
  } catch (error) {
    if (error instanceof TarFormatError) fail(error.message);
    throw error;
  }
  if (!manifest) fail('it holds no manifest');
  const m = manifest as unknown as BackupManifest;
  const missing = m.entries.filter((e) => !seen.has(e.path));
  if (missing.length > 0) fail(`${missing.length} file(s) in the manifest are missing from it, e.g. ${missing[0]!.path}`);
  if (!records) fail(`${RECORDS_NAME} is missing`);
  const checked = records as unknown as BackupRecord[];
  if (checked.length !== m.articles) fail(`the manifest counts ${m.articles} articles, ${RECORDS_NAME} holds ${checked.length}`);
  for (const r of checked) {
    const body = entries.get(bodyEntryPath(r.meta.id));
    if (!body) fail(`the body of ${r.meta.id} is not in it`);
    if (body!.sha256 !== r.meta.bodySha256) fail(`the body of ${r.meta.id} does not match its record`);
    for (const c of r.meta.captures) if (!entries.has(originalEntryPath(c.sha256, c.ext))) fail(`an original of ${r.meta.id} is not in it`);
    for (const a of r.meta.assets) if (!entries.has(assetEntryPath(a))) fail(`an image of ${r.meta.id} is not in it`);
  }
  return { manifest: m, records: checked, bytes: total, settings: settingsBytes ? knownSettings(settingsBytes) : null };
}

/**
 * The preferences in a backup's settings.json that this version knows and accepts, each checked
 * as the window's own changes are; one from a newer version (or out of range) is left out.
 */
function knownSettings(bytes: Uint8Array): Partial<Settings> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === undefined) continue;
    try {
      Object.assign(out, argumentChecks.updateSettings({ [key]: value }, 'settings'));
    } catch {
      // Not a value this version accepts: the archive keeps its own.
    }
  }
  return Object.keys(out).length > 0 ? (out as Partial<Settings>) : null;
}

/** True when the file at `path` is there with this size (content-addressed: the name is its checksum). */
async function present(path: string, size: number): Promise<boolean> {
  return stat(path).then((s) => s.isFile() && s.size === size, () => false);
}

/** Second pass: streams the files the archive lacks into place, each checked again as it lands. */
async function writeFiles(dir: string, file: string, needed: Map<string, ManifestEntry>, total: number, options: RestoreOptions): Promise<number> {
  const folders = new Set<string>();
  let written = 0;
  await scanTar(
    file,
    async (entry) => {
      const want = needed.get(entry.name);
      if (!want) return null;
      const target = join(dir, ...entry.name.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      const handle: FileHandle = await open(temp, 'wx');
      const hash = createHash('sha256');
      return {
        async write(chunk) {
          hash.update(chunk);
          await handle.write(chunk);
        },
        async end() {
          await handle.sync();
          await handle.close();
          if (hash.digest('hex') !== want.sha256) {
            await unlink(temp).catch(() => undefined);
            throw new ArchiveError('invalid', `${file} changed while it was restored (${entry.name} no longer matches); nothing was committed`);
          }
          await rename(temp, target);
          folders.add(dirname(target));
          written++;
        },
      };
    },
    (done) => options.onProgress?.(2, done, total),
  );
  for (const folder of folders) await syncDir(folder);
  return written;
}

/**
 * Restores `file` into the archive in `dir` (created when absent). The whole backup is checked
 * before anything is written; files go first and the records are committed last.
 */
export async function restoreBackup(dir: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const checked = await checkBackup(file, options);
  const store = await ArchiveStore.open(dir);
  try {
    return await mergeBackup(store, dir, file, checked, options);
  } finally {
    await store.close();
  }
}

/** In the app, where the store is open: the same restore, committed through the store itself. */
export async function restoreIntoStore(store: ArchiveStore, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  if (!('restoreArticles' in store)) throw new ArchiveError('unusable', 'this store cannot take restored articles while it is open (ArchiveStore.restoreArticles is missing)');
  return mergeBackup(store, store.dir, file, await checkBackup(file, options), options);
}

/** Merges a checked backup by id: plans, writes the files the archive lacks, commits the records. */
async function mergeBackup(store: ArchiveStore, dir: string, file: string, checked: CheckedBackup, options: RestoreOptions): Promise<RestoreResult> {
  const entries = new Map(checked.manifest.entries.map((e) => [e.path, e]));
  const conflicts: RestoreConflict[] = [];
  const fresh: BackupRecord[] = [];
  let unchanged = 0;
  const needed = new Map<string, ManifestEntry>();
  for (const record of checked.records) {
    const { meta } = record;
    const existing = store.get(meta.id);
    if (existing) {
      if (isDeepStrictEqual(existing, meta)) unchanged++;
      else conflicts.push({ id: meta.id, title: meta.title, reason: existing.bodySha256 === meta.bodySha256 ? 'the archive has this article with other details (title, tags or captures); kept as it is' : `the archive has a different article under this id ("${existing.title}"); kept as it is` });
      continue;
    }
    const owner = meta.captures.map((c) => store.findByOriginal(c.sha256)).find((o) => o !== undefined);
    if (owner) {
      conflicts.push({ id: meta.id, title: meta.title, reason: `its original is already a capture of article ${owner}; kept as it is` });
      continue;
    }
    fresh.push(record);
    const paths = [bodyEntryPath(meta.id), ...meta.captures.map((c) => originalEntryPath(c.sha256, c.ext)), ...meta.assets.map(assetEntryPath)];
    for (const path of paths) {
      const entry = entries.get(path)!;
      const isBody = path.startsWith('articles/');
      // A body file not in the catalog is an orphan and may be replaced; content-addressed files that are there are kept.
      if (!isBody && (await present(join(dir, ...path.split('/')), entry.size))) continue;
      needed.set(path, entry);
    }
  }
  let filesWritten = 0;
  let added = 0;
  // A new or empty archive at the default preferences takes the backup's; any other keeps its own.
  const takeSettings = checked.settings !== null && store.size === 0 && isDeepStrictEqual(store.getSettings(), DEFAULT_SETTINGS);
  if (fresh.length > 0) {
    filesWritten = await writeFiles(dir, file, needed, checked.bytes, options);
    if (takeSettings) await store.updateSettings(checked.settings!);
    const title = (id: string): string => fresh.find((r) => r.meta.id === id)?.meta.title ?? id;
    const restoreArticles = (store as ArchiveStore & Partial<RestoringStore>).restoreArticles;
    if (restoreArticles) {
      const { added: ids, existing } = await restoreArticles.call(store, fresh);
      added = ids.length;
      for (const id of existing) conflicts.push({ id, title: title(id), reason: 'added to the archive during the restore; kept as it is' });
    } else {
      // Until the store takes restored records itself: they are committed as a journal over the catalog.
      if (!(await stat(join(dir, 'catalog.json')).then(() => true, () => false))) await store.compact();
      await store.close();
      const { committed, appeared } = await commitRestoredRecords(dir, fresh);
      added = committed.length;
      for (const id of appeared) conflicts.push({ id, title: title(id), reason: 'another process added this id during the restore; kept as it is' });
    }
  }
  if (takeSettings && fresh.length === 0) await store.updateSettings(checked.settings!);
  return { articles: added, bytes: checked.bytes, unchanged, conflicts, filesWritten, settingsRestored: takeSettings };
}
