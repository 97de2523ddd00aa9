/**
 * The catalog on disk: `catalog.json` (lowdb's file: the small records the library lists) and
 * `provenance/<0-f>.json` (each article's captures, checksums and assets, which only writes,
 * `verify` and the reader's provenance line need, sharded by the id's first digit). Parsing the
 * small file alone is about four times faster at 100k articles, so an open reaches its first
 * page without waiting for provenance, which loads just after, one shard per turn of the event
 * loop. Writes stream the data in slices, yielding between them, then fsync and rename: the
 * provenance shards first, catalog.json last, and that rename is the commit (journals newer than
 * it are replayed over both).
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Adapter } from 'lowdb';
import type { ArticleProvenance } from '../model.ts';
import { isCode, syncDir, TEMP_SUFFIX } from './durable.ts';
import type { CatalogData } from './schema.ts';

/** Thrown when a catalog file exists but is not one; the store then opens a backup. */
export class CorruptCatalogError extends Error {}

/** The fields catalog.json keeps per article; everything else is provenance. */
export const SUMMARY_KEYS = ['id', 'title', 'byline', 'source', 'publishedAt', 'importedAt', 'url', 'lang', 'extraction', 'editor', 'tags', 'length', 'excerpt', 'highlightCount'] as const;
/** The provenance fields, with the keys of the capture objects nested in them. */
const PROVENANCE_KEYS = [
  'captures', 'textSha256', 'bodySha256', 'assets',
  'sha256', 'ext', 'fileName', 'bytes', 'importedAt', 'importerVersion', 'format', 'charset', 'extraction', 'extractorVersion',
];

/** One provenance shard file. */
export interface ProvenanceData {
  version: 1;
  records: Record<string, ArticleProvenance>;
}

/** The shards: ids are hex, so their first digit splits them into sixteen files. */
export const PROVENANCE_SHARDS = '0123456789abcdef'.split('');

const SLICE = 500;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `{...head,"<key>":{"id":record,...}}`, one slice of records at a time. */
async function* serialize(head: object, key: string, records: Record<string, object>, order: Iterable<string>, fields: readonly string[]): AsyncGenerator<string> {
  const start = JSON.stringify(head);
  yield `${start.length > 2 ? `${start.slice(0, -1)},` : '{'}${JSON.stringify(key)}:{`;
  let first = true;
  let inSlice = 0;
  let chunk = '';
  for (const id of order) {
    const record = records[id];
    if (!record) continue;
    chunk += `${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(record, fields as string[])}`;
    first = false;
    if (++inSlice === SLICE) {
      yield chunk;
      chunk = '';
      inSlice = 0;
      await yieldToLoop();
    }
  }
  yield `${chunk}}}`;
}

/** Streams `pieces` to a temp file beside `path`, fsyncs it and renames it over `path`. */
async function writeDurably(path: string, pieces: AsyncIterable<string>): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  const handle = await open(temp, 'wx');
  try {
    let buffered = '';
    for await (const piece of pieces) {
      buffered += piece;
      if (buffered.length > 1 << 20) {
        await handle.write(buffered);
        buffered = '';
      }
    }
    await handle.write(buffered);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncDir(dirname(path));
}

/** Parses a whole file; null when it does not exist; CorruptCatalogError when it is not JSON. */
function parseText(text: string, what: string): unknown {
  try {
    // Buffer → string in one go is much faster than a streaming decode for a file this size.
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptCatalogError(`${what}: ${(error as Error).message} (${text.length} characters)`);
  }
}

export class CatalogFile implements Adapter<CatalogData> {
  /**
   * The order to write articles in (ids; those missing are skipped). The store passes the
   * library's default sort, so the next open finds them already sorted and its sort is linear.
   */
  order: (() => Iterable<string>) | null = null;

  constructor(readonly path: string) {}

  async read(): Promise<CatalogData | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
    const data = parseText(bytes.toString('utf8'), 'catalog.json');
    if (!isCatalogShape(data)) throw new CorruptCatalogError('it parses, but is not a catalog (no schemaVersion/articles)');
    return data;
  }

  /** Writes the provenance shards, then catalog.json (the commit). */
  async write(data: CatalogData): Promise<void> {
    const order = [...(this.order?.() ?? Object.keys(data.articles))];
    const { articles, ...head } = data;
    const records = articles as Record<string, object>;
    const shards = provenanceDir(this.path);
    await mkdir(shards, { recursive: true });
    for (const shard of PROVENANCE_SHARDS) {
      const ids = order.filter((id) => id[0] === shard);
      await writeDurably(join(shards, `${shard}.json`), serialize({ version: 1 }, 'records', records, ids, PROVENANCE_KEYS));
    }
    await writeDurably(this.path, serialize(head, 'articles', records, order, SUMMARY_KEYS));
  }
}

/** The provenance folder of a catalog file: `provenance/` beside `catalog.json`, `provenance-<stamp>/` beside `catalog-<stamp>.json`. */
export function provenanceDir(catalogPath: string): string {
  const dir = dirname(catalogPath);
  const name = catalogPath.slice(dir.length + 1);
  return join(dir, name.replace(/^catalog/, 'provenance').replace(/\.json$/, ''));
}

function readShardSync(path: string): ProvenanceData | null {
  let text: string;
  try {
    text = readFileSync(path).toString('utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  return checkProvenance(parseText(text, path));
}

/** Reads every shard now (the store needs provenance at once); null when there is none at all. */
export function readProvenanceSync(dir: string): ProvenanceData | null {
  const merged: ProvenanceData = { version: 1, records: {} };
  let found = false;
  for (const shard of PROVENANCE_SHARDS) {
    const data = readShardSync(join(dir, `${shard}.json`));
    if (!data) continue;
    found = true;
    Object.assign(merged.records, data.records);
  }
  return found ? merged : null;
}

/** Reads the shards one at a time without blocking on the disk, so each parse is a short stall. */
export async function* readProvenanceShards(dir: string): AsyncGenerator<ProvenanceData> {
  for (const shard of PROVENANCE_SHARDS) {
    const path = join(dir, `${shard}.json`);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (isCode(error, 'ENOENT')) continue;
      throw error;
    }
    yield checkProvenance(parseText(bytes.toString('utf8'), path));
  }
}

function checkProvenance(data: unknown): ProvenanceData {
  const d = data as Partial<ProvenanceData> | null;
  if (typeof d !== 'object' || d === null || d.version !== 1 || typeof d.records !== 'object' || d.records === null) {
    throw new CorruptCatalogError('a provenance file parses, but is not one');
  }
  return d as ProvenanceData;
}

function isCatalogShape(data: unknown): data is CatalogData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.schemaVersion === 'number' && typeof d.articles === 'object' && d.articles !== null;
}
