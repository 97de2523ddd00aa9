/**
 * What a backup holds and how it checks itself: `manifest.json` (every entry's path, size and
 * sha256) comes first, `manifest.json.sha256` (the manifest's own checksum) second, then
 * `records.jsonl` (one catalog record per line, with its reading state) and the archive's files.
 */
import type { ArticleMeta, Highlight, ReadingState, Settings } from '../model.ts';

export const BACKUP_FORMAT = 'saved-article-reader-backup';
export const BACKUP_VERSION = 1;

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_SUM_NAME = 'manifest.json.sha256';
export const RECORDS_NAME = 'records.jsonl';
export const SETTINGS_NAME = 'settings.json';

/** One file in the backup. */
export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  app: string;
  importerVersion: string;
  articles: number;
  /** Every entry after the manifest and its checksum, in the order they appear. */
  entries: ManifestEntry[];
}

/** One line of `records.jsonl`. */
export interface BackupRecord {
  meta: ArticleMeta;
  reading: ReadingState | null;
  /** The article's highlights and notes (absent when it has none, and in backups from before them). */
  highlights?: Highlight[];
}

export type BackupSettings = Settings;

const SHA = /^[0-9a-f]{64}$/;
const FILE_PATTERNS = [
  /^articles\/[0-9a-z]{2}\/[0-9a-z]{2,64}\.json$/,
  /^originals\/[0-9a-f]{64}\.[a-z0-9]{1,10}$/,
  /^assets\/[0-9a-f]{64}\.[a-z0-9]{1,10}$/,
];

/** Archive-relative path of a body, always with `/` (tar paths), e.g. `articles/ab/abcd….json`. */
export function bodyEntryPath(id: string): string {
  return `articles/${id.slice(0, 2)}/${id}.json`;
}

export function originalEntryPath(sha256: string, ext: string): string {
  return `originals/${sha256}.${ext}`;
}

export function assetEntryPath(name: string): string {
  return `assets/${name}`;
}

/** True for the only paths a backup may write into an archive (no `..`, no absolute paths). */
export function isArchiveFilePath(path: string): boolean {
  return FILE_PATTERNS.some((p) => p.test(path));
}

/** The checksum a content-addressed path names (`originals/<sha>.<ext>`, `assets/<sha>.<ext>`), else null. */
export function namedSha(path: string): string | null {
  const match = /^(?:originals|assets)\/([0-9a-f]{64})\./.exec(path);
  return match ? match[1]! : null;
}

/** Checks a parsed manifest's shape; returns a message for the first thing wrong, or null. */
export function manifestProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the manifest is not an object';
  const m = value as Partial<BackupManifest>;
  if (m.format !== BACKUP_FORMAT) return `not a backup of this app (format "${String(m.format)}")`;
  if (typeof m.version !== 'number' || m.version > BACKUP_VERSION) return `backup version ${String(m.version)} is newer than this app reads (${BACKUP_VERSION}): update the app`;
  if (!Array.isArray(m.entries)) return 'the manifest lists no entries';
  const seen = new Set<string>();
  for (const e of m.entries as unknown[]) {
    const entry = e as Partial<ManifestEntry>;
    if (typeof entry.path !== 'string' || typeof entry.size !== 'number' || typeof entry.sha256 !== 'string' || !SHA.test(entry.sha256)) {
      return `a malformed manifest entry: ${JSON.stringify(e).slice(0, 200)}`;
    }
    if (entry.path !== RECORDS_NAME && entry.path !== SETTINGS_NAME && !isArchiveFilePath(entry.path)) return `an entry outside the archive's folders: ${entry.path}`;
    if (seen.has(entry.path)) return `an entry listed twice: ${entry.path}`;
    seen.add(entry.path);
    const named = namedSha(entry.path);
    if (named !== null && named !== entry.sha256) return `${entry.path} is listed with a checksum other than its name`;
  }
  if (!seen.has(RECORDS_NAME)) return `the manifest does not list ${RECORDS_NAME}`;
  return null;
}
