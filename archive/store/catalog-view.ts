/**
 * The catalog as the store reads it: the data in memory, its shards (read in the background or
 * one at once), the manifest's head answering for it until every shard is in, provenance, and the
 * library's sorted and counted views; and how one op changes it and which shards that marks for
 * the next compaction. Nothing here waits for a write or touches the journal.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ArticleMeta, ArticleSummary, LibraryFacets, ListPage, ListQuery } from '../model.ts';
import { SHARD_PREFIXES, shardOf, type CatalogHead, type CatalogManifest } from './catalog-file.ts';
import type { JournalOp } from './journal.ts';
import { headPage, LibraryIndex } from './library.ts';
import { ProvenanceLoader } from './provenance.ts';
import { emptyCatalog, type CatalogData } from './schema.ts';
import { CatalogShards, writeCatalog } from './shards.ts';
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
    this.library = new LibraryIndex(() => this.data.articles, Date.now, (id) => this.shards.captureCount(id));
    this.provenance = new ProvenanceLoader(dir, readOnly, notices, {
      articles: () => this.data.articles,
      ensureSummaries: (prefix) => this.shards.ensure(prefix),
      idsOf: (prefix) => this.shards.idsOf(prefix),
      putOf: (prefix) => this.#put.get(prefix) ?? [],
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
  }

  /** Answers from `head` until the background load, which this starts, has read every shard. */
  loadInBackground(head: CatalogHead): Promise<void> {
    this.#head = head;
    return (async () => {
      const done = await this.shards.loadInBackground();
      if (!done) return;
      this.library.adopt(done.ascending, done.counts);
      this.#head = null;
    })();
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
      this.shards.ensure(prefix);
      for (const id of this.shards.idsOf(prefix)) {
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

  /** One record without its provenance: only its summary shard is read. */
  summary(id: string): ArticleSummary | undefined {
    this.shards.ensure(shardOf(id));
    return this.data.articles[id];
  }

  get #answering(): CatalogHead | null {
    return this.#head && !this.shards.complete ? this.#head : null;
  }

  get size(): number {
    return this.#answering?.total ?? this.library.size;
  }

  list(query: ListQuery): ListPage {
    const head = this.#answering;
    if (head) {
      const page = headPage(head, query);
      if (page) return page;
      this.shards.ensureAll();
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
