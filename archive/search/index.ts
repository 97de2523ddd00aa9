/**
 * Full-text search over the archive, across scripts. Titles, bylines, sources and bodies are
 * folded (see fold.ts) and indexed as CJK characters and character pairs with their positions
 * (any substring of a query is found without word segmentation, exactly: longer runs are pairs
 * in place) and as words (matched by prefix); contents.ts holds them, answer.ts answers queries.
 *
 * On disk: `<archive>/search/index.bin`, the base (file.ts), and `search/delta.log`, what changed
 * since (delta-log.ts). Writers append to the log as they change the archive (persist.ts), without
 * loading the base; this class loads both, catches up with what neither has (reconcile against
 * the store), and rebuilds when they are missing, damaged or declared out of date. What it found
 * itself it writes back: appended to the log, or as a new base (a compaction, which also empties
 * the log) when the base was unusable or the log has grown past its share. A process that opened
 * the archive read-only writes only while it can take the archive's lock, and only if no one
 * changed the files since it read them; otherwise the next writer or reader does it.
 */
import { stat } from 'node:fs/promises';
import { acquireLock } from '../store/lock.ts';
import { APP_NAME } from '../version.ts';
import type { SearchHit, SearchResults } from '../model.ts';
import { foldTables, foldText } from './fold.ts';
import { CorruptIndex, readIndexFile, writeIndexFile } from './file.ts';
import { IndexContents } from './contents.ts';
import { appendDeltaRecords, baseIdentity, deltaPath, readDeltaLog, resetDeltaLog, withDeltaLog, type DeltaRecord } from './delta-log.ts';
import { compactionDue, indexPath } from './persist.ts';
import { answerQuery, matchingIds, type SearchOptions } from './answer.ts';
import { indexedText } from './match.ts';
import { searchableBody, type SearchableStore } from './searchable.ts';

export type { SearchableStore } from './searchable.ts';
export type { SearchOptions } from './answer.ts';
export type { SearchHit, SearchResults };

const SLICE_MS = 12;
/** Bodies read in parallel while indexing. */
const READ_AHEAD = 8;
/** Caught-up articles kept to append to the log; past this, a new base is written instead. */
const MAX_UNSAVED = 2000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A log of just its header: no changes since the base. */
const EMPTY_LOG_BYTES = 40;

export class SearchIndex {
  /** What happened at open (rebuilt because …). */
  readonly notices: string[] = [];
  readonly path: string;
  readonly #store: SearchableStore;
  #contents = new IndexContents();
  #queue: string[] = [];
  #queueAt = 0;
  /** Ids queued by the catch-up (not by a store event, whose writer logs it): this index writes them. */
  #catchUp = new Set<string>();
  /** What the catch-up changed and the files lack: text to index, or null for a removal. */
  #unsaved = new Map<string, string | null>();
  /** The files do not describe the archive (missing, damaged, out of date): only a new base will do. */
  #baseStale = false;
  /** The base and the log's size as read at open (or last written): a read-only process writes only if they are unchanged. */
  #onDisk = { base: '', logBytes: 0 };
  #working: Promise<void> | null = null;
  #compacting: Promise<void> | null = null;
  #persisting: Promise<void> | null = null;
  #closed = false;
  #unsubscribe: () => void = () => undefined;
  /** Exact counts started, so a count that a newer one made pointless (the reader typed on) can stop. */
  #counts = 0;

  private constructor(store: SearchableStore) {
    this.#store = store;
    this.path = indexPath(store.dir);
  }

  /**
   * Opens the archive's index: loads and checks the base and its log (or starts a rebuild), then
   * catches up with the store in the background. `ready()` resolves when it has.
   */
  static async open(store: SearchableStore): Promise<SearchIndex> {
    const index = new SearchIndex(store);
    await index.#load();
    index.#unsubscribe = store.onChange((change) => index.#onChange(change));
    await index.#reconcile();
    return index;
  }

  async #load(): Promise<void> {
    let base = await baseIdentity(this.path);
    let missing = false;
    try {
      const snap = await readIndexFile(this.path, foldTables().version);
      this.#contents = IndexContents.fromSnapshot(snap);
      base = snap.identity;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        missing = true;
      } else if (error instanceof CorruptIndex) {
        this.notices.push(`search index not usable (${error.message}): rebuilding it`);
        this.#baseStale = true;
        this.#onDisk = { base, logBytes: await stat(deltaPath(this.path)).then((s) => s.size, () => 0) };
        return;
      } else {
        throw error;
      }
    }
    const log = await readDeltaLog(deltaPath(this.path), base);
    this.#onDisk = { base, logBytes: log.fileBytes };
    const hasArticles = this.#store.summaries().next().done !== true;
    if (log.outOfDate) {
      this.#contents = new IndexContents();
      this.#baseStale = true;
      if (hasArticles) this.notices.push('search index out of date after a large change: rebuilding it');
      return;
    }
    // Without a base, a log written from the start (a new archive) is the whole index.
    if (missing && (log.stale || log.validBytes === 0)) {
      this.#baseStale = true;
      if (hasArticles) this.notices.push('search index missing: rebuilding it');
      return;
    }
    if (log.stale) return;
    let sliceStart = performance.now();
    for (const { id, text } of log.records) {
      if (text === null) this.#contents.drop(id);
      else this.#contents.addDocument(id, text);
      if (performance.now() - sliceStart > SLICE_MS) {
        if (this.#contents.mergeDue) await this.#contents.merge();
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
  }

  /** Drops what the store no longer has and queues what the index lacks. */
  async #reconcile(): Promise<void> {
    const contents = this.#contents;
    let sliceStart = performance.now();
    for (const meta of [...this.#store.summaries()]) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
      if (!contents.byId.has(meta.id) && !this.#catchUp.has(meta.id)) {
        this.#catchUp.add(meta.id);
        this.#queue.push(meta.id);
      }
    }
    for (const id of [...contents.byId.keys()]) {
      if (this.#store.summary(id)) continue;
      contents.drop(id);
      this.#noteUnsaved(id, null);
    }
    this.#kick();
  }

  #onChange(change: { type: 'added' | 'updated' | 'removed'; id: string; highlights?: true }): void {
    if (this.#closed) return;
    const contents = this.#contents;
    const n = contents.byId.get(change.id);
    if (change.type === 'removed') {
      contents.drop(change.id);
      return;
    }
    const meta = this.#store.summary(change.id);
    if (n !== undefined && meta && !change.highlights && foldText(meta.title) === contents.titles[n]) {
      contents.setMeta(n, meta);
      return;
    }
    // The title and the notes are indexed with the text: a new title or note means indexing the article again.
    if (n !== undefined) contents.drop(change.id);
    this.#queue.push(change.id);
    this.#kick();
  }

  /** Keeps a change the catch-up made, for the files; past MAX_UNSAVED a new base is cheaper. */
  #noteUnsaved(id: string, text: string | null): void {
    if (this.#baseStale) return;
    this.#unsaved.set(id, text);
    if (this.#unsaved.size > MAX_UNSAVED) {
      this.#baseStale = true;
      this.#unsaved.clear();
    }
  }

  #kick(): void {
    if (this.#working || this.#closed || this.#compacting || this.#queueAt >= this.#queue.length) return;
    this.#working = this.#work().finally(() => {
      this.#working = null;
      this.#kick();
    });
  }

  async #work(): Promise<void> {
    let sliceStart = performance.now();
    while (this.#queueAt < this.#queue.length && !this.#closed) {
      const contents = this.#contents;
      const batch = this.#queue.slice(this.#queueAt, this.#queueAt + READ_AHEAD);
      this.#queueAt += batch.length;
      const bodies = await Promise.all(
        batch.map((id) => (this.#store.summary(id) && !contents.byId.has(id) ? searchableBody(this.#store, id).catch(() => null) : null)),
      );
      for (let i = 0; i < batch.length; i++) {
        const id = batch[i]!;
        const meta = this.#store.summary(id);
        const body = bodies[i];
        if (meta && body && !contents.byId.has(id) && !this.#closed) {
          const text = indexedText(meta, body.paragraphs);
          contents.setMeta(contents.addDocument(id, text), meta);
          if (this.#catchUp.delete(id)) this.#noteUnsaved(id, text);
        }
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
      if (contents.mergeDue) await contents.merge();
    }
    if (this.#queueAt >= this.#queue.length) {
      this.#queue = [];
      this.#queueAt = 0;
      this.#catchUp.clear();
      if ((this.#unsaved.size > 0 || this.#baseStale) && !this.#closed) {
        void this.persist().catch((error: unknown) => this.notices.push(`search index not saved: ${String(error)}`));
      }
    }
  }

  /**
   * Writes what the index found itself (its catch-up) to disk: appended to the log, or as a new
   * base when the files were unusable or the log has outgrown its share. Skipped in a read-only
   * process that cannot take the archive's lock or whose files changed since it read them
   * (resolves to false then).
   */
  persist(): Promise<boolean> {
    const run = (this.#persisting ?? Promise.resolve()).then(() =>
      withDeltaLog(this.path, () => this.#withWriteRight(async () => {
        if (this.#baseStale || (await compactionDue(this.path))) {
          await this.#compact();
        } else if (this.#unsaved.size > 0) {
          const records: DeltaRecord[] = [...this.#unsaved].map(([id, text]) => ({ id, text }));
          this.#unsaved.clear();
          this.#onDisk.logBytes = (await appendDeltaRecords(this.path, records)).logBytes;
        }
      })),
    );
    const settled = run.catch(() => undefined).then(() => {
      if (this.#persisting === settled) this.#persisting = null;
    });
    this.#persisting = settled;
    return run;
  }

  /**
   * Writes a new base now (see persist) and empties the log, unless the base already holds
   * everything (the catch-up's own compaction may just have written it).
   */
  async save(): Promise<boolean> {
    await this.ready();
    await this.#persisting;
    const sizeOf = (path: string) => stat(path).then((s) => s.size, () => -1);
    const [base, log] = await Promise.all([sizeOf(this.path), sizeOf(deltaPath(this.path))]);
    if (base > 0 && log <= EMPTY_LOG_BYTES && !this.#baseStale && this.#unsaved.size === 0) return true;
    this.#baseStale = true;
    return this.persist();
  }

  /** Runs `fn` if this process may write the index's files (see the header); false when it may not. */
  async #withWriteRight(fn: () => Promise<void>): Promise<boolean> {
    if (!this.#store.readOnly) {
      await fn();
      return true;
    }
    let lock;
    try {
      lock = await acquireLock(this.#store.dir, APP_NAME);
    } catch {
      return false;
    }
    try {
      // Under the lock no one appends: the files must still be the ones this index was read from.
      const base = await baseIdentity(this.path);
      const logBytes = await stat(deltaPath(this.path)).then((s) => s.size, () => 0);
      if (base !== this.#onDisk.base || logBytes !== this.#onDisk.logBytes) return false;
      await fn();
      return true;
    } finally {
      await lock.release();
    }
  }

  /**
   * A new base from memory, then an empty log that follows it (a crash in between leaves a log
   * naming the old base, which reads as stale: its changes are in the new base). Indexing waits
   * meanwhile, so every document in the table has its postings in the merged part.
   */
  async #compact(): Promise<void> {
    await this.ready();
    let done!: () => void;
    this.#compacting = new Promise<void>((resolve) => (done = resolve));
    try {
      const contents = this.#contents;
      await contents.merge();
      const snapshot = contents.snapshot();
      const unsaved = new Map(this.#unsaved);
      this.#unsaved.clear();
      this.#baseStale = false;
      try {
        await writeIndexFile(this.path, snapshot);
      } catch (error) {
        for (const [id, text] of unsaved) this.#unsaved.set(id, text);
        this.#baseStale = true;
        throw error;
      }
      const base = await baseIdentity(this.path);
      this.#onDisk = { base, logBytes: await resetDeltaLog(this.path, base) };
    } finally {
      this.#compacting = null;
      done();
      this.#kick();
    }
  }

  /** Resolves when every queued article is indexed. */
  async ready(): Promise<void> {
    for (;;) {
      if (this.#working) await this.#working;
      else if (this.#compacting && this.#queueAt < this.#queue.length) await this.#compacting;
      else return;
    }
  }

  /** Indexing progress: articles indexed and still queued. */
  status(): { documents: number; pending: number } {
    return { documents: this.#contents.byId.size, pending: this.#queue.length - this.#queueAt };
  }

  /** How far the current catch-up is: articles indexed of those queued since the queue was last empty. */
  progress(): { done: number; total: number } {
    return { done: this.#queueAt, total: this.#queue.length };
  }

  /** Bytes of postings held in memory. */
  get postingBytes(): number {
    return this.#contents.postingBytes;
  }

  /** Drops the index and indexes every article again; resolves when done and written (see persist). */
  async rebuild(): Promise<void> {
    await this.ready();
    await this.#persisting;
    this.#contents = new IndexContents();
    this.#unsaved.clear();
    this.#catchUp.clear();
    this.#baseStale = true;
    await this.#reconcile();
    await this.ready();
    await this.persist();
  }

  /** Stops following the store and writes what the catch-up found (see persist). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#unsubscribe();
    this.#closed = true;
    await this.ready();
    await this.#persisting;
    if (this.#unsaved.size > 0 || this.#baseStale) await this.persist();
  }

  /**
   * Finds the articles matching `query` (see syntax.ts), best first. Every match counts: the
   * total is exact unless a quoted phrase of several parts is still being checked against the
   * text (`totalExact` false; `waitForTotal` waits for the count).
   */
  search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    const count = options.waitForTotal === true ? ++this.#counts : 0;
    return answerQuery(
      {
        contents: this.#contents,
        store: this.#store,
        indexing: this.#queueAt < this.#queue.length,
        superseded: () => this.#closed || count !== this.#counts,
      },
      query,
      options,
    );
  }

  /** The ids of every article matching `query`, unranked: what the truth tests compare. */
  matchingIds(query: string, options: SearchOptions = {}): Promise<string[]> {
    return matchingIds(this.#contents, this.#store, query, options);
  }
}
