/**
 * The catalog as the store reads it: the data in memory, its shards (read in the background or
 * one at once), the manifest's head answering for it until every shard is in, provenance, and the
 * library's sorted and counted views; and how one op changes it and which shards that marks for
 * the next compaction. Nothing here waits for a write or touches the journal.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { ArticleMeta, ArticleSummary, LibraryFacets, ListPage, ListQuery } from '../model.ts';
import { headOf, manifestOf, SHARD_PREFIXES, shardOf, writeManifest, writeShards, type CatalogHead, type CatalogManifest } from './catalog-file.ts';
import type { JournalOp } from './journal.ts';
import { headPage, LibraryIndex, type LibraryRecords } from './library.ts';
import { ProvenanceLoader } from './provenance.ts';
import { emptyCatalog, type CatalogData } from './schema.ts';
import { CatalogShards } from './shards.ts';
import { applyOp } from './writes.ts';

export class CatalogView {
  data: CatalogData = emptyCatalog();
  shards: CatalogShards;
  readonly library: LibraryIndex;
  readonly provenance: ProvenanceLoader;
  /** The manifest's head, answering for the catalog until every shard is read. */
  #head: CatalogHead | null = null;
  /** Ids put since open, by shard (their records carry provenance; the shard files may not list them). */
  readonly #put = new Map<string, Set<string>>();

  constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    readonly notices: string[],
  ) {
    this.shards = new CatalogShards(dir, readOnly, notices, () => this.data.articles, null, false);
    const records: LibraryRecords = {
      // The shards known by their row index first: at a million nearly every id is there.
      fields: (id) => this.shards.fields(id) ?? this.data.articles[id],
      row: (id) => this.data.articles[id] ?? this.shards.row(id),
      ids: () => this.#ids(),
      count: () => Object.keys(this.data.articles).length + this.shards.indexedCount,
      // Titles are not in the row indexes: a sort by title reads them from each shard's titles file.
      needTitles: () => this.shards.readTitles(),
      fieldsAt: (loc) => this.shards.fieldsAt(loc),
    };
    this.library = new LibraryIndex(records, Date.now, (id) => this.shards.captureCount(id));
    this.provenance = new ProvenanceLoader(dir, readOnly, notices, {
      articles: () => this.data.articles,
      ensureSummaries: (prefix) => this.shards.ensure(prefix),
      knowSummaries: (prefix) => {
        if (this.shards.isPending(prefix)) this.shards.ensure(prefix);
      },
      exists: (id) => records.fields(id) !== undefined,
      idsOf: (prefix) => this.#shardIds(prefix),
    });
  }

  /**
   * Takes what opening read: with a manifest, the shards stay on disk; `rewriteAll` (a migration,
   * a recovery) marks every shard for the next compaction.
   */
  take(data: CatalogData, manifest: CatalogManifest | null, legacy: boolean, rewriteAll: boolean): void {
    this.data = data;
    this.provenance.legacy = legacy;
    this.shards = new CatalogShards(this.dir, this.readOnly, this.notices, () => this.data.articles, manifest?.shards ?? null, rewriteAll);
    this.shards.reshaped = () => this.library.forgetAll();
  }

  /** Answers from `head` until the background load, which this starts, has read every shard. */
  loadInBackground(head: CatalogHead): Promise<void> {
    this.#head = head;
    return (async () => {
      const done = await this.shards.loadInBackground();
      if (!done) return;
      this.library.adopt(done.ascending, done.counts, done.locs);
      this.#head = null;
    })();
  }

  /** The ids of shard `prefix`: those its file held when read, then those put since open (in neither the file nor its run), each once. */
  #shardIds(prefix: string): readonly string[] {
    const put = this.#put.get(prefix);
    return put ? [...new Set([...this.shards.idsOf(prefix), ...put])] : this.shards.idsOf(prefix);
  }

  /** Every article's id: those in memory, then those of shards known by their row index. */
  *#ids(): IterableIterator<string> {
    yield* Object.keys(this.data.articles);
    yield* this.shards.indexedIds();
  }

  /** Every article's id (every shard known now, by its row index or read whole). */
  ids(): Iterable<string> {
    this.shards.ensureKnown();
    return [...this.#ids()];
  }

  /** The date an article is ranked by (publishedAt, else importedAt), without reading its record when a row index knows it. */
  dateOf(id: string): string | undefined {
    const fields = this.filterFields(id);
    return fields ? (fields.publishedAt ?? fields.importedAt) : undefined;
  }

  /** The fields the library's filters read (a shared object for a shard known by its row index). */
  filterFields(id: string): ArticleSummary | undefined {
    const fields = this.shards.fields(id);
    if (fields) return fields;
    if (this.shards.isPending(shardOf(id))) this.shards.ensure(shardOf(id));
    return this.data.articles[id];
  }

  /** Reads every shard (before a replay: the head no longer says what the catalog holds). */
  async loadAll(): Promise<void> {
    await this.shards.loadInBackground();
  }

  /** The whole catalog's summaries (every shard read now if the background load has not yet). */
  summaries(): CatalogData['articles'] {
    if (!this.shards.complete) this.shards.ensureAll();
    return this.data.articles;
  }

  /**
   * Every summary, shard by shard: a shard is read only when the iteration reaches it, so a
   * caller that wants only the first (is there any?) reads one shard, not the catalog.
   */
  *summariesByShard(): IterableIterator<ArticleSummary> {
    if (this.shards.complete) {
      yield* Object.values(this.data.articles);
      return;
    }
    for (const prefix of SHARD_PREFIXES) {
      // A shard known by its row index is read for this pass and not kept.
      const peeked = this.shards.peek(prefix);
      if (peeked) {
        yield* peeked;
        continue;
      }
      this.shards.ensure(prefix);
      for (const id of this.#shardIds(prefix)) {
        const record = this.data.articles[id];
        if (record) yield record;
      }
    }
  }

  /** Every record with its provenance (read now if it has not been yet). */
  records(): Record<string, ArticleMeta> {
    this.summaries();
    this.provenance.ensure();
    return this.data.articles as Record<string, ArticleMeta>;
  }

  /** One record with its provenance: only its shard is read. */
  get(id: string): ArticleMeta | undefined {
    const prefix = shardOf(id);
    this.shards.ensure(prefix);
    this.provenance.ensureShard(prefix);
    return this.data.articles[id] as ArticleMeta | undefined;
  }

  /** The records of `ids` that exist, with provenance: one turn of the event loop per shard read for them. */
  async getMany(ids: readonly string[]): Promise<ArticleMeta[]> {
    const metas: ArticleMeta[] = [];
    for (const id of ids) {
      const read = this.provenance.has(shardOf(id));
      const meta = this.get(id);
      if (meta) metas.push(meta);
      if (!read) await yieldToLoop();
    }
    return metas;
  }

  /** One record without its provenance: only its summary shard is read (only its bytes, when a row index knows it). */
  summary(id: string): ArticleSummary | undefined {
    const prefix = shardOf(id);
    if (this.shards.isIndexed(prefix)) return this.shards.row(id);
    this.shards.ensure(prefix);
    return this.data.articles[id];
  }

  get #answering(): CatalogHead | null {
    return this.#head && !this.shards.known ? this.#head : null;
  }

  get size(): number {
    return this.#answering?.total ?? this.library.size;
  }

  list(query: ListQuery): ListPage {
    const head = this.#answering;
    if (head) {
      const page = headPage(head, query);
      if (page) return page;
      this.shards.ensureKnown();
    }
    return this.library.list(query);
  }

  facets(): LibraryFacets {
    return this.#answering?.facets ?? this.library.facets();
  }

  /** Applies one op in memory and marks the shard it touches (replay and live writes share this). */
  apply(op: JournalOp): void {
    // Every change to the articles passes here: the filtered list's ids are forgotten.
    if (op.op !== 'state' && op.op !== 'settings') this.library.forgetFiltered();
    // A shard known only by its row index has its records read first: ops change records in memory.
    // A reading position needs only to know the article is there.
    if (op.op === 'state' && this.shards.fields(op.id)) {
      this.data.reading[op.id] = op.state;
      return;
    }
    const touched = op.op === 'put' ? op.meta.id : op.op === 'del' || op.op === 'state' ? op.id : op.op === 'highlight' ? op.highlight.articleId : op.op === 'unhighlight' ? op.articleId : null;
    if (touched !== null) this.shards.ensure(shardOf(touched));
    if (op.op === 'put') {
      this.shards.changed(op.meta.id);
      const prefix = shardOf(op.meta.id);
      let put = this.#put.get(prefix);
      if (!put) this.#put.set(prefix, (put = new Set()));
      put.add(op.meta.id);
    }
    else if (op.op === 'del') this.shards.changed(op.id);
    else if (op.op === 'unhighlight') this.shards.changed(op.articleId);
    else if (op.op === 'highlight') this.shards.changed(op.highlight.articleId);
    applyOp(this.data, op);
  }

  /** Writes the shards changed since the last compaction, then the manifest (the commit). */
  async write(): Promise<void> {
    const changed = this.shards.takeChanged();
    try {
      // A shard is written from whole records: the provenance of those it rewrites is read first
      // (a writer keeps the rest on disk).
      for (const prefix of changed) {
        if (this.provenance.has(prefix)) continue;
        this.provenance.ensureShard(prefix);
        await yieldToLoop();
      }
      await writeCatalog(this.dir, this.data, changed, this.shards, this.library);
    } catch (error) {
      this.shards.unwritten(changed);
      throw error;
    }
  }
}

/**
 * A compaction's writes: the shards in `changed` (their records found in slices, yielding between
 * them), then the manifest with the head of `library` (which sees the whole catalog): its rename
 * is the commit. A crash before it leaves the old manifest, whose journalGen replays every journal
 * still there over the shards, written or not: each op sets or removes a whole record, so
 * replaying it over a shard that already holds its effect changes nothing.
 */
async function writeCatalog(dir: string, data: CatalogData, changed: Set<string>, shards: CatalogShards, library: LibraryIndex): Promise<void> {
  const path = join(dir, 'catalog.json');
  const byPrefix = new Map<string, string[]>([...changed].sort().map((p) => [p, []]));
  if (byPrefix.size > 0) {
    const ids = Object.keys(data.articles);
    for (let i = 0; i < ids.length; i++) {
      byPrefix.get(shardOf(ids[i]!))?.push(ids[i]!);
      if ((i & 16383) === 16383) await yieldToLoop();
    }
  }
  const counts = await writeShards(path, data.articles, byPrefix, yieldToLoop);
  const listed = shards.wrote(counts);
  await writeManifest(path, manifestOf(data, listed, headOf(library)));
}
