/**
 * The pieces of a write that do not need the store's queue or journal: the lookups an add checks
 * (original bytes, normalized text, asset references), how one journal op changes the catalog in
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
import { isSameArticle, isSubstantialText } from './same-article.ts';
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

/** What adds look up before writing: which article has these bytes, this text, these assets. */
export class WriteLookups {
  readonly byOriginal = new Map<string, string>();
  /** Articles by the sha256 of their normalized text (several articles may share one text). */
  readonly byText = new Map<string, string[]>();
  readonly assetRefs = new Map<string, number>();

  /** The lookups of every record in `records`. */
  static of(records: Iterable<ArticleMeta>): WriteLookups {
    const lookups = new WriteLookups();
    for (const meta of records) lookups.count(meta, +1);
    return lookups;
  }

  /** Adds (+1) or drops (-1) an article's entries. */
  count(meta: ArticleMeta, delta: 1 | -1): void {
    const { byOriginal, byText, assetRefs } = this;
    for (const c of meta.captures) {
      if (delta > 0) byOriginal.set(c.sha256, meta.id);
      else byOriginal.delete(c.sha256);
    }
    if (meta.textSha256) {
      const ids = byText.get(meta.textSha256)?.filter((id) => id !== meta.id) ?? [];
      if (delta > 0) ids.push(meta.id);
      if (ids.length > 0) byText.set(meta.textSha256, ids);
      else byText.delete(meta.textSha256);
    }
    for (const a of meta.assets) {
      const n = (assetRefs.get(a) ?? 0) + delta;
      if (n > 0) assetRefs.set(a, n);
      else assetRefs.delete(a);
    }
  }

  /** The article `article` is another capture of, by the rule of same-article.ts. */
  earlierCapture(records: Record<string, ArticleMeta>, article: ExtractedArticle, text: string, textSha: string): ArticleMeta | undefined {
    const candidates = this.byText.get(textSha);
    if (!candidates) return undefined;
    const substantial = isSubstantialText(text.split('\n'));
    for (const id of candidates) {
      const earlier = records[id];
      if (earlier && isSameArticle(earlier, article, substantial)) return earlier;
    }
    return undefined;
  }
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
export function partitionRestored<T extends { meta: ArticleMeta }>(records: readonly T[], articles: Record<string, unknown>): { fresh: T[]; existing: string[] } {
  const fresh: T[] = [];
  const existing: string[] = [];
  for (const record of records) {
    if (articles[record.meta.id]) existing.push(record.meta.id);
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
