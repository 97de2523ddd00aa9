/**
 * The pieces of a write that do not need the store's queue or journal (the lookups an add checks
 * are in lookups.ts): how one journal op changes the catalog in
 * memory, the capture record of an import, an edited record, and the files an add writes or a
 * removal deletes.
 */
import { rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleMeta, Capture, ExtractedArticle, Highlight, ReadingState } from '../model.ts';
import { applyHighlightOp, countHighlights, dropArticleHighlights } from '../highlights/catalog.ts';
import { IMPORTER_VERSION } from '../version.ts';
import { writeFileDurable } from './durable.ts';
import { ArchiveError } from './errors.ts';
import type { JournalOp } from './journal.ts';
import { bodyRelPath, originalRelPath, safeExt } from './records.ts';
import { clipText, RECORD_LIMITS, type CatalogData } from './schema.ts';

/** An article to add and the bytes it was extracted from. */
export interface AddInput {
  article: ExtractedArticle;
  original: { bytes: Uint8Array; fileName: string; ext: string };
}

/** What became of an add: a new article, the same bytes again, or another capture of one. */
export interface AddResult {
  status: 'added' | 'duplicate' | 'capture';
  id: string;
  title: string;
}

/** Applies one op to the in-memory catalog (replay and live writes share this). */
export function applyOp(data: CatalogData, op: JournalOp): void {
  switch (op.op) {
    case 'put':
      data.articles[op.meta.id] = op.meta;
      // The count follows the highlights, whatever the record carried (a restored one, an older line).
      countHighlights(data, op.meta.id);
      break;
    case 'del':
      delete data.articles[op.id];
      delete data.reading[op.id];
      dropArticleHighlights(data, op.id);
      break;
    case 'state':
      if (data.articles[op.id]) data.reading[op.id] = op.state;
      break;
    case 'settings':
      data.settings = op.settings;
      break;
    case 'highlight':
    case 'unhighlight':
      applyHighlightOp(data, op);
      break;
  }
}

/** `meta` with a new title or tags (trimmed; tags without blanks or repeats); a blank title is refused. */
export function patchedRecord(meta: ArticleMeta, patch: { title?: string; tags?: string[] }): ArticleMeta {
  const next: ArticleMeta = { ...meta };
  if (patch.title !== undefined) {
    const title = patch.title.trim();
    if (!title) throw new ArchiveError('invalid', 'a title cannot be empty');
    next.title = title;
  }
  if (patch.tags !== undefined) {
    next.tags = [...new Set(patch.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
  }
  return next;
}

/** The capture record of importing `original` (whose sha256 is `sha`) as `article`, now. */
export function newCapture({ article, original }: AddInput, sha: string): Capture {
  return {
    sha256: sha,
    ext: safeExt(original.ext),
    fileName: clipText(original.fileName, RECORD_LIMITS.fileName),
    bytes: original.bytes.byteLength,
    importedAt: new Date().toISOString(),
    importerVersion: IMPORTER_VERSION,
    format: article.format,
    charset: article.charset,
    extraction: article.extraction ?? 'article',
    ...(article.extractorVersion ? { extractorVersion: article.extractorVersion } : {}),
  };
}

/**
 * Writes a new article's files, each durable: its original, the assets not already stored, then
 * its body. If one fails, the files written so far are removed (nothing refers to them yet).
 */
export async function writeArticleFiles(dir: string, id: string, { article, original }: AddInput, capture: Capture, bodyText: string): Promise<void> {
  const written: string[] = [];
  const write = async (path: string, bytes: Uint8Array | string): Promise<void> => {
    await writeFileDurable(path, bytes);
    written.push(path);
  };
  try {
    await write(join(dir, originalRelPath(capture)), original.bytes);
    for (const asset of article.assets) {
      const path = join(dir, 'assets', `${asset.sha256}.${safeExt(asset.ext)}`);
      const there = await stat(path).then((s) => s.size === asset.bytes.byteLength, () => false);
      if (!there) await write(path, asset.bytes);
    }
    await write(join(dir, bodyRelPath(id)), bodyText);
  } catch (error) {
    // Nothing was committed: the files of this add are orphans, removed now rather than by verify.
    await Promise.all(written.map((path) => rm(path, { force: true }).catch(() => undefined)));
    throw error;
  }
}

/** Deletes a removed article's body and originals, and its assets no other article uses. */
export async function removeArticleFiles(dir: string, meta: ArticleMeta, assetInUse: (name: string) => boolean): Promise<void> {
  await unlink(join(dir, bodyRelPath(meta.id))).catch(() => undefined);
  for (const c of meta.captures) await unlink(join(dir, originalRelPath(c))).catch(() => undefined);
  for (const a of meta.assets) {
    if (!assetInUse(a)) await unlink(join(dir, 'assets', a)).catch(() => undefined);
  }
}

/** The records of a restore split into those the archive lacks and the ids it already has (left alone). */
export function partitionRestored<T extends { meta: ArticleMeta }>(records: readonly T[], has: (id: string) => boolean): { fresh: T[]; existing: string[] } {
  const fresh: T[] = [];
  const existing: string[] = [];
  for (const record of records) {
    if (has(record.meta.id)) existing.push(record.meta.id);
    else fresh.push(record);
  }
  return { fresh, existing };
}

/** A whole record a restore brings in: the catalog record, its reading state, its highlights. */
export interface RestoredRecord {
  meta: ArticleMeta;
  reading: ReadingState | null;
  highlights?: Highlight[];
}

/** The journal ops that commit restored records: each record, then its reading state and highlights. */
export function restoredOps(records: readonly RestoredRecord[]): JournalOp[] {
  const ops: JournalOp[] = [];
  for (const { meta, reading, highlights } of records) {
    ops.push({ op: 'put', meta });
    if (reading) ops.push({ op: 'state', id: meta.id, state: reading });
    for (const highlight of highlights ?? []) ops.push({ op: 'highlight', highlight: { ...highlight, articleId: meta.id } });
  }
  return ops;
}
