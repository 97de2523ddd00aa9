/**
 * The whole archive for a shared search engine: OpenSearch's `_bulk` format, one action line
 * (`{"index":{"_index":…,"_id":…}}`) and one document line per article, each line ending in a
 * newline. A document holds the article's metadata, its tags and highlights, and its title and
 * text twice: as stored (the original script) and in 简体 (OpenCC's phrase-level conversion), so
 * both scripts match in an index whose analyzer also folds Traditional characters to Simplified
 * (build/opensearch/articles-template.json, the mapping these fields must keep to).
 *
 * Written as a stream, a few articles at a time: memory stays that of a few bodies whatever the
 * archive's size. The file appears under its name only when complete (a temp file renamed).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { convertForDisplay } from '../convert/index.ts';
import type { ArticleMeta } from '../model.ts';
import type { ArchiveStore } from '../store/store.ts';

/** The index the action lines name unless told otherwise (the template's pattern matches it). */
export const DEFAULT_BULK_INDEX = 'reader-articles';

/** A highlight as the search engine gets it: the quoted text and the note, flat. */
export interface BulkHighlight {
  id: string;
  color: string;
  quote: string;
  note: string;
  created_at: string;
  updated_at: string;
}

/** One article's document line. Unknown values are null, never guessed; `_hans` fields are null when 简体 changes nothing. */
export interface BulkDocument {
  id: string;
  title: string;
  title_hans: string | null;
  byline: string | null;
  source: string | null;
  editor: string | null;
  url: string | null;
  lang: string | null;
  published_at: string | null;
  imported_at: string;
  /** The latest of the import and every later capture of the article: what `--since` compares. */
  changed_at: string;
  extraction: 'article' | 'whole-page';
  tags: string[];
  /** Characters of plain text. */
  length: number;
  /** Paragraphs separated by one blank line, as `show` prints them. */
  text: string;
  text_hans: string | null;
  /** The reader's highlights and notes on it, from the service's listHighlights; an empty list where it has none. */
  highlights: BulkHighlight[];
}

export interface BulkOptions {
  /** The `_index` of every action line (default DEFAULT_BULK_INDEX). */
  index?: string;
  /** Only articles imported, or given a new capture, at or after this ISO date or date-time. */
  since?: string;
  /** An article's highlights (the service's listHighlights, flattened by `bulkHighlight`); without it, an empty list. */
  highlightsOf?: (id: string) => Promise<BulkHighlight[]>;
  onProgress?: (done: number, total: number) => void;
}

/** How many bodies are read at once: enough to keep the disk busy, few enough to stay small. */
const READ_AHEAD = 16;

/** A highlight as the service keeps it, flattened for the search engine. */
export function bulkHighlight(h: { id: string; color: string; note: string; anchor: { quote: string }; createdAt: string; updatedAt: string }): BulkHighlight {
  return { id: h.id, color: h.color, quote: h.anchor.quote, note: h.note, created_at: h.createdAt, updated_at: h.updatedAt };
}

/** When an article last changed in a way the archive dates: its import, or a later capture. */
export function changedAt(meta: Pick<ArticleMeta, 'importedAt' | 'captures'>): string {
  let latest = meta.importedAt;
  for (const capture of meta.captures ?? []) if (Date.parse(capture.importedAt) > Date.parse(latest)) latest = capture.importedAt;
  return latest;
}

/** The document line of one article. */
export function bulkDocument(meta: ArticleMeta, paragraphs: readonly string[], highlights: BulkHighlight[]): BulkDocument {
  const text = paragraphs.join('\n\n');
  const hans = (value: string): string | null => {
    const converted = convertForDisplay(value, 'hans', meta.lang);
    return converted === value ? null : converted;
  };
  return {
    id: meta.id,
    title: meta.title,
    title_hans: hans(meta.title),
    byline: meta.byline,
    source: meta.source,
    editor: meta.editor ?? null,
    url: meta.url,
    lang: meta.lang,
    published_at: meta.publishedAt,
    imported_at: meta.importedAt,
    changed_at: changedAt(meta),
    extraction: meta.extraction ?? 'article',
    tags: meta.tags,
    length: meta.length,
    text,
    text_hans: hans(text),
    highlights,
  };
}

/** The two `_bulk` lines of one article, newline-terminated. */
export function bulkLines(index: string, doc: BulkDocument): string {
  return `${JSON.stringify({ index: { _index: index, _id: doc.id } })}\n${JSON.stringify(doc)}\n`;
}

/**
 * Writes the archive's articles (all, or those changed since `since`) to `file` as `_bulk`
 * lines, oldest change first; resolves to how many articles and bytes were written.
 */
export async function writeBulk(store: ArchiveStore, file: string, options: BulkOptions = {}): Promise<{ articles: number; bytes: number }> {
  const index = options.index ?? DEFAULT_BULK_INDEX;
  const since = options.since === undefined ? -Infinity : Date.parse(options.since);
  const chosen: { id: string; changed: number }[] = [];
  for (const meta of store.all()) {
    const changed = Date.parse(changedAt(meta));
    if (!(changed < since)) chosen.push({ id: meta.id, changed });
  }
  chosen.sort((a, b) => a.changed - b.changed || (a.id < b.id ? -1 : 1));

  const temp = `${file}.${process.pid}.partial`;
  const out = createWriteStream(temp);
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => {});
  let bytes = 0;
  let articles = 0;
  try {
    for (let start = 0; start < chosen.length; start += READ_AHEAD) {
      const batch = chosen.slice(start, start + READ_AHEAD).filter(({ id }) => store.get(id) !== undefined);
      const bodies = await Promise.all(batch.map(({ id }) => store.getBody(id)));
      const highlights = await Promise.all(batch.map(({ id }) => options.highlightsOf?.(id) ?? Promise.resolve([])));
      for (const [k, { id }] of batch.entries()) {
        const lines = bulkLines(index, bulkDocument(store.get(id)!, bodies[k]!.paragraphs, highlights[k]!));
        bytes += Buffer.byteLength(lines);
        articles++;
        if (!out.write(lines)) await Promise.race([once(out, 'drain'), failed]);
      }
      options.onProgress?.(Math.min(start + READ_AHEAD, chosen.length), chosen.length);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(temp, file);
    return { articles, bytes };
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
