/**
 * Provenance in memory: the catalog's records are read without their captures, hashes and assets
 * (kept in provenance/<xx>.json, one shard per summary shard), which are added later: one shard
 * at once when a record of it is asked for (`get(id)`) or a compaction rewrites it, or all at once
 * when something needs every record (verify, backup, export). A writer's open passes every shard
 * through its write lookups in the background without keeping it on the records (at a million
 * articles that would be ~300 MB held for nothing), and stats count it the same way. A damaged
 * shard is kept aside and the newest backup's copy used; records no shard covers get theirs back
 * from their body files.
 * An archive of schema version 2 keeps provenance in sixteen files by the id's first digit: those
 * are read all at once (the archive is migrated at its first open for writing).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleMeta, ArticleProvenance } from '../model.ts';
import { CorruptCatalogError, provenanceShardFile, readLegacyProvenanceSync, SHARD_PREFIXES, type ProvenanceData } from './catalog-file.ts';
import { sha256 } from './durable.ts';
import type { LookupFields } from './lookups.ts';
import { bodyRelPath, readdirSyncSafe, type BodyFile } from './records.ts';
import type { CatalogData } from './schema.ts';

/** The assets of a record that has none (most): one shared list, frozen so no write changes it in place. */
const NO_ASSETS = Object.freeze([]) as unknown as string[];

/** Where the loader finds the records and the ids of each shard. */
export interface ProvenanceSource {
  articles(): CatalogData['articles'];
  /** Reads the summary shard `prefix` if it has not been (its records must be there first). */
  ensureSummaries(prefix: string): void;
  /** Knows the ids of summary shard `prefix` (by its row index, or read whole), its records perhaps left on disk. */
  knowSummaries(prefix: string): void;
  /** Whether the catalog holds `id` (in memory or known by a row index). */
  exists(id: string): boolean;
  /** The ids of summary shard `prefix`: those its file held when read, then those put since open (which carry their provenance), each once. */
  idsOf(prefix: string): readonly string[];
}

/** Gives the records of an archive their provenance, once per shard. */
export class ProvenanceLoader {
  readonly #dir: string;
  readonly #readOnly: boolean;
  readonly #notices: string[];
  readonly #source: ProvenanceSource;
  readonly #done = new Set<string>();
  #loaded = false;
  /** Whether provenance is in schema version 2's sixteen files. */
  legacy = false;

  /** What went wrong and was repaired is pushed to `notices`. */
  constructor(dir: string, readOnly: boolean, notices: string[], source: ProvenanceSource) {
    this.#dir = dir;
    this.#readOnly = readOnly;
    this.#notices = notices;
    this.#source = source;
  }

  /** Whether every record carries its provenance (read from provenance/ or the journal). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Whether the records of shard `prefix` carry their provenance. */
  has(prefix: string): boolean {
    return this.#loaded || this.#done.has(prefix);
  }

  /** Reads all the provenance now, unless it has been already. */
  ensure(): void {
    if (this.#loaded) return;
    if (this.legacy) {
      let data: ProvenanceData | null = null;
      try {
        data = readLegacyProvenanceSync(join(this.#dir, 'provenance'));
      } catch (error) {
        if (!(error instanceof CorruptCatalogError)) throw error;
        this.#notices.push(`the provenance files could not be read (${error.message}); it is rebuilt from the body files`);
      }
      if (data) this.#apply(data);
      this.#rebuild(Object.keys(this.#source.articles()));
      this.#loaded = true;
      return;
    }
    for (const prefix of SHARD_PREFIXES) this.ensureShard(prefix);
  }

  /** Reads the provenance of one shard now, unless it has been already. */
  ensureShard(prefix: string): void {
    if (this.has(prefix)) return;
    if (this.legacy) return this.ensure();
    this.#source.ensureSummaries(prefix);
    let data: ProvenanceData | null;
    try {
      data = this.#file(prefix).readSync();
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      data = this.#fromBackup(prefix, error.message);
    }
    this.#finish(prefix, data);
  }

  /**
   * Passes every record's provenance to `count`, shard by shard, without keeping it on the
   * records (a writer's lookups need it once; records keep theirs only when read for a write or a
   * `get`). One shard per turn of the event loop; it stops once `wanted()` says the count is no
   * longer needed (it was done at once meanwhile).
   */
  async countInBackground(count: (fields: LookupFields) => void, wanted: () => boolean): Promise<void> {
    if (this.legacy) return this.#countAll(count);
    for (const prefix of SHARD_PREFIXES) {
      if (!wanted()) return;
      // A file that cannot be read is left to #countShard, which reads the shard the usual way (and
      // reports damage). Decoding, parsing and counting each take a turn of the event loop of their
      // own: together, about 30 ms per shard at a million articles.
      let data: ProvenanceData | null | undefined;
      if (!this.has(prefix)) {
        const file = this.#file(prefix);
        const text = await file.readText().catch(() => undefined);
        await yieldToLoop();
        try {
          data = typeof text === 'string' ? file.parse(text) : text;
        } catch {
          data = undefined;
        }
        await yieldToLoop();
      }
      if (!wanted()) return;
      this.#countShard(prefix, data, count);
      await yieldToLoop();
    }
  }

  /** The same at once (lookups needed before the background count was done). */
  countNow(count: (fields: LookupFields) => void): void {
    if (this.legacy) return this.#countAll(count);
    for (const prefix of SHARD_PREFIXES) {
      let data: ProvenanceData | null | undefined;
      try {
        data = this.has(prefix) ? undefined : this.#file(prefix).readSync();
      } catch {
        data = undefined;
      }
      this.#countShard(prefix, data, count);
    }
  }

  /** Shard `prefix`'s provenance file. */
  #file(prefix: string): ReturnType<typeof provenanceShardFile> {
    return provenanceShardFile(join(this.#dir, 'catalog.json'), prefix);
  }

  #countAll(count: (fields: LookupFields) => void): void {
    this.ensure();
    for (const record of Object.values(this.#source.articles())) count(record as ArticleMeta);
  }

  /**
   * Counts one shard: from `data` (its file as read; undefined when it is in memory already or
   * could not be read) for records without provenance in memory, from the records for the others.
   * A record the file does not cover, or a file that could not be read, has the shard read the
   * usual way (repaired, rebuilt from body files) and counted from memory.
   */
  #countShard(prefix: string, data: ProvenanceData | null | undefined, count: (fields: LookupFields) => void): void {
    this.#source.knowSummaries(prefix);
    const articles = this.#source.articles();
    const ids = this.#source.idsOf(prefix);
    const uncovered = (id: string): boolean => {
      const r = articles[id];
      return (r === undefined ? this.#source.exists(id) : !('captures' in r)) && !data?.records[id];
    };
    if (data === undefined || ids.some(uncovered)) {
      this.ensureShard(prefix);
      data = undefined;
    }
    for (const id of ids) {
      const record = articles[id];
      if (record && 'captures' in record) count(record as ArticleMeta);
      else if (record || this.#source.exists(id)) {
        const found = data?.records[id];
        if (found) count({ id, captures: found.captures, textSha256: found.textSha256, assets: found.assets });
      }
    }
  }

  #finish(prefix: string, data: ProvenanceData | null): void {
    if (data) this.#apply(data);
    this.#rebuild(this.#source.idsOf(prefix));
    this.#done.add(prefix);
    if (this.#done.size === SHARD_PREFIXES.length) this.#loaded = true;
  }

  /** A damaged shard is kept aside and the newest backup's copy is used. */
  #fromBackup(prefix: string, reason: string): ProvenanceData | null {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let aside = '';
    if (!this.#readOnly) {
      aside = `provenance-${prefix}.damaged-${stamp}.json`;
      renameSync(join(this.#dir, 'provenance', `${prefix}.json`), join(this.#dir, aside));
    }
    const backups = readdirSyncSafe(join(this.#dir, 'backups')).filter((n) => /^provenance-/.test(n)).sort().reverse();
    const said = `the provenance file provenance/${prefix}.json could not be read (${reason})${aside ? `; it was kept as ${aside}` : ''}`;
    for (const name of backups) {
      try {
        const data = provenanceShardFile(join(this.#dir, 'backups', `${name.replace(/^provenance/, 'catalog')}.json`), prefix).readSync();
        if (!data) continue;
        this.#notices.push(`${said}; backups/${name}/${prefix}.json was used`);
        return data;
      } catch {
        // Try the next older backup.
      }
    }
    this.#notices.push(said);
    return null;
  }

  /** Gives the records of one shard their provenance, where they do not carry it already. */
  #apply(data: ProvenanceData): void {
    const articles = this.#source.articles();
    for (const [id, found] of Object.entries(data.records)) {
      const record = articles[id];
      if (!record || 'captures' in record) continue;
      // The capture's import time is most often the record's: one string for both.
      for (const capture of found.captures) if (capture.importedAt === record.importedAt) capture.importedAt = record.importedAt;
      const assets = found.assets.length === 0 ? NO_ASSETS : found.assets;
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets });
    }
  }

  /** Records among `ids` still without provenance get it rebuilt from their body files. */
  #rebuild(ids: Iterable<string>): void {
    const articles = this.#source.articles();
    let rebuilt = 0;
    for (const id of ids) {
      const record = articles[id];
      if (!record || 'captures' in record) continue;
      const found = this.#fromBody(id);
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets: found.assets });
      rebuilt++;
    }
    if (rebuilt > 0) this.#notices.push(`the provenance of ${rebuilt} article(s) was rebuilt from their body files`);
  }

  #fromBody(id: string): ArticleProvenance {
    try {
      const text = readFileSync(join(this.#dir, bodyRelPath(id)), 'utf8');
      const { recovery } = JSON.parse(text) as BodyFile;
      return { captures: recovery.captures, textSha256: recovery.textSha256, assets: recovery.assets, bodySha256: sha256(text) };
    } catch {
      // No body either: verify reports the article's missing file.
      return { captures: [], textSha256: '', assets: [], bodySha256: '' };
    }
  }
}
