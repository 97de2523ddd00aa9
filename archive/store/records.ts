/**
 * What one article is on disk: its catalog record, the body file that keeps a copy of the record
 * (so a lost catalog can be rebuilt), and where its files live.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { excerptOf, type ArticleBody, type ArticleMeta, type ArticleSummary, type Capture, type ExtractedArticle } from '../model.ts';
import { isCode, sha256 } from './durable.ts';
import { ArchiveError } from './errors.ts';
import { assertStorableRecord, fitRecordText } from './schema.ts';

/** A body file: the body plus the record it was added with, so a lost catalog can be rebuilt. */
export interface BodyFile extends ArticleBody {
  recovery: Omit<ArticleMeta, 'bodySha256'>;
}

/**
 * A new article's catalog record and the text of its body file (which keeps a copy of the record,
 * so a lost catalog can be rebuilt from the bodies). `text` is its normalizedText.
 */
export function newArticleRecord(id: string, article: ExtractedArticle, capture: Capture, text: string): { meta: ArticleMeta; bodyText: string } {
  const assets = [...new Set(article.assets.map((a) => `${a.sha256}.${safeExt(a.ext)}`))];
  // The list's rows show the start of the text; kept in the record so the list never opens a body.
  const excerpt = excerptOf(article.paragraphs);
  const recovery: Omit<ArticleMeta, 'bodySha256'> = fitRecordText({
    id,
    title: article.title.trim() || capture.fileName || id,
    byline: article.byline,
    source: article.source,
    publishedAt: article.publishedAt,
    importedAt: capture.importedAt,
    url: article.url,
    lang: article.lang,
    ...(article.extraction === 'whole-page' ? { extraction: 'whole-page' as const } : {}),
    ...(article.editor ? { editor: article.editor } : {}),
    ...(excerpt ? { excerpt } : {}),
    tags: [],
    length: text.length,
    textSha256: sha256(text),
    assets,
    captures: [capture],
  });
  const body: BodyFile = { id, html: article.html, paragraphs: article.paragraphs, ruby: article.ruby, excerpt: article.excerpt, assets, recovery };
  const bodyText = JSON.stringify(body);
  return { meta: assertStorableRecord({ ...recovery, bodySha256: sha256(bodyText) }), bodyText };
}

/** `articles/ab/abcdef….json` */
export function bodyRelPath(id: string): string {
  return join('articles', id.slice(0, 2), `${id}.json`);
}

/** Reads the body of article `id` in the archive `dir`, without the record copy its file keeps. */
export async function readBody(dir: string, id: string): Promise<ArticleBody> {
  let text: string;
  try {
    text = await readFile(join(dir, bodyRelPath(id)), 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw new ArchiveError('unusable', `the body file of ${id} is missing (${bodyRelPath(id)}); run verify`);
    throw error;
  }
  const { recovery: _recovery, ...body } = JSON.parse(text) as BodyFile;
  return body;
}

/** `originals/<sha256>.<ext>` */
export function originalRelPath(capture: Pick<Capture, 'sha256' | 'ext'>): string {
  return join('originals', `${capture.sha256}.${capture.ext}`);
}

/** File extensions are kept only when they are short and plain; anything else becomes `bin`. */
export function safeExt(ext: string): string {
  const clean = ext.replace(/^\./, '').toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(clean) ? clean : 'bin';
}

/** Whitespace-insensitive text of an article: equal for two captures of the same article. */
export function normalizedText(paragraphs: string[]): string {
  return paragraphs
    .map((p) => p.normalize('NFC').replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n');
}

/** The names in a folder, or none when it cannot be read (missing, not a folder). */
export function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * After a catalog (or one shard of it) was lost: every body file in `articles/<prefix>/` whose
 * record `records` lacks and whose originals are all there is re-adopted from the copy of the
 * record it keeps. Returns how many were.
 */
export function readoptShardSync(dir: string, prefix: string, records: Record<string, ArticleMeta | ArticleSummary>): number {
  let adopted = 0;
  for (const name of readdirSyncSafe(join(dir, 'articles', prefix))) {
    const id = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || records[id]) continue;
    try {
      const text = readFileSync(join(dir, 'articles', prefix, name), 'utf8');
      const body = JSON.parse(text) as BodyFile;
      if (body.id !== id || !body.recovery) continue;
      if (!body.recovery.captures.every((c) => existsSync(join(dir, originalRelPath(c))))) continue;
      records[id] = { ...body.recovery, bodySha256: sha256(text) };
      adopted++;
    } catch {
      // Not a body we wrote, or damaged: verify reports it as an orphan.
    }
  }
  return adopted;
}
