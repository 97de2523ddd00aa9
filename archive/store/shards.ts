/**
 * The catalog's summary shards in memory: which of the 256 have been read, read one at once when
 * a question needs it (`get(id)` reads only its id's shard) or all of them in the background, one
 * per turn of the event loop; each shard's records kept as a sorted run (the file holds them in
 * the default order) and counted into the facets as it arrives, so that once the last is in, the
 * runs are merged in time slices into the default sort, with no sort of the whole catalog and no
 * long stall. A shard with a row index (rows.ts) that is its own is taken by that index alone:
 * its records stay on disk until something needs them whole (`ensure`), the library reads its
 * fields and rows through it. Also which shards changed since the last compaction (only those
 * are rewritten). A shard that does not parse is recovered (recover.ts).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { ArticleSummary } from '../model.ts';
import { CorruptCatalogError, rowsPath, titlesPath, SHARD_PREFIXES, shardOf, summaryShardFile, type SummaryShard } from './catalog-file.ts';
import { countFacets, newFacetCounts, type FacetCounts } from './library.ts';
import { recoverShard } from './recover.ts';
import { LOC_ROW_BITS, mergeRuns, sortRun, type Run } from './runs.ts';
import { IndexedShard, readRowIndexSync, readTitlesSync, type RowIndex } from './rows.ts';
import { readShards } from './shard-reads.ts';
import type { CatalogData } from './schema.ts';

/** The tags of a record read without any (most of them): one shared list, frozen so no write changes it in place. */
const NO_TAGS = Object.freeze([]) as unknown as string[];

/** Records taken in per turn of the event loop. */
const INGEST_SLICE = 1024;

/** How long a slice of the merge may run before it yields to the event loop. */
const SLICE_MS = 8;

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
}

/**
 * The number of the shard of `id` (its first two hex digits as a number), -1 when they are not
 * hex digits; no string is made. (No closure inside: tsx names each one it makes, at a cost.)
 */
function shardNumber(id: string): number {
  const digit = hexDigit;
  const hi = digit(id.charCodeAt(0));
  const lo = digit(id.charCodeAt(1));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

export class CatalogShards {
  readonly #dir: string;
  readonly #readOnly: boolean;
  readonly #notices: string[];
  readonly #articles: () => CatalogData['articles'];
  /** Shards not read yet. */
  readonly #pending: Set<string>;
  /** Shards known by their row index: their records are on disk, none in the catalog's articles (a write reads the shard first). */
  readonly #indexed = new Map<string, IndexedShard>();
  /** Called when a shard read whole does not hold what its row index said: the library's lists and counts are made again. */
  reshaped: (() => void) | null = null;
  /** Whether the counts the background load makes no longer hold (a shard was not what its row index said). */
  #countsStale = false;
  /** Whether a shard was recovered from a backup: the writer writes the catalog at close even with no change. */
  recovered = false;
  /** The same by shard number (see shardNumber): looked up for every id of a filtered list. */
  readonly #byNumber: (IndexedShard | undefined)[] = [];
  readonly #runs = new Map<string, Run>();
  /** Shards the background load is taking in, each with what finishes it at once. */
  readonly #partial = new Map<string, () => void>();
  #counts: FacetCounts = newFacetCounts(Date.now());
  /** Captures of the records read without provenance that have other than one (the list shows the number). */
  readonly #captureCounts = new Map<string, number>();
  #dirty = new Set<string>();
  /** Each shard's record count as last written (the manifest lists them). */
  readonly #written = new Map<string, number>();
  #stopped = false;
  /** Repeated strings (sources, languages, bylines, dates, tags) shared rather than kept once per record. */
  readonly #interned = new Map<string, string>();

  /**
   * `listed` is the manifest's shard list when the shards are still on disk; null when the
   * catalog is in memory already (an old single-file catalog, a recovery, a new archive): then
   * every shard is marked changed when `rewriteAll` says so.
   */
  constructor(dir: string, readOnly: boolean, notices: string[], articles: () => CatalogData['articles'], listed: Record<string, number> | null, rewriteAll: boolean) {
    this.#dir = dir;
    this.#readOnly = readOnly;
    this.#notices = notices;
    this.#articles = articles;
    this.#pending = new Set(listed ? SHARD_PREFIXES : []);
    for (const [prefix, count] of Object.entries(listed ?? {})) this.#written.set(prefix, count);
    if (!listed) {
      for (const id of Object.keys(articles())) this.#runOf(shardOf(id)).ids.push(id);
      if (rewriteAll) this.#dirty = new Set(SHARD_PREFIXES);
    }
  }

  /** The number of captures of a record read without its provenance. */
  captureCount(id: string): number {
    return this.#captureCounts.get(id) ?? 1;
  }

  /** The ids a shard file held when read (records added since carry their provenance). */
  idsOf(prefix: string): readonly string[] {
    return this.#runs.get(prefix)?.ids ?? [];
  }

  /** Reads one shard's records now, unless they are in memory already. */
  ensure(prefix: string): void {
    const partial = this.#partial.get(prefix);
    if (partial) return partial();
    const indexed = this.#indexed.get(prefix);
    if (!indexed && !this.#pending.has(prefix)) return;
    let shard: SummaryShard | null;
    try {
      shard = this.#file(prefix).readSync();
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      shard = this.#recover(prefix, error.message);
    }
    if (!indexed) return this.#ingest(prefix, shard);
    // Known by its row index: its run and counts stand; only its records come into memory.
    this.#indexed.delete(prefix);
    this.#byNumber[Number.parseInt(prefix, 16)] = undefined;
    const ids = shard ? Object.keys(shard.records) : [];
    if (!shard || shard.stamp !== indexed.stamp || ids.length !== indexed.ids.length) {
      // Not the file the index described (recovered from a backup, or rewritten by another
      // process): taken in as a shard read whole, its run what was read (its counts go into
      // counts no longer used), and the library sorts and counts again.
      this.#runs.delete(prefix);
      this.#ingest(prefix, shard);
      this.#countsStale = true;
      this.reshaped?.();
      return;
    }
    this.#take(prefix, shard, ids, 0, ids.length, false);
    for (const [id, n] of Object.entries(shard.captures ?? {})) this.#captureCounts.set(id, n);
  }

  /** Whether the library knows every shard's ids and fields (from records or row indexes). */
  get known(): boolean {
    return this.#pending.size === 0;
  }

  /** Whether every shard's records are in memory. */
  get complete(): boolean {
    return this.#pending.size === 0 && this.#indexed.size === 0;
  }

  /** The sort and filter fields of an article of a shard known by its row index (a shared object: see IndexedShard.fields). */
  fields(id: string): ArticleSummary | undefined {
    if (this.#indexed.size === 0) return undefined;
    const shard = this.#byNumber[shardNumber(id)];
    const r = shard?.rowOf(id);
    return r === undefined ? undefined : shard!.fields(r);
  }

  /** Whether shard `prefix` is known by its row index (its records on disk). */
  isIndexed(prefix: string): boolean {
    return this.#indexed.has(prefix);
  }

  /** Whether shard `prefix` is not read at all yet. */
  isPending(prefix: string): boolean {
    return this.#pending.has(prefix);
  }

  /** The records of a shard known by its row index, read from disk and not kept (null when it is not such a shard). */
  peek(prefix: string): ArticleSummary[] | null {
    if (!this.#indexed.has(prefix)) return null;
    let shard: SummaryShard | null;
    try {
      shard = this.#file(prefix).readSync();
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      // Damaged past its stamp: read the usual way (recovered); the caller takes it from memory.
      this.ensure(prefix);
      return null;
    }
    if (!shard) return [];
    const records = Object.values(shard.records);
    for (const [id, record] of Object.entries(shard.records)) record.id = id;
    return records;
  }

  /** The whole record of an article of a shard known by its row index, read from the shard's bytes (the shard read whole if they moved). */
  row(id: string): ArticleSummary | undefined {
    const prefix = shardOf(id);
    const shard = this.#indexed.get(prefix);
    const r = shard?.rowOf(id);
    if (r === undefined) return undefined;
    const record = shard!.read(r);
    if (record) return record;
    this.ensure(prefix);
    return this.#articles()[id];
  }

  /** The ids of the shards known by their row index (their records are not among the catalog's articles). */
  *indexedIds(): IterableIterator<string> {
    for (const shard of this.#indexed.values()) yield* shard.ids;
  }

  /** How many articles the shards known by their row index hold. */
  get indexedCount(): number {
    let n = 0;
    for (const shard of this.#indexed.values()) n += shard.ids.length;
    return n;
  }

  /** Knows every shard not read yet now, by its row index or else read whole (a question that cannot wait for the background load). */
  ensureKnown(): void {
    for (const prefix of [...this.#pending]) {
      if (this.#partial.has(prefix)) {
        this.ensure(prefix);
        continue;
      }
      const path = this.#file(prefix).path;
      const rows = readRowIndexSync(rowsPath(path), path);
      if (rows) this.#index(prefix, rows);
      else this.ensure(prefix);
    }
  }

  /** Reads the titles of every shard known by its row index (for a sort by title); a shard whose titles file is not its own is read whole. */
  readTitles(): void {
    for (const [prefix, shard] of [...this.#indexed]) {
      if (shard.hasTitles) continue;
      const titles = readTitlesSync(titlesPath(this.#file(prefix).path), shard.stamp, shard.ids.length);
      if (titles) shard.titles = titles;
      else this.ensure(prefix);
    }
  }

  /** Ends a background load early (the store is closing). */
  stop(): void {
    this.#stopped = true;
  }

  /** Reads every shard's records now. */
  ensureAll(): void {
    for (const prefix of [...this.#pending, ...this.#indexed.keys()]) this.ensure(prefix);
  }

  /** The summary shard file of `prefix`. */
  #file(prefix: string): ReturnType<typeof summaryShardFile> {
    return summaryShardFile(join(this.#dir, 'catalog.json'), prefix);
  }

  /**
   * Reads the remaining shards one per turn of the event loop, then merges their runs in time
   * slices; resolves with the ids in ascending default order and the facet counts (null when
   * stopped first).
   */
  async loadInBackground(): Promise<{ ascending: string[]; locs: number[]; counts: FacetCounts | null } | null> {
    // Decoding a shard's text, parsing it and taking its records in each run in turns of their
    // own, so that no turn holds the event loop for all three (reads and parses: shard-reads.ts).
    const reads = readShards(
      SHARD_PREFIXES.filter((p) => this.#pending.has(p)),
      {
        file: (prefix) => this.#file(prefix),
        wanted: (prefix) => this.#pending.has(prefix),
        stopped: () => this.#stopped,
        readWhole: (prefix) => {
          // A writer gives it a row index at the next compaction.
          if (!this.#readOnly) this.#dirty.add(prefix);
        },
      },
    );
    for await (const read of reads) {
      const { prefix } = read;
      let shard: RowIndex | SummaryShard | null;
      if ('damaged' in read) {
        if (!this.#pending.has(prefix)) continue;
        shard = this.#recover(prefix, read.damaged.message);
      } else {
        shard = read.shard;
      }
      await yieldToLoop();
      if (shard && 'stamp' in shard && 'ids' in shard) {
        if (this.#pending.has(prefix)) this.#index(prefix, shard);
        continue;
      }
      // Read meanwhile by a question that needed it at once.
      if (this.#pending.has(prefix)) await this.#ingestInSlices(prefix, shard);
      await yieldToLoop();
    }
    if (this.#stopped) return null;
    const merged = await this.#merge();
    return { ...merged, counts: this.#countsStale ? null : this.#counts };
  }

  /** Marks the shard of `id` changed (every write to an article passes here). */
  changed(id: string): void {
    this.#dirty.add(shardOf(id));
  }

  /** The shards changed since the last compaction, forgotten until `unwritten` gives them back. */
  takeChanged(): Set<string> {
    const taken = this.#dirty;
    this.#dirty = new Set();
    return taken;
  }

  /** Shards a failed compaction did not write: changed still. */
  unwritten(prefixes: Iterable<string>): void {
    for (const prefix of prefixes) this.#dirty.add(prefix);
  }

  /** Records the counts of shards just written; returns the manifest's shard list. */
  wrote(counts: Map<string, number>): Record<string, number> {
    for (const [prefix, count] of counts) {
      if (count > 0) this.#written.set(prefix, count);
      else this.#written.delete(prefix);
    }
    return Object.fromEntries([...this.#written].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }

  #runOf(prefix: string): Run {
    let run = this.#runs.get(prefix);
    if (!run) this.#runs.set(prefix, (run = { ids: [], keys: [] }));
    return run;
  }

  #intern(value: string): string {
    const known = this.#interned.get(value);
    if (known !== undefined) return known;
    this.#interned.set(value, value);
    return value;
  }

  /** Takes one shard by its row index: its run, its counts and its capture counts; its records stay on disk. */
  #index(prefix: string, rows: RowIndex): void {
    this.#pending.delete(prefix);
    const shard = new IndexedShard(rows, this.#file(prefix).path, (v) => this.#intern(v));
    this.#indexed.set(prefix, shard);
    this.#byNumber[Number.parseInt(prefix, 16)] = shard;
    for (const [id, n] of shard.captureCounts) this.#captureCounts.set(id, n);
    for (let r = 0; r < shard.ids.length; r++) countFacets(this.#counts, shard.fields(r));
    this.#runs.set(prefix, { ids: shard.ids, keys: shard.keys, rows: true });
    this.#end(prefix, { version: 1, records: {} });
  }

  /**
   * The fields of the row at `loc` (a location the load gave with the default order: a shard's
   * number and a place in its run, which is the row for a shard known by its row index) while
   * that shard is known by its row index; else undefined (it is then found by id).
   */
  fieldsAt(loc: number): ArticleSummary | undefined {
    return this.#byNumber[loc >>> LOC_ROW_BITS]?.fields(loc & ((1 << LOC_ROW_BITS) - 1));
  }

  /** Puts one shard's records in the catalog, keeps its run, counts its facets. */
  #ingest(prefix: string, shard: SummaryShard | null): void {
    this.#pending.delete(prefix);
    if (!shard) return;
    const ids = Object.keys(shard.records);
    this.#take(prefix, shard, ids, 0, ids.length);
    this.#end(prefix, shard);
  }

  /**
   * The same in slices of INGEST_SLICE records, yielding between them. Until the last is in, the
   * shard counts as not read: a question that needs it at once (`ensure`) finishes it then.
   */
  async #ingestInSlices(prefix: string, shard: SummaryShard | null): Promise<void> {
    if (!shard) return this.#ingest(prefix, shard);
    const ids = Object.keys(shard.records);
    let done = 0;
    const finish = (): void => {
      this.#partial.delete(prefix);
      this.#pending.delete(prefix);
      this.#take(prefix, shard, ids, done, ids.length);
      done = ids.length;
      this.#end(prefix, shard);
    };
    this.#partial.set(prefix, finish);
    while (done < ids.length) {
      const to = Math.min(ids.length, done + INGEST_SLICE);
      this.#take(prefix, shard, ids, done, to);
      done = to;
      if (done < ids.length) {
        await yieldToLoop();
        if (!this.#partial.has(prefix)) return;
      }
    }
    if (this.#partial.has(prefix)) finish();
  }

  /** Takes the records ids[from..to) of a shard being read (into its run and the counts too unless `counted` is false). */
  #take(prefix: string, shard: SummaryShard, ids: string[], from: number, to: number, counted = true): void {
    const articles = this.#articles();
    const run = this.#runOf(prefix);
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      const record = shard.records[id] as ArticleSummary;
      // The key's string is the id's: one copy rather than two.
      record.id = id;
      if (record.source !== null) record.source = this.#intern(record.source);
      if (record.lang !== null) record.lang = this.#intern(record.lang);
      if (record.byline !== null) record.byline = this.#intern(record.byline);
      if (record.publishedAt !== null) record.publishedAt = this.#intern(record.publishedAt);
      // Most records have no tags: they share one frozen empty list rather than keep one each.
      if (record.tags.length === 0) record.tags = NO_TAGS;
      for (let t = 0; t < record.tags.length; t++) record.tags[t] = this.#intern(record.tags[t]!);
      articles[id] = record;
      if (!counted) continue;
      run.ids.push(id);
      run.keys.push(record.publishedAt ?? record.importedAt);
      countFacets(this.#counts, record);
    }
  }

  /** A shard's records all taken: its capture counts kept, its run sorted if the file was not in order. */
  #end(prefix: string, shard: SummaryShard): void {
    const run = this.#runOf(prefix);
    for (const [id, n] of Object.entries(shard.captures ?? {})) this.#captureCounts.set(id, n);
    // Not written by this app in order (or re-adopted records added): sort this one shard.
    sortRun(run);
  }

  /** Merges the runs into the default order (see mergeRuns); the runs keep their ids only. */
  async #merge(): Promise<{ ascending: string[]; locs: number[] }> {
    const merged = await mergeRuns(SHARD_PREFIXES.map((p) => this.#runs.get(p)), SLICE_MS);
    for (const run of this.#runs.values()) run.keys = [];
    return merged;
  }

  /** A damaged shard: kept aside (by a writer), the newest backup's copy read, its articles' files re-adopted (see recoverShard). */
  #recover(prefix: string, reason: string): SummaryShard {
    const { shard, notice } = recoverShard(this.#dir, prefix, reason, this.#readOnly);
    if (!this.#readOnly) {
      this.#dirty.add(prefix);
      this.recovered = true;
    }
    this.#notices.push(notice);
    return shard;
  }
}
