/**
 * Full-text search over the archive, across scripts. Titles, bylines, sources and bodies are
 * folded (see fold.ts) and indexed as CJK characters and character pairs with their positions
 * (any substring of a query is found without word segmentation, exactly: longer runs are pairs
 * in place) and as words (matched by prefix); contents.ts holds them, answer.ts answers queries.
 *
 * On disk: `<archive>/search/`, immutable segment files (segment-file.ts) named by a manifest
 * (manifest.ts), whose rename is the commit. Opening reads the manifest and each segment's table
 * and dictionaries, never the lists, then catches up with the store in the background. What was
 * indexed since is written as one new small segment (`save`, or past FLUSH_BYTES while indexing),
 * never the whole index; small segments are merged in the background (merge.ts), dropping the
 * removed documents. Writers that have not loaded the index add segments themselves (persist.ts).
 * A process that opened the archive read-only writes only while it can take the archive's lock,
 * and only if no one committed since it read the manifest; otherwise the next writer or reader does.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { join } from 'node:path';
import { acquireLock } from '../store/lock.ts';
import { APP_NAME } from '../version.ts';
import type { SearchHit, SearchResults } from '../model.ts';
import { foldTables, foldText } from './fold.ts';
import { IndexContents } from './contents.ts';
import { MemoryPart } from './memory-part.ts';
import { CorruptIndex, SegmentReader } from './segment-file.ts';
import { cleanUp, readManifest, searchDir, withManifest } from './manifest.ts';
import { convertLegacy } from './legacy.ts';
import { loadSegments } from './load.ts';
import { commitChanges } from './commit.ts';
import { Stopped, mergeInBackground } from './background.ts';
import { answerQuery, matchingIds, type SearchOptions } from './answer.ts';
import { indexedText } from './match.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';
import { reconcile } from './reconcile.ts';

export type { SearchableStore } from './searchable.ts';
export type { SearchOptions } from './answer.ts';
export type { SearchHit, SearchResults };
export { CorruptIndex } from './segment-file.ts';

const SLICE_MS = 12;
/** Bodies read in parallel while indexing. */
const READ_AHEAD = 8;
/** Postings indexed in memory past which a writer saves them as a segment while indexing goes on. */
const FLUSH_BYTES = 32 << 20;

export class SearchIndex {
  /** What happened at open (rebuilt because …). */
  readonly notices: string[] = [];
  /** The index's folder, `<archive>/search`. */
  readonly path: string;
  /** Bytes this instance has written under `search/` since it was opened. */
  bytesWritten = 0;
  readonly #store: SearchableStore;
  readonly #fold = foldTables().version;
  #contents = new IndexContents();
  #queue: string[] = [];
  #queueAt = 0;
  /** Articles a store event changed: indexed before the catch-up's queue. */
  #urgent: string[] = [];
  #urgentWaiters: (() => void)[] = [];
  #catchUp = new Set<string>(); // ids queued by the catch-up
  /** The catch-up changed something the files lack. */
  #caughtUp = false;
  /** The segments on disk are not to be kept (missing, damaged, rebuilt): the next commit replaces them all. */
  #replaceAll = false;
  #generation = 0; // the manifest's, as read at open or last written
  #working: Promise<void> | null = null;
  /** Checking the index against the store (at open, and after a rebuild began). */
  #reconciling: Promise<void> | null = null;
  #persisting: Promise<unknown> | null = null;
  #merging: Promise<void> | null = null;
  #epoch = 0; // bumped by a rebuild or close: a merge of an older epoch stops
  #closed = false;
  #unsubscribe: () => void = () => undefined;
  /** Exact counts started: a count made pointless by a newer one (the reader typed on) stops. */
  #counts = 0;

  private constructor(store: SearchableStore) {
    this.#store = store;
    this.path = searchDir(store.dir);
  }

  /**
   * Opens the archive's index: reads its manifest and segment tables (or starts a rebuild), then
   * catches up with the store in the background. `ready()` resolves when it has.
   */
  static async open(store: SearchableStore): Promise<SearchIndex> {
    const index = new SearchIndex(store);
    await index.#load();
    index.#unsubscribe = store.onChange((change) => index.#onChange(change));
    await index.#startReconcile();
    return index;
  }

  async #load(): Promise<void> {
    const dir = this.#store.dir;
    let loaded = await loadSegments(dir, this.#fold, this.#contents);
    if ('legacy' in loaded) {
      const converted = await this.#withWriteRight(() => withManifest(dir, async () => ((await readManifest(dir)) ? null : convertLegacy(dir, this.#fold))));
      if (converted) {
        this.bytesWritten += converted.written;
        this.notices.push('search index converted from the single-file format of an earlier version into segments');
        loaded = await loadSegments(dir, this.#fold, this.#contents);
      }
    }
    if ('rebuild' in loaded) {
      if (this.#store.summaries().next().done !== true) this.notices.push(loaded.rebuild);
      this.#replaceAll = true;
      return;
    }
    const { manifest } = loaded;
    this.#generation = manifest.generation;
    if (!this.#store.readOnly) void withManifest(dir, () => cleanUp(dir, manifest)).catch(() => undefined);
  }

  /** Runs #reconcile, which ready() waits for. */
  #startReconcile(): Promise<void> {
    const run = (this.#reconciling = this.#reconcile());
    const clear = () => void (this.#reconciling === run && (this.#reconciling = null));
    void run.then(clear, clear);
    return run;
  }

  /** Drops what the store no longer has and queues what the index lacks. */
  async #reconcile(): Promise<void> {
    const loaded = (this.#store as { loaded?: Promise<void> }).loaded;
    if (loaded) await loaded;
    const { dropped, missing } = await reconcile(this.#contents, this.#store, this.#catchUp, SLICE_MS);
    if (dropped) this.#caughtUp = true;
    for (const id of missing) this.#queue.push(id);
    for (const id of missing) this.#catchUp.add(id);
    if (this.#replaceAll) this.#caughtUp = true;
    this.#kick();
  }

  #onChange(change: { type: 'added' | 'updated' | 'removed'; id: string; highlights?: true }): void {
    if (this.#closed) return;
    const contents = this.#contents;
    if (change.type === 'removed') {
      contents.drop(change.id);
      return;
    }
    const n = contents.numberOf(change.id);
    const meta = this.#store.summary(change.id);
    if (n !== undefined && meta && !change.highlights && foldText(meta.title) === contents.table.titles.get(n)) {
      contents.table.recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
      return;
    }
    // The title and the notes are indexed with the text: a new title or note means indexing the article again.
    if (n !== undefined) contents.drop(change.id);
    this.#urgent.push(change.id);
    this.#kick();
  }

  #kick(): void {
    if (this.#working || this.#closed || (this.#queueAt >= this.#queue.length && this.#urgent.length === 0)) return;
    this.#working = this.#work().finally(() => {
      this.#working = null;
      this.#kick();
    });
  }

  async #work(): Promise<void> {
    let sliceStart = performance.now();
    while ((this.#urgent.length > 0 || this.#queueAt < this.#queue.length) && !this.#closed) {
      const contents = this.#contents;
      const urgent = this.#urgent.length > 0;
      const batch = urgent ? this.#urgent.splice(0, READ_AHEAD) : this.#queue.slice(this.#queueAt, this.#queueAt + READ_AHEAD);
      if (!urgent) this.#queueAt += batch.length;
      const bodies = await Promise.all(batch.map((id) => (this.#store.summary(id) && !contents.has(id) ? searchableBody(this.#store, id).catch(() => null) : null)));
      for (let i = 0; i < batch.length; i++) {
        const id = batch[i]!;
        const meta = this.#store.summary(id);
        const body = bodies[i];
        if (meta && body && !contents.has(id) && !this.#closed && contents === this.#contents) {
          const n = contents.addDocument(id, indexedText(meta, body.paragraphs));
          contents.table.recency[n] = Date.parse(meta.publishedAt ?? meta.importedAt) || 0;
          if (this.#catchUp.delete(id)) this.#caughtUp = true;
        }
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
      if (this.#urgent.length === 0) for (const resolve of this.#urgentWaiters.splice(0)) resolve();
      if (!this.#store.readOnly && contents.memory.bytes > FLUSH_BYTES) await this.persist().catch(() => false);
    }
    for (const resolve of this.#urgentWaiters.splice(0)) resolve();
    if (this.#queueAt >= this.#queue.length) {
      this.#queue = [];
      this.#queueAt = 0;
      this.#catchUp.clear();
      if (this.#caughtUp && !this.#closed) {
        void this.persist().catch((error: unknown) => this.notices.push(`search index not saved: ${String(error)}`));
      }
    }
  }

  /**
   * Writes what was indexed or removed since the last commit: one new segment and a new manifest.
   * Skipped in a read-only process that cannot take the archive's lock or whose manifest changed
   * since it read it (resolves to false then).
   */
  persist(): Promise<boolean> {
    const run = (this.#persisting ?? Promise.resolve()).then(() => this.#commit());
    const settled = run.catch(() => undefined);
    this.#persisting = settled;
    void settled.then(() => {
      if (this.#persisting === settled) this.#persisting = null;
    });
    return run;
  }

  async #commit(): Promise<boolean> {
    const contents = this.#contents;
    if (contents.memory.size === 0 && contents.removed.size === 0 && !this.#replaceAll) return true;
    // What is indexed from here on goes to a new memory part; the frozen one is searched until written.
    if (contents.memory.size > 0) {
      contents.flushing = { memory: contents.memory, base: contents.memoryBase };
      contents.memoryBase += contents.memory.size;
      contents.memory = new MemoryPart();
    }
    const flushing = contents.flushing;
    const removed = [...contents.removed];
    contents.removed.clear();
    const replaceAll = this.#replaceAll;
    const caughtUp = this.#caughtUp;
    this.#caughtUp = false;
    let sliceStart = performance.now();
    const pause = () => (performance.now() - sliceStart < SLICE_MS ? null : yieldToLoop().then(() => void (sliceStart = performance.now())));
    try {
      const done = await this.#withWriteRight(() =>
        commitChanges(this.#store.dir, this.#fold, { parts: flushing ? [flushing.memory] : [], removed, replaceAll, over: this.#store.readOnly ? this.#generation : undefined, pause }),
      );
      if (!done) throw new Unsaved();
      this.bytesWritten += done.written;
      this.#generation = done.manifest.generation;
      if (contents !== this.#contents) return true;
      if (replaceAll) this.#replaceAll = false;
      const entry = done.entries[0];
      if (flushing && entry) {
        const reader = await SegmentReader.open(join(this.path, entry.name), this.#fold);
        contents.segments.push({ entry, reader, byId: flushing.memory.byId, alive: flushing.memory.docs.alive, base: flushing.base });
        contents.flushing = null;
      }
      this.#maybeMerge();
      return true;
    } catch (error) {
      // Kept for the next commit: the frozen part stays searched, the removals and the catch-up are noted again.
      for (const id of removed) contents.removed.add(id);
      if (caughtUp) this.#caughtUp = true;
      if (flushing && contents.flushing === flushing) this.#unfreeze(contents);
      if (error instanceof Unsaved) return false;
      throw error;
    }
  }

  /** Puts a frozen part that could not be written back in front of what was indexed since. */
  #unfreeze(contents: IndexContents): void {
    const frozen = contents.flushing!;
    const later = contents.memory;
    contents.flushing = null;
    contents.memory = frozen.memory;
    contents.memoryBase = frozen.base;
    if (later.size === 0) return;
    // Rare (a read-only process lost the race for the lock while indexing): index the later part again.
    for (let n = 0; n < later.size; n++) if (later.docs.alive[n]) this.#urgent.push(later.docs.ids[n]!);
    contents.renumber();
    this.#kick();
  }

  #maybeMerge(): void {
    if (this.#store.readOnly || this.#closed || this.#merging) return;
    const epoch = this.#epoch;
    const merging = mergeInBackground({
      dir: this.#store.dir,
      fold: this.#fold,
      contents: this.#contents,
      stopped: () => this.#closed || epoch !== this.#epoch,
      wrote: (bytes, generation) => {
        this.bytesWritten += bytes;
        this.#generation = generation;
      },
    });
    if (!merging) return;
    this.#merging = merging
      .catch((error: unknown) => {
        if (!(error instanceof Stopped) && epoch === this.#epoch) this.notices.push(`search segments not merged: ${String(error)}`);
      })
      .finally(() => {
        this.#merging = null;
        if (!this.#closed && epoch === this.#epoch) this.#maybeMerge();
      });
  }

  /** Resolves when no merge is running (tests and the bench compare before and after). */
  async merged(): Promise<void> {
    while (this.#merging) await this.#merging;
  }

  /**
   * Writes what changed since the last save as one new segment (see persist); the whole index is
   * never rewritten. Waits for the catch-up first.
   */
  async save(): Promise<boolean> {
    await this.ready();
    await this.#persisting;
    return this.persist();
  }

  /** Commits the articles a store write just changed (indexing them first), without waiting for the catch-up. */
  async saveChanges(): Promise<boolean> {
    if (!this.#closed && (this.#urgent.length > 0 || this.#working)) {
      this.#kick();
      await new Promise<void>((resolve) => this.#urgentWaiters.push(resolve));
    }
    return this.persist();
  }

  /** Runs `fn` if this process may write the index's files (see the header); null when it may not. */
  async #withWriteRight<T>(fn: () => Promise<T | null>): Promise<T | null> {
    if (!this.#store.readOnly) return fn();
    let lock;
    try {
      lock = await acquireLock(this.#store.dir, APP_NAME);
    } catch {
      return null;
    }
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /** Resolves when every queued article is indexed. */
  async ready(): Promise<void> {
    while (this.#reconciling || this.#working) {
      if (this.#reconciling) await this.#reconciling.catch(() => undefined);
      else await this.#working;
    }
  }

  /** Indexing progress: articles indexed and still queued. */
  status(): { documents: number; pending: number } {
    return { documents: this.#contents.live, pending: this.#queue.length - this.#queueAt + this.#urgent.length };
  }

  /** How far the current catch-up is: articles indexed of those queued since the queue was last empty. */
  progress(): { done: number; total: number } {
    return { done: this.#queueAt, total: this.#queue.length };
  }

  /** Bytes of postings held in memory (what is not on disk yet, and the cache of lists read). */
  get postingBytes(): number {
    return this.#contents.postingBytes;
  }

  /** Bytes of the segment files this index has open (what `search.index_mb` weighs). */
  get diskBytes(): number {
    return this.#contents.segments.reduce((sum, s) => sum + s.reader.fileBytes, 0);
  }

  /** Segments on disk, oldest first (for tests and the bench). */
  segments(): { name: string; docs: number; live: number }[] {
    return this.#contents.segments.map((s) => ({ name: s.entry.name, docs: s.entry.docs, live: s.alive.subarray(0, s.entry.docs).reduce((a, b) => a + b, 0) }));
  }

  async #stopMerging(): Promise<void> {
    this.#epoch++;
    await this.merged();
  }

  /** Drops the index and indexes every article again; resolves when done and written (see persist). */
  async rebuild(): Promise<void> {
    await this.ready();
    await this.#persisting;
    await this.#stopMerging();
    this.#reset();
    await this.#startReconcile();
    await this.ready();
    await this.persist();
  }

  /** Starts over from an empty index, whose first commit replaces every segment. */
  #reset(): void {
    this.#epoch++;
    const old = this.#contents;
    this.#contents = new IndexContents();
    this.#urgent = [];
    this.#queue = [];
    this.#queueAt = 0;
    this.#catchUp.clear();
    this.#replaceAll = true;
    for (const s of old.segments) void s.reader.close();
  }

  /** A list read for a query was damaged: the index is rebuilt, and searched meanwhile as far as it is. */
  #damaged(error: CorruptIndex): void {
    this.notices.push(`search index not usable (${error.message}): rebuilding it`);
    this.#reset();
    void this.#startReconcile().catch((e: unknown) => this.notices.push(`search index not rebuilt: ${String(e)}`));
  }

  /** Stops following the store and writes what was indexed since the last commit (see persist). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#unsubscribe();
    this.#closed = true;
    await this.ready();
    await this.#stopMerging();
    await this.#persisting;
    const c = this.#contents;
    if (c.memory.size > 0 || c.removed.size > 0 || this.#replaceAll || this.#caughtUp) await this.persist().catch((error: unknown) => this.notices.push(`search index not saved: ${String(error)}`));
    for (const s of this.#contents.segments) await s.reader.close();
  }

  /**
   * Finds the articles matching `query` (see syntax.ts), best first. Every match counts: the
   * total is exact unless a quoted phrase of several parts is still being checked against the
   * text (`totalExact` false; `waitForTotal` waits for the count).
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    const count = options.waitForTotal === true ? ++this.#counts : 0;
    const indexing = () => this.#queueAt < this.#queue.length || this.#urgent.length > 0;
    const superseded = () => this.#closed || count !== this.#counts;
    const run = () => answerQuery({ contents: this.#contents, store: this.#store, indexing: indexing(), superseded }, query, options);
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof CorruptIndex)) throw error;
      this.#damaged(error);
      return { ...(await run()), indexing: true };
    }
  }

  /** The ids of every article matching `query`, unranked: what the truth tests compare. */
  async matchingIds(query: string, options: SearchOptions = {}): Promise<string[]> {
    try {
      return await matchingIds(this.#contents, this.#store, query, options);
    } catch (error) {
      if (!(error instanceof CorruptIndex)) throw error;
      this.#damaged(error);
      return matchingIds(this.#contents, this.#store, query, options);
    }
  }
}

/** A commit a read-only process had no right to make. */
class Unsaved extends Error {}
