/**
 * The catalog on disk (schema version 3). `catalog.json` is a small manifest and the commit
 * point: the schema version, the journal generation, settings, reading states, highlights, the
 * list of shards with their counts, and the head (the first HEAD_ROWS rows of the default list,
 * the total and the facets), enough to show the first screen without reading any shard. Article
 * summaries live in `catalog/<xx>.json` and their provenance (captures, checksums, assets) in
 * `provenance/<xx>.json`, xx being the id's first two hex digits: 256 small lowdb documents, each
 * holding its records in the library's default order (newest first), so a full load merges
 * sorted runs rather than sorting a million entries. Beside each summary shard, its row index
 * `catalog/<xx>.rows.json` (rows.ts): the columns the library needs and each record's place in
 * the shard's bytes, so a full load need not parse the records. Every file is written whole to a temp file,
 * fsynced and renamed over the old one; the shards go first, the manifest last, and its rename is
 * the commit. Older archives (catalog.json holding every summary, provenance in 16 files named by
 * the id's first digit, or inside the records) are read whole by readCatalogJson's legacy branch.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { ArticleProvenance, ArticleSummary, LibraryFacets } from '../model.ts';
import { isCode, syncDir, writeFileDurable } from './durable.ts';
import { inDefaultOrder, LibraryIndex } from './library.ts';
import { newStamp, rowIndexOf, ROWS_VERSION, stampHead } from './rows.ts';
import { SCHEMA_VERSION, type CatalogData } from './schema.ts';

/** Thrown when a catalog file exists but is not one; the store then opens a backup. */
export class CorruptCatalogError extends Error {}

/** The fields a summary shard keeps per article; everything else is provenance. */
export const SUMMARY_KEYS = ['id', 'title', 'byline', 'source', 'publishedAt', 'importedAt', 'url', 'lang', 'extraction', 'editor', 'tags', 'length', 'excerpt', 'highlightCount'] as const;
/** The provenance fields, with the keys of the capture objects nested in them. */
const PROVENANCE_KEYS = [
  'captures', 'textSha256', 'bodySha256', 'assets',
  'sha256', 'ext', 'fileName', 'bytes', 'importedAt', 'importerVersion', 'format', 'charset', 'extraction', 'extractorVersion',
];

/** Schema version 2's provenance files: sixteen, by the id's first hex digit. */
export const LEGACY_PROVENANCE_SHARDS = '0123456789abcdef'.split('');
/** The 256 shard names (the id's first two hex digits). */
export const SHARD_PREFIXES = LEGACY_PROVENANCE_SHARDS.flatMap((a) => LEGACY_PROVENANCE_SHARDS.map((b) => a + b));
/** Rows of the default list kept in the manifest's head. */
export const HEAD_ROWS = 200;

/** The shard an article's summary and provenance live in. */
export function shardOf(id: string): string {
  return id.slice(0, 2);
}

/** One summary shard: the records, and the number of captures of those with more than one (the list shows it). */
export interface SummaryShard {
  version: 1;
  /** The stamp its row index carries (rows.ts); absent in shards written before row indexes. */
  stamp?: string;
  records: Record<string, ArticleSummary>;
  captures?: Record<string, number>;
}

/** One provenance shard file. */
export interface ProvenanceData {
  version: 1;
  records: Record<string, ArticleProvenance>;
}

/** What the first screen needs, written at every compaction. */
export interface CatalogHead {
  rows: ArticleSummary[];
  total: number;
  facets: LibraryFacets;
}

/** catalog.json: everything but the articles, plus the shard list and the head. */
export type CatalogManifest = Omit<CatalogData, 'articles'> & { shards: Record<string, number>; head: CatalogHead };

/** What a catalog.json holds: a manifest, or (schema ≤ 2) the whole catalog. */
export type CatalogJson = { kind: 'manifest'; manifest: CatalogManifest } | { kind: 'legacy'; data: CatalogData };

/** Parses a whole file; CorruptCatalogError when it is not JSON. */
function parseText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptCatalogError(`${what}: ${(error as Error).message} (${text.length} characters)`);
  }
}

function checkShard<T>(data: unknown, what: string): T {
  const d = data as { version?: unknown; records?: unknown } | null;
  if (typeof d !== 'object' || d === null || d.version !== 1 || typeof d.records !== 'object' || d.records === null) {
    throw new CorruptCatalogError(`${what} parses, but is not a shard`);
  }
  return d as T;
}

/** `{"version":1,"records":{"<id>":record,...},...rest}` with each record cut to `fields`. */
function serializeShard(data: { version: 1; records: Record<string, object> }, fields: readonly string[]): string {
  const { records, ...rest } = data;
  const parts: string[] = [];
  for (const [id, record] of Object.entries(records)) parts.push(`${JSON.stringify(id)}:${JSON.stringify(record, fields as string[])}`);
  const tail = JSON.stringify(rest).slice(1);
  return `{"records":{${parts.join(',')}}${tail.length > 1 ? `,${tail}` : '}'}`;
}

/** A shard as a lowdb adapter: read whole (async or at once), written durably (temp, fsync, rename). */
export class ShardFile<T extends { version: 1; records: Record<string, object> }> implements Adapter<T> {
  constructor(
    readonly path: string,
    readonly fields: readonly string[],
    /** Whether each write fsyncs the folder (a batch of shards syncs it once, before the manifest). */
    readonly syncFolder = false,
  ) {}

  async read(): Promise<T | null> {
    const text = await this.readText();
    return text === null ? null : this.parse(text);
  }

  /** The file's text (null when there is none), for a caller that parses it in a later turn of the event loop. */
  async readText(): Promise<string | null> {
    try {
      return (await readFile(this.path)).toString('utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
  }

  /** Parses a text `readText` returned; CorruptCatalogError when it is not a shard. */
  parse(text: string): T {
    return checkShard<T>(parseText(text, this.path), this.path);
  }

  readSync(): T | null {
    let text: string;
    try {
      text = readFileSync(this.path).toString('utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
    return checkShard<T>(parseText(text, this.path), this.path);
  }

  async write(data: T): Promise<void> {
    await writeFileDurable(this.path, serializeShard(data, this.fields), this.syncFolder);
  }
}

/** The summaries folder of a catalog file: `catalog/` beside `catalog.json`, `catalog-<stamp>/` beside a backup's. */
export function summaryDir(catalogPath: string): string {
  return catalogPath.replace(/\.json$/, '');
}

/** The provenance folder of a catalog file: `provenance/` beside `catalog.json`, `provenance-<stamp>/` beside `catalog-<stamp>.json`. */
export function provenanceDir(catalogPath: string): string {
  const dir = dirname(catalogPath);
  const name = catalogPath.slice(dir.length + 1);
  return join(dir, name.replace(/^catalog/, 'provenance').replace(/\.json$/, ''));
}

/**
 * A summary shard: written with a fresh stamp first (`{"stamp":…,"records":{…},"version":1,…}`),
 * then its row index (rows.ts) beside it, which says where each record's JSON lies.
 */
class SummaryShardFile extends ShardFile<SummaryShard> {
  override async write(data: SummaryShard): Promise<void> {
    const stamp = newStamp();
    const head = `${stampHead(stamp)},"records":{`;
    let pos = Buffer.byteLength(head);
    const parts: string[] = [];
    const records: ArticleSummary[] = [];
    const at: number[] = [];
    for (const [id, record] of Object.entries(data.records)) {
      const key = `${JSON.stringify(id)}:`;
      const text = JSON.stringify(record, SUMMARY_KEYS as unknown as string[]);
      pos += (parts.length > 0 ? 1 : 0) + Buffer.byteLength(key);
      at.push(pos);
      pos += Buffer.byteLength(text);
      at.push(pos);
      parts.push(key + text);
      records.push(record);
    }
    const { records: _records, stamp: _stamp, ...rest } = data;
    // Both texts are made before the first await: a record changed meanwhile must not make an index that disagrees with its shard.
    const rows = JSON.stringify(rowIndexOf(stamp, records, at, data.captures ?? {}));
    const titles = JSON.stringify({ version: ROWS_VERSION, stamp, titles: records.map((r) => r.title) });
    await writeFileDurable(this.path, `${head}${parts.join(',')}},${JSON.stringify(rest).slice(1)}`, this.syncFolder);
    await writeFileDurable(titlesPath(this.path), titles, this.syncFolder);
    await writeFileDurable(rowsPath(this.path), rows, this.syncFolder);
  }
}

export function summaryShardFile(catalogPath: string, prefix: string): ShardFile<SummaryShard> {
  return new SummaryShardFile(join(summaryDir(catalogPath), `${prefix}.json`), SUMMARY_KEYS);
}

/** Where the row index of the shard at `shardPath` lies: `catalog/<xx>.rows.json`. */
export function rowsPath(shardPath: string): string {
  return shardPath.replace(/\.json$/, '.rows.json');
}

/** Where its titles lie (read only for a sort by title): `catalog/<xx>.titles.json`. */
export function titlesPath(shardPath: string): string {
  return shardPath.replace(/\.json$/, '.titles.json');
}

export function provenanceShardFile(catalogPath: string, prefix: string): ShardFile<ProvenanceData> {
  return new ShardFile<ProvenanceData>(join(provenanceDir(catalogPath), `${prefix}.json`), PROVENANCE_KEYS);
}

/** Reads catalog.json: null when it does not exist; CorruptCatalogError when it is not a catalog. */
export async function readCatalogJson(path: string): Promise<CatalogJson | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  const data = parseText(bytes.toString('utf8'), 'catalog.json') as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null || typeof data.schemaVersion !== 'number') {
    throw new CorruptCatalogError('it parses, but is not a catalog (no schemaVersion)');
  }
  if (typeof data.articles === 'object' && data.articles !== null) return { kind: 'legacy', data: data as unknown as CatalogData };
  const head = data.head as Partial<CatalogHead> | undefined;
  if (typeof data.shards !== 'object' || data.shards === null || typeof head !== 'object' || !Array.isArray(head.rows) || typeof head.total !== 'number') {
    throw new CorruptCatalogError('it parses, but is neither a catalog nor a manifest (no articles, shards or head)');
  }
  return { kind: 'manifest', manifest: data as unknown as CatalogManifest };
}

/**
 * Writes the shards `prefixes` of `articles` (full records, provenance in memory) beside
 * `catalogPath`: provenance, then summaries, each renamed into place, then both folders fsynced.
 * Returns each written shard's count. The manifest, written after, is the commit.
 */
export async function writeShards(catalogPath: string, articles: Record<string, ArticleSummary>, idsByPrefix: Map<string, string[]>, onShard?: () => Promise<void>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await mkdir(summaryDir(catalogPath), { recursive: true });
  await mkdir(provenanceDir(catalogPath), { recursive: true });
  for (const [prefix, ids] of idsByPrefix) {
    const ordered = inDefaultOrder(ids.map((id) => articles[id]).filter((r): r is ArticleSummary => r !== undefined));
    const summaries: SummaryShard = { version: 1, records: {} };
    const provenance: ProvenanceData = { version: 1, records: {} };
    const captures: Record<string, number> = {};
    for (const record of ordered) {
      summaries.records[record.id] = record;
      if ('captures' in record) {
        provenance.records[record.id] = record as unknown as ArticleProvenance;
        const n = (record as unknown as ArticleProvenance).captures.length;
        if (n !== 1) captures[record.id] = n;
      }
    }
    if (Object.keys(captures).length > 0) summaries.captures = captures;
    await new Low(provenanceShardFile(catalogPath, prefix), provenance).write();
    await new Low(summaryShardFile(catalogPath, prefix), summaries).write();
    counts.set(prefix, ordered.length);
    await onShard?.();
  }
  await syncDir(provenanceDir(catalogPath));
  await syncDir(summaryDir(catalogPath));
  return counts;
}

/** catalog.json as a lowdb adapter (only written: opening reads it with readCatalogJson, which also knows older catalogs). */
class ManifestFile implements Adapter<CatalogManifest> {
  constructor(readonly path: string) {}
  async read(): Promise<CatalogManifest | null> {
    const read = await readCatalogJson(this.path);
    return read?.kind === 'manifest' ? read.manifest : null;
  }
  async write(manifest: CatalogManifest): Promise<void> {
    await writeFileDurable(this.path, JSON.stringify(manifest));
  }
}

/** Writes catalog.json (the commit). */
export async function writeManifest(catalogPath: string, manifest: CatalogManifest): Promise<void> {
  await new Low(new ManifestFile(catalogPath), manifest).write();
}

/** The head of the catalog a LibraryIndex sees whole. */
export function headOf(library: LibraryIndex): CatalogHead {
  return { rows: library.list({ limit: HEAD_ROWS }).items, total: library.size, facets: library.facets() };
}

/** The manifest of `data` with these shard counts and head. */
export function manifestOf(data: CatalogData, shards: Record<string, number>, head: CatalogHead): CatalogManifest {
  const { articles: _articles, ...rest } = data;
  return { ...rest, schemaVersion: SCHEMA_VERSION, shards, head };
}

/**
 * Writes a whole catalog in the current format (every shard, then the manifest) from `data`,
 * whose articles are full records: for the bench and for tests that build archives on disk.
 */
export async function writeCatalogFiles(dir: string, data: CatalogData): Promise<void> {
  const path = join(dir, 'catalog.json');
  const byPrefix = new Map<string, string[]>();
  for (const id of Object.keys(data.articles)) {
    const prefix = shardOf(id);
    const ids = byPrefix.get(prefix);
    if (ids) ids.push(id);
    else byPrefix.set(prefix, [id]);
  }
  const counts = await writeShards(path, data.articles, byPrefix);
  const head = headOf(new LibraryIndex(() => data.articles));
  await writeManifest(path, manifestOf(data, Object.fromEntries(counts), head));
}

/**
 * The whole catalog a catalog.json (live or backup) and its summary shards hold, without
 * provenance (legacy catalogs return what they hold); null when there is no catalog.json.
 */
export async function readCatalogFiles(catalogPath: string): Promise<CatalogData | null> {
  const read = await readCatalogJson(catalogPath);
  if (!read) return null;
  if (read.kind === 'legacy') return read.data;
  const { shards: _shards, head: _head, ...rest } = read.manifest;
  const data: CatalogData = { ...rest, articles: {} };
  const names = await readdir(summaryDir(catalogPath)).catch(() => [] as string[]);
  for (const name of names.filter((n) => /^[0-9a-f]{2}\.json$/.test(n)).sort()) {
    const shard = await summaryShardFile(catalogPath, name.slice(0, 2)).read();
    if (shard) Object.assign(data.articles, shard.records);
  }
  return data;
}

/** Reads schema version 2's sixteen provenance files now; null when there are none. */
export function readLegacyProvenanceSync(dir: string): ProvenanceData | null {
  const merged: ProvenanceData = { version: 1, records: {} };
  let found = false;
  for (const shard of LEGACY_PROVENANCE_SHARDS) {
    const data = new ShardFile<ProvenanceData>(join(dir, `${shard}.json`), PROVENANCE_KEYS).readSync();
    if (!data) continue;
    found = true;
    Object.assign(merged.records, data.records);
  }
  return found ? merged : null;
}

/** Removes schema version 2's sixteen provenance files, once a manifest has committed their content to the new shards. */
export async function removeLegacyProvenance(dir: string): Promise<void> {
  for (const shard of LEGACY_PROVENANCE_SHARDS) await unlink(join(dir, 'provenance', `${shard}.json`)).catch(() => undefined);
}
