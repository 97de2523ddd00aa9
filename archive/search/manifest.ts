/**
 * The index's manifest, `search/manifest.json`: which segment files make up the index (in order,
 * each with its sequence number) and the removals, `id → before`: the article `id` is dropped
 * from every segment whose sequence number is below `before` (it was removed, or indexed again in
 * a newer segment). Written aside, synced and renamed (store/durable.ts): the rename is the
 * commit, so a crash leaves the previous manifest and its segments; files it does not name are
 * removed later by a process holding the archive's lock. A SHA-256 of the JSON follows it.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isCode, sha256, writeFileDurable } from '../store/durable.ts';
import { CorruptIndex } from './segment-file.ts';

const FORMAT = 1;
const NAME = 'manifest.json';
/** The single-file index of earlier versions, replaced by segments once a manifest is committed. */
export const LEGACY_FILES = ['index.bin', 'delta.log'];

export interface SegmentEntry {
  name: string;
  seq: number;
  docs: number;
  bytes: number;
}

export interface Manifest {
  format: number;
  fold: string;
  /** Incremented by every commit: a process that read generation g writes only over g. */
  generation: number;
  nextSeq: number;
  segments: SegmentEntry[];
  removals: Record<string, number>;
}

export function searchDir(dir: string): string {
  return join(dir, 'search');
}

export function emptyManifest(fold: string): Manifest {
  return { format: FORMAT, fold, generation: 0, nextSeq: 1, segments: [], removals: {} };
}

export function segmentName(seq: number): string {
  return `seg-${seq.toString().padStart(8, '0')}-${randomBytes(3).toString('hex')}.seg`;
}

/** The manifest, or null when there is none; CorruptIndex when it cannot be trusted. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(searchDir(dir), NAME), 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  text = text.trimEnd();
  const cut = text.lastIndexOf('\n');
  if (cut < 0 || sha256(text.slice(0, cut)) !== text.slice(cut + 1)) throw new CorruptIndex('manifest checksum mismatch');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text.slice(0, cut)) as Manifest;
  } catch {
    throw new CorruptIndex('manifest is not JSON');
  }
  if (manifest.format !== FORMAT) throw new CorruptIndex(`manifest format ${manifest.format}, expected ${FORMAT}`);
  return manifest;
}

/** Commits `manifest`; returns the bytes written. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<number> {
  const json = JSON.stringify(manifest);
  const text = `${json}\n${sha256(json)}\n`;
  await writeFileDurable(join(searchDir(dir), NAME), text);
  return Buffer.byteLength(text);
}

/** Whether `id` in segment `seq` is dropped by the removals. */
export function removedIn(manifest: Pick<Manifest, 'removals'>, id: string, seq: number): boolean {
  const before = manifest.removals[id];
  return before !== undefined && seq < before;
}

/** Segment files being written in this process (a merge): not left-overs to clean up. */
export const inProgress = new Set<string>();

/**
 * Removes what the manifest does not name: segments of crashed or superseded writes, temp files,
 * the old single-file index. Call holding the archive's lock; files still open elsewhere (Windows)
 * are left for the next time.
 */
export async function cleanUp(dir: string, manifest: Manifest): Promise<void> {
  const folder = searchDir(dir);
  const names = new Set(manifest.segments.map((s) => s.name));
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return;
  }
  for (const file of files) {
    const path = join(folder, file);
    const stale = (file.startsWith('seg-') && !names.has(file) && !file.endsWith('.tmp')) || file.endsWith('.tmp') || LEGACY_FILES.includes(file);
    if (!stale || [...inProgress].some((p) => path.startsWith(p))) continue;
    await rm(path, { force: true }).catch(() => undefined);
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same archive in this process (manifest read-modify-write). */
export function withManifest<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(dir) ?? Promise.resolve()).then(fn);
  const settled = run.catch(() => undefined);
  queues.set(dir, settled);
  void settled.then(() => {
    if (queues.get(dir) === settled) queues.delete(dir);
  });
  return run;
}
