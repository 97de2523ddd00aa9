/**
 * `backup`: one tar file holding the catalog's records, every body, original and asset, and a
 * manifest with the sha256 of each. The manifest is written first (the checksums are known from
 * the catalog: files are content-addressed and bodies carry theirs), and every file is hashed again
 * as it streams into the backup, so a damaged archive file stops the backup instead of hiding in it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleMeta } from '../model.ts';
import { sha256 } from '../store/durable.ts';
import { ArchiveError } from '../store/errors.ts';
import type { ArchiveStore } from '../store/store.ts';
import { APP_NAME, IMPORTER_VERSION } from '../version.ts';
import {
  assetEntryPath,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  bodyEntryPath,
  MANIFEST_NAME,
  MANIFEST_SUM_NAME,
  originalEntryPath,
  RECORDS_NAME,
  SETTINGS_NAME,
  type BackupManifest,
  type BackupRecord,
  type ManifestEntry,
} from './manifest.ts';
import { TarWriter } from './tar.ts';

export interface BackupOptions {
  /** Called as bytes of the archive's files go into the backup. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface BackupResult {
  articles: number;
  /** Size of the backup file. */
  bytes: number;
  file: string;
}

const encoder = new TextEncoder();

/** `records.jsonl` as chunks of about 1 MB, generated afresh each time (hashed first, then written). */
function* recordChunks(records: BackupRecord[]): Generator<Uint8Array> {
  let lines: string[] = [];
  let length = 0;
  for (const record of records) {
    const line = `${JSON.stringify(record)}\n`;
    lines.push(line);
    length += line.length;
    if (length >= 1 << 20) {
      yield encoder.encode(lines.join(''));
      lines = [];
      length = 0;
    }
  }
  if (lines.length > 0) yield encoder.encode(lines.join(''));
}

function digestOf(chunks: Iterable<Uint8Array>): { size: number; sha256: string } {
  const hash = createHash('sha256');
  let size = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The archive's files a backup must carry, with the checksums the catalog records for them. */
async function archiveFiles(dir: string, metas: ArticleMeta[]): Promise<ManifestEntry[]> {
  const wanted = new Map<string, { sha256: string; what: string }>();
  for (const meta of metas) {
    wanted.set(bodyEntryPath(meta.id), { sha256: meta.bodySha256, what: `the body of "${meta.title}"` });
    for (const c of meta.captures) wanted.set(originalEntryPath(c.sha256, c.ext), { sha256: c.sha256, what: `the original of "${meta.title}" (${c.fileName})` });
    for (const a of meta.assets) wanted.set(assetEntryPath(a), { sha256: a.slice(0, 64), what: `an image of "${meta.title}"` });
  }
  const entries: ManifestEntry[] = [];
  for (const [path, { sha256: sum, what }] of wanted) {
    const info = await stat(join(dir, path)).catch(() => null);
    if (!info?.isFile()) throw new ArchiveError('unusable', `cannot back up: ${what} is missing (${path}); run verify`);
    entries.push({ path, size: info.size, sha256: sum });
  }
  return entries;
}

/** Writes a backup of the open archive to `outFile` (via a temp file renamed into place). */
export async function writeBackup(store: ArchiveStore, outFile: string, options: BackupOptions = {}): Promise<BackupResult> {
  // A snapshot: the app may go on saving reading positions while the backup is written.
  const metas = [...store.all()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const snapshot: BackupRecord[] = metas.map((meta) => {
    const highlights = store.highlightCatalog.highlights?.[meta.id];
    return { meta, reading: store.getReadingState(meta.id), ...(highlights?.length ? { highlights: [...highlights] } : {}) };
  });
  const records = digestOf(recordChunks(snapshot));
  const settingsBytes = encoder.encode(`${JSON.stringify(store.getSettings())}\n`);
  const files = await archiveFiles(store.dir, metas);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    app: APP_NAME,
    importerVersion: IMPORTER_VERSION,
    articles: metas.length,
    entries: [
      { path: RECORDS_NAME, ...records },
      { path: SETTINGS_NAME, size: settingsBytes.length, sha256: sha256(settingsBytes) },
      ...files,
    ],
  };
  const manifestBytes = encoder.encode(`${JSON.stringify(manifest, null, 1)}\n`);
  const sumBytes = encoder.encode(`${sha256(manifestBytes)}  ${MANIFEST_NAME}\n`);
  const total = files.reduce((n, f) => n + f.size, 0);

  const temp = `${outFile}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx');
  let done = 0;
  try {
    const tar = new TarWriter(handle);
    await tar.add(MANIFEST_NAME, manifestBytes.length, [manifestBytes]);
    await tar.add(MANIFEST_SUM_NAME, sumBytes.length, [sumBytes]);
    await tar.add(RECORDS_NAME, records.size, recordChunks(snapshot));
    await tar.add(SETTINGS_NAME, settingsBytes.length, [settingsBytes]);
    for (const file of files) {
      const hash = createHash('sha256');
      const stream = createReadStream(join(store.dir, file.path), { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
      await tar.add(file.path, file.size, stream, (chunk) => {
        hash.update(chunk);
        done += chunk.length;
        options.onProgress?.(done, total);
      });
      if (hash.digest('hex') !== file.sha256) {
        throw new ArchiveError('unusable', `cannot back up: ${file.path} does not match its checksum (the archive file is damaged); run verify`);
      }
    }
    await tar.finish();
    await handle.sync();
    await handle.close();
    await rename(temp, outFile);
    return { articles: metas.length, bytes: tar.bytesWritten, file: outFile };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
