/**
 * The archive store: a catalog of small article records in lowdb shards under a manifest
 * (catalog-file.ts), a journal that makes each change durable without rewriting the catalog, and
 * content-addressed files for bodies, originals and assets. Files are written before the journal
 * line that refers to them: that line is the commit. Opening reads the manifest only and answers
 * the first page, the size and the facets from its head while the shards load in the background
 * (`loaded`); a question the head cannot answer reads what it needs at once (`get(id)` its id's
 * shard, another list every shard). After a crash, with journal ops to replay, every shard is read
 * before open resolves. Writes wait for the catalog and lookups.ts. Here: opening and closing, the write
 * queue and commit, the public reads and writes. Opening and recovery are in open.ts, the shards
 * in shards.ts, provenance in provenance.ts, the library's views in library.ts, the parts of a
 * write in writes.ts, highlights in ../highlights/.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, type ArchiveStats, type ArticleBody, type ArticleMeta, type ArticleSummary, type Capture, type LibraryFacets, type ListPage, type ListQuery, type ReadingState, type Settings, type VerifyReport } from '../model.ts';
import type { HighlightCatalog, HighlightOp } from '../highlights/catalog.ts';
import { removeLegacyProvenance } from './catalog-file.ts';
import { CatalogView } from './catalog-view.ts';
import { sha256, writeFileDurable } from './durable.ts';
import { ArchiveError, describeFsError } from './errors.ts';
import { dropJournalsBefore, journalGens, journalPath, JournalWriter, type JournalOp } from './journal.ts';
import { archiveStats } from './library.ts';
import type { ArchiveLock } from './lock.ts';
import { backupCatalog, prepareArchiveDir, readCatalog, readJournalOps, readoptBodies } from './open.ts';
import { newArticleRecord, normalizedText, originalRelPath, readBody } from './records.ts';
import { migrateCatalog } from './schema.ts';
import { verifyArchive } from './verify.ts';
import { WriteLookups } from './lookups.ts';
import { newCapture, partitionRestored, patchedRecord, removeArticleFiles, restoredOps, writeArticleFiles, type AddInput, type AddResult, type RestoredRecord } from './writes.ts';

export { bodyRelPath, newArticleRecord, normalizedText, originalRelPath, safeExt } from './records.ts';
export type { AddInput, AddResult } from './writes.ts';

/** One committed change, as `onChange` listeners hear it. */
export interface StoreChange {
  type: 'added' | 'updated' | 'removed';
  id: string;
  /** Set when what changed is the article's highlights. */
  highlights?: true;
}

/** How `ArchiveStore.open` opens an archive. */
export interface OpenOptions {
  /** Read without taking the lock: no writes, no backups (for `list`, `show`, `search`). */
  readOnly?: boolean;
  /** Journal entries after which the catalog is rewritten in the background. */
  compactAfter?: number;
  /** How many catalog backups to keep. */
  keepBackups?: number;
}

export class ArchiveStore {
  readonly notices: string[] = [];
  /** Resolves when every shard is in memory (at once after a crash's replay or for an old single-file catalog). */
  loaded: Promise<void> = Promise.resolve();
  readonly #catalog: CatalogView;
  #journal: JournalWriter | null = null;
  #lock: ArchiveLock | null = null;
  /** Lookups only writes need: counted from the provenance shards (which records do not keep) after a writer's open, or at first use. */
  #lookups: WriteLookups | null = null;
  #listeners = new Set<(change: StoreChange) => void>();
  #writes: Promise<unknown> = Promise.resolve();
  #compacting: Promise<void> | null = null;
  #backingUp: Promise<void> | null = null;
  #broken: Error | null = null;
  #closed = false;
  #journalDamage: string[] = [];
  /** The background count of the provenance shards into the lookups, started at open (none when read-only). */
  #provenanceLoad: Promise<void> | null = null;
  #replayed = 0;

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    readonly options: Required<Omit<OpenOptions, 'readOnly'>>,
  ) {
    this.#catalog = new CatalogView(dir, readOnly, this.notices);
  }

  /** Opens (or creates) the archive in `dir`; throws ArchiveError when it cannot be used. */
  static async open(dir: string, options: OpenOptions = {}): Promise<ArchiveStore> {
    const store = new ArchiveStore(dir, options.readOnly ?? false, {
      compactAfter: options.compactAfter ?? 5000,
      keepBackups: options.keepBackups ?? 5,
    });
    await store.#open();
    return store;
  }

  async #open(): Promise<void> {
    this.#lock = await prepareArchiveDir(this.dir, this.readOnly, this.notices);
    try {
      await this.#load();
    } catch (error) {
      await this.#lock?.release();
      throw error;
    }
  }

  async #load(): Promise<void> {
    const { data, manifest, legacy, recovered, catalogPresent } = await readCatalog(this.dir, this.readOnly, this.notices);
    // An old single-file catalog is migrated by writing every shard, then the manifest (the commit).
    const migrated = migrateCatalog(data) || legacy;
    this.#catalog.take(data, manifest, legacy, legacy || recovered);
    const ops = await readJournalOps(this.dir, data.journalGen, (message) => {
      this.#journalDamage.push(message);
      this.notices.push(message);
    });
    if (manifest && ops.length === 0) {
      this.loaded = this.#catalog.loadInBackground(manifest.head);
      this.loaded.catch(() => undefined);
    } else if (manifest) {
      // Ops to replay (a crash): the head no longer says what the catalog holds; read it all first.
      await this.#catalog.loadAll();
    }
    for (const op of ops) this.#catalog.apply(op);
    const replayed = ops.length;
    this.#replayed = replayed;
    if (!recovered && catalogPresent && !this.readOnly) this.#backingUp = backupCatalog(this.dir, this.options.keepBackups, this.notices);
    if (recovered) await readoptBodies(this.dir, data, this.notices);
    this.#lookups = null;
    this.#catalog.library.forgetSorted();
    if (this.readOnly) return;
    const gens = await journalGens(this.dir);
    const nextGen = Math.max(data.journalGen, ...gens, -1) + 1;
    this.#journal = await JournalWriter.open(this.dir, nextGen);
    // Started last, so its reads queue behind the caller's first page rather than before it.
    this.#provenanceLoad = this.loaded.then(async () => {
      const lookups = new WriteLookups((id) => this.#catalog.get(id));
      await this.#catalog.provenance.countInBackground((fields) => lookups.count(fields, +1), () => this.#lookups === null);
      this.#lookups ??= lookups;
    });
    this.#provenanceLoad.catch(() => undefined);
    if (recovered || migrated || gens.length > 3 || replayed > this.options.compactAfter) {
      // Folding journals in is housekeeping: on a full disk the archive opens as the journals have it.
      await this.compact().catch((error: unknown) => {
        const fs = describeFsError(error);
        if (!fs) throw error;
        this.notices.push(`the catalog was not rewritten (${fs})`);
      });
    }
  }

  get #index(): WriteLookups {
    if (!this.#lookups) {
      const lookups = new WriteLookups((id) => this.#catalog.get(id));
      this.#catalog.provenance.countNow((fields) => lookups.count(fields, +1));
      this.#lookups = lookups;
    }
    return this.#lookups;
  }

  /** Runs mutations one at a time, so the journal's order is the order they happened in. */
  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(async () => {
      // Writes need the whole catalog and the lookups counted from provenance: wait for the background work rather than do it at once.
      await this.loaded;
      await this.#provenanceLoad;
      if (this.#closed) throw new ArchiveError('invalid', 'the archive is closed');
      if (this.#broken) throw new ArchiveError('unusable', `an earlier write failed (${this.#broken.message}); reopen the archive`);
      if (this.readOnly || !this.#journal) throw new ArchiveError('read-only', 'the archive was opened read-only');
      return fn();
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** Applies ops in memory and makes them durable; a failed append leaves the store refusing writes. */
  async #commit(ops: JournalOp[], durable = true): Promise<void> {
    const journal = this.#journal;
    if (!journal) throw new ArchiveError('read-only', 'the archive was opened read-only');
    for (const op of ops) this.#catalog.apply(op);
    try {
      await journal.append(ops, durable);
    } catch (error) {
      this.#broken = error as Error;
      throw error;
    }
    if (journal.entries >= this.options.compactAfter && !this.#compacting) void this.compact().catch(() => undefined);
  }

  #emit(change: StoreChange): void {
    this.#catalog.library.changed(change.type, change.id);
    for (const listener of this.#listeners) listener(change);
  }

  /** Calls `listener` after every committed change; returns the unsubscribe function. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds an article and its original bytes; durable when it resolves. */
  addArticle(input: AddInput): Promise<AddResult> {
    return this.#serialized(() => this.#add(input));
  }

  async #add(input: AddInput): Promise<AddResult> {
    const { article, original } = input;
    const sha = sha256(original.bytes);
    const existing = this.#index.ownerOf(sha);
    if (existing) return { status: 'duplicate', id: existing, title: this.#catalog.summary(existing)?.title ?? article.title };
    const capture = newCapture(input, sha);
    const text = normalizedText(article.paragraphs);
    const textSha = sha256(text);
    const earlier = text.length > 0 ? this.#index.earlierCapture(article, text, textSha) : undefined;
    if (earlier) {
      await writeFileDurable(join(this.dir, originalRelPath(capture)), original.bytes);
      const meta: ArticleMeta = { ...earlier, captures: [...earlier.captures, capture] };
      this.#index.addOriginal(sha, earlier.id);
      await this.#commit([{ op: 'put', meta }]);
      this.#emit({ type: 'updated', id: earlier.id });
      return { status: 'capture', id: earlier.id, title: earlier.title };
    }
    let id = sha.slice(0, 16);
    if (this.#catalog.summary(id)) id = sha.slice(0, 24);
    // The record and body are built before any file is written: a page that cannot be stored
    // (too large to serialize, say) fails here and leaves nothing behind.
    const { meta, bodyText } = newArticleRecord(id, article, capture, text);
    await writeArticleFiles(this.dir, id, input, capture, bodyText);
    this.#index.count(meta, +1);
    this.#catalog.library.insertSorted(meta);
    await this.#commit([{ op: 'put', meta }]);
    this.#emit({ type: 'added', id });
    return { status: 'added', id, title: meta.title };
  }

  /**
   * Takes whole records whose files are already in place (a restore): ids already present are
   * left alone and returned as `existing`; the rest are committed in one durable journal append.
   */
  restoreArticles(records: RestoredRecord[]): Promise<{ added: string[]; existing: string[] }> {
    return this.#serialized(async () => {
      const { fresh, existing } = partitionRestored(records, (id) => this.#catalog.summary(id) !== undefined);
      if (fresh.length === 0) return { added: [], existing };
      for (const { meta } of fresh) this.#index.count(meta, +1);
      await this.#commit(restoredOps(fresh));
      this.#catalog.library.forgetSorted();
      for (const { meta } of fresh) this.#emit({ type: 'added', id: meta.id });
      return { added: fresh.map((r) => r.meta.id), existing };
    });
  }

  /** The article's catalog record. */
  get(id: string): ArticleMeta | undefined {
    return this.#catalog.get(id);
  }

  /** The id of the article that has a capture with these original bytes. */
  findByOriginal(originalSha256: string): string | undefined {
    return this.#index.ownerOf(originalSha256);
  }

  /** Every article record, in no particular order. */
  *all(): IterableIterator<ArticleMeta> { yield* Object.values(this.#catalog.records()); }

  /** An article's record without its provenance: what search needs, without reading provenance/. */
  summary(id: string): ArticleSummary | undefined { return this.#catalog.summary(id); }

  /** Every record without its provenance (see summary), in no particular order. */
  *summaries(): IterableIterator<ArticleSummary> { yield* this.#catalog.summariesByShard(); }

  /** How many articles the archive holds. */
  get size(): number { return this.#catalog.size; }

  /** For search: an article's ranking date, and every id, without reading records that a row index knows. */
  dateOf(id: string): string | undefined { return this.#catalog.dateOf(id); }
  filterFields(id: string): ArticleSummary | undefined { return this.#catalog.filterFields(id); }
  ids(): Iterable<string> { return this.#catalog.ids(); }

  /** Reads an article's body; throws ArchiveError when the article or its file is missing. */
  async getBody(id: string): Promise<ArticleBody> {
    // Only whether the article is there: its record is not read (a row index knows).
    if (!this.#catalog.filterFields(id)) throw new ArchiveError('not-found', `no article with id ${id}`);
    return readBody(this.dir, id);
  }

  /** Absolute path of a stored file, e.g. an asset name from a body. */
  assetPath(name: string): string {
    if (!/^[0-9a-f]{64}\.[a-z0-9]{1,10}$/.test(name)) throw new ArchiveError('invalid', `not an asset name: ${name}`);
    return join(this.dir, 'assets', name);
  }

  /** The original bytes of one capture. */
  async readOriginal(capture: Capture): Promise<Uint8Array> {
    return readFile(join(this.dir, originalRelPath(capture)));
  }

  /** One page of the library, sorted and filtered. */
  list(query: ListQuery = {}): ListPage {
    return this.#catalog.list(query);
  }

  /** Changes an article's title or tags. */
  update(id: string, patch: { title?: string; tags?: string[] }): Promise<ArticleMeta> {
    return this.#serialized(async () => {
      const meta = this.get(id);
      if (!meta) throw new ArchiveError('not-found', `no article with id ${id}`);
      const next = patchedRecord(meta, patch);
      await this.#commit([{ op: 'put', meta: next }]);
      this.#catalog.library.forgetSorted('title');
      this.#emit({ type: 'updated', id });
      return next;
    });
  }

  /** Removes articles with their files; returns the ids that were there. */
  remove(ids: string[]): Promise<string[]> {
    return this.#serialized(async () => {
      const metas = await this.#catalog.getMany(ids);
      if (metas.length === 0) return [];
      for (const meta of metas) this.#index.count(meta, -1);
      await this.#commit(metas.map((m) => ({ op: 'del', id: m.id }) as const));
      this.#catalog.library.forgetSorted();
      // The catalog no longer refers to these files; a crash here leaves orphans that verify removes.
      for (const meta of metas) {
        await removeArticleFiles(this.dir, meta, (asset) => this.#index.assetRefs.has(asset));
        this.#emit({ type: 'removed', id: meta.id });
      }
      return metas.map((m) => m.id);
    });
  }

  /** The saved reading position of an article, if any. */
  getReadingState(id: string): ReadingState | null {
    return this.#catalog.data.reading[id] ?? null;
  }

  /** Saves the reading position: one journal line, never a catalog rewrite. */
  saveReadingState(id: string, progress: number): Promise<ReadingState> {
    return this.#serialized(async () => {
      if (!this.get(id)) throw new ArchiveError('not-found', `no article with id ${id}`);
      const state: ReadingState = { progress: Math.min(1, Math.max(0, progress)), lastOpenedAt: new Date().toISOString() };
      await this.#commit([{ op: 'state', id, state }]);
      return state;
    });
  }

  /** The reader's settings, with defaults for any not saved. */
  getSettings(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.#catalog.data.settings };
  }

  /** Saves a change of settings: one journal line. */
  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.#serialized(async () => {
      const settings = { ...this.getSettings(), ...patch };
      await this.#commit([{ op: 'settings', settings }]);
      return settings;
    });
  }

  /** The catalog's highlights by article, in the original script (archive/highlights/ reads them here). */
  get highlightCatalog(): Readonly<HighlightCatalog> { return this.#catalog.data; }

  /** Commits the highlight ops `plan` builds in the write queue (it may refuse by throwing); one journal line each. */
  changeHighlights<T>(articleId: string, plan: () => { ops: HighlightOp[]; result: T }): Promise<T> {
    return this.#serialized(async () => {
      const { ops, result } = plan();
      await this.#commit(ops);
      this.#emit({ type: 'updated', id: articleId, highlights: true });
      return result;
    });
  }

  /** The sources and tags with their counts, and the span of dates: what the library's filters offer. */
  facets(): LibraryFacets {
    return this.#catalog.facets();
  }

  /** How many articles, captures, sources and tags the archive holds, and its originals' bytes. */
  stats(): ArchiveStats {
    return archiveStats(this.summaries(), (count) => this.#catalog.provenance.countNow(count), this.size, this.#catalog.data.schemaVersion);
  }

  /** Checks every file against the catalog; orphans of interrupted adds are removed unless read-only. */
  verify(options: { repair?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyReport> {
    const { repair = false, onProgress } = options;
    const run = (): Promise<VerifyReport> =>
      verifyArchive({ dir: this.dir, articles: Object.values(this.#catalog.records()), journalDamage: this.#journalDamage, clean: !this.readOnly, repair, ...(onProgress ? { onProgress } : {}) });
    return this.readOnly ? run() : this.#serialized(run);
  }

  /**
   * Folds the journal into the catalog: the next journal is started first, so changes made while
   * the catalog is written go to it, and replaying it over the new catalog is harmless. Only the
   * shards changed since the last compaction are written, then the manifest (the commit; see
   * writeCatalog), then the journals before it are dropped.
   */
  compact(): Promise<void> {
    if (this.readOnly) return Promise.resolve();
    this.#compacting ??= (async () => {
      try {
        await this.#backingUp;
        const old = this.#journal;
        if (!old) return;
        await this.loaded;
        const next = await JournalWriter.open(this.dir, old.gen + 1);
        this.#journal = next;
        await old.close();
        this.#catalog.data.journalGen = next.gen;
        await this.#provenanceLoad;
        await this.#catalog.write();
        await dropJournalsBefore(this.dir, next.gen);
        // After a migration, the old provenance files are folded into the new shards.
        await removeLegacyProvenance(this.dir);
        this.#catalog.provenance.legacy = false;
      } finally {
        this.#compacting = null;
      }
    })();
    return this.#compacting;
  }

  /** Waits for pending writes, folds the journal into the catalog and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    // A reader stops its background load (a CLI `show` does not read the whole catalog to exit).
    if (this.readOnly) this.#catalog.shards.stop();
    await this.loaded.catch(() => undefined);
    await this.#writes;
    await this.#provenanceLoad?.catch(() => undefined);
    this.#closed = true;
    if (!this.readOnly) {
      await this.#compacting;
      const journal = this.#journal;
      let failure: unknown = null;
      if (!this.#broken && journal && (journal.entries > 0 || this.#replayed > 0 || this.#catalog.shards.recovered)) {
        // A failed catalog write loses nothing: the journals hold every commit and are read back
        // on the next open. The lock is still released; the caller hears what happened.
        await this.compact().catch((error: unknown) => (failure = error));
      }
      await this.#backingUp;
      const last = this.#journal;
      await last?.close();
      // A journal that received nothing is removed rather than left for the next open to read.
      if (last && last.entries === 0 && !this.#broken) await unlink(journalPath(this.dir, last.gen)).catch(() => undefined);
      this.#journal = null;
      if (failure) {
        await this.#lock?.release();
        const fs = describeFsError(failure, join(this.dir, 'catalog.json'));
        if (!fs) throw failure;
        throw new ArchiveError('unusable', `the catalog was not rewritten at close: ${fs}. Every change is kept in the archive's journal and read back when it is next opened`);
      }
    }
    await this.#lock?.release();
  }
}
