/**
 * The archive store: a lowdb catalog of small article records, a journal that makes each change
 * durable without rewriting the catalog, and content-addressed files for bodies, originals and
 * assets. Files are written before the journal line that refers to them: that line is the commit.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import {
  DEFAULT_SETTINGS,
  matchesLibraryFilters,
  type ArchiveStats,
  type ArticleBody,
  type ArticleProvenance,
  type ArticleMeta,
  type ArticleSummary,
  type Capture,
  type ExtractedArticle,
  type FacetValue,
  type LibraryFacets,
  type ListPage,
  type ListQuery,
  type ReadingState,
  type Settings,
  type SortKey,
  type VerifyReport,
} from '../model.ts';
import { APP_NAME, IMPORTER_VERSION } from '../version.ts';
import { CatalogFile, CorruptCatalogError, PROVENANCE_SHARDS, provenanceDir, readProvenanceShards, readProvenanceSync, type ProvenanceData } from './catalog-file.ts';
import { isCode, sha256, writeFileDurable } from './durable.ts';
import { ArchiveError, describeFsError } from './errors.ts';
import { dropJournalsBefore, journalGens, journalPath, JournalWriter, readJournal, type JournalOp } from './journal.ts';
import { acquireLock, type ArchiveLock } from './lock.ts';
import { clipText, emptyCatalog, migrateCatalog, RECORD_LIMITS, type CatalogData } from './schema.ts';
import { bodyRelPath, normalizedText, newArticleRecord, originalRelPath, safeExt, type BodyFile } from './records.ts';
import { isSameArticle, isSubstantialText } from './same-article.ts';
import { verifyArchive } from './verify.ts';

export { bodyRelPath, newArticleRecord, normalizedText, originalRelPath, safeExt } from './records.ts';

/** An article to add and the bytes it was extracted from. */
export interface AddInput {
  article: ExtractedArticle;
  original: { bytes: Uint8Array; fileName: string; ext: string };
}

/** What became of an add: a new article, the same bytes again, or another capture of one. */
export interface AddResult {
  status: 'added' | 'duplicate' | 'capture';
  id: string;
  title: string;
}

export interface StoreChange {
  type: 'added' | 'updated' | 'removed';
  id: string;
}


export interface OpenOptions {
  /** Read without taking the lock: no writes, no backups (for `list`, `show`, `search`). */
  readOnly?: boolean;
  /** Journal entries after which the catalog is rewritten in the background. */
  compactAfter?: number;
  /** How many catalog backups to keep. */
  keepBackups?: number;
}

interface WriteLookups {
  byOriginal: Map<string, string>;
  /** Articles by the sha256 of their normalized text (several articles may share one text). */
  byText: Map<string, string[]>;
  assetRefs: Map<string, number>;
}

const DEFAULT_PAGE = 50;

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
const MAX_PAGE = 1000;
/** Sources or tags offered by the library's filters at most (the most used). */
const MAX_FACETS = 500;

function sortValue(meta: ArticleSummary, key: SortKey): string {
  switch (key) {
    case 'publishedAt':
      return meta.publishedAt ?? meta.importedAt;
    case 'importedAt':
      return meta.importedAt;
    case 'title':
      return meta.title.toLowerCase();
    case 'source':
      return (meta.source ?? '').toLowerCase();
  }
}

/** Sources and tags with their counts, and the span of dates: what `facets()` ranks. */
interface FacetCounts {
  sources: Map<string, number>;
  tags: Map<string, number>;
  firstDate: string | null;
  lastDate: string | null;
}

function countFacets(counts: FacetCounts, meta: ArticleSummary): void {
  if (meta.source) counts.sources.set(meta.source, (counts.sources.get(meta.source) ?? 0) + 1);
  for (const tag of meta.tags) counts.tags.set(tag, (counts.tags.get(tag) ?? 0) + 1);
  const date = meta.publishedAt?.slice(0, 10);
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    if (counts.firstDate === null || date < counts.firstDate) counts.firstDate = date;
    if (counts.lastDate === null || date > counts.lastDate) counts.lastDate = date;
  }
}

/** Article ids in ascending `key` order (ties by id). */
function sortIds(articles: Record<string, ArticleSummary>, key: SortKey): string[] {
  const entries = Object.values(articles).map((m) => [sortValue(m, key), m.id] as const);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return entries.map((e) => e[1]);
}

/**
 * The order `catalog.json` keeps its articles in: newest first, the library's default view. The
 * next open then sorts a list that is already in (reverse) order, which takes linear time.
 */
export function catalogOrder(articles: Record<string, ArticleSummary>): string[] {
  return sortIds(articles, 'publishedAt').reverse();
}

export class ArchiveStore {
  readonly notices: string[] = [];
  #db: Low<CatalogData>;
  #journal: JournalWriter | null = null;
  #lock: ArchiveLock | null = null;
  /** Lookups only writes need; built on first use, so opening for reading stays cheap. */
  #lookups: WriteLookups | null = null;
  #sorted = new Map<SortKey, string[]>();
  #listeners = new Set<(change: StoreChange) => void>();
  #writes: Promise<unknown> = Promise.resolve();
  #compacting: Promise<void> | null = null;
  #backingUp: Promise<void> | null = null;
  #broken: Error | null = null;
  #closed = false;
  #journalDamage: string[] = [];
  /** Whether every record carries its provenance (read from provenance/ or the journal). */
  #provenanceLoaded = false;
  #provenanceLoad: Promise<void> | null = null;
  #replayed = 0;

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    readonly options: Required<Omit<OpenOptions, 'readOnly'>>,
  ) {
    const file = new CatalogFile(join(dir, 'catalog.json'));
    file.order = () => {
      const ids = this.#sortedIds('publishedAt');
      return { [Symbol.iterator]: () => ids.slice().reverse()[Symbol.iterator]() };
    };
    this.#db = new Low(file, emptyCatalog());
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
    if (this.readOnly) {
      const exists = await stat(this.dir).then((s) => s.isDirectory(), () => false);
      if (!exists) throw new ArchiveError('not-found', `no archive at ${this.dir}`);
    } else {
      for (const sub of ['', 'articles', 'originals', 'assets', 'backups']) {
        await mkdir(join(this.dir, sub), { recursive: true });
      }
      this.#lock = await acquireLock(this.dir, APP_NAME);
      if (this.#lock.staleNotice) this.notices.push(this.#lock.staleNotice);
    }
    try {
      await this.#load();
    } catch (error) {
      await this.#lock?.release();
      throw error;
    }
  }

  async #load(): Promise<void> {
    let recovered = false;
    let catalogPresent = true;
    try {
      await this.#db.read();
      catalogPresent = await stat(join(this.dir, 'catalog.json')).then(() => true, () => false);
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      if (this.readOnly) {
        throw new ArchiveError('unusable', `catalog.json in ${this.dir} is damaged (${error.message}); open the archive for writing to recover it from a backup`);
      }
      await this.#recoverFromBackup(error.message);
      recovered = true;
    }
    if (!recovered && !catalogPresent && !this.readOnly && (await this.#hasBodies())) {
      await this.#recoverFromBackup('it is missing');
      recovered = true;
    }
    const data = this.#db.data;
    const migrated = migrateCatalog(data);
    const replayed = await this.#replayJournals();
    this.#replayed = replayed;
    if (!recovered && catalogPresent && !this.readOnly) this.#backingUp = this.#backupCatalog();
    if (recovered) await this.#readoptBodies();
    this.#rebuildIndexes();
    if (this.readOnly) return;
    const gens = await journalGens(this.dir);
    const nextGen = Math.max(data.journalGen, ...gens, -1) + 1;
    this.#journal = await JournalWriter.open(this.dir, nextGen);
    // Started last, so its reads queue behind the caller's first page rather than before it.
    this.#provenanceLoad = this.#loadProvenanceInBackground();
    if (recovered || migrated || gens.length > 3 || replayed > this.options.compactAfter) {
      // Folding journals in is housekeeping: on a full disk the archive opens as the journals have it.
      await this.compact().catch((error: unknown) => {
        const fs = describeFsError(error);
        if (!fs) throw error;
        this.notices.push(`the catalog was not rewritten (${fs})`);
      });
    }
  }

  async #hasBodies(): Promise<boolean> {
    const shards = await readdir(join(this.dir, 'articles')).catch(() => [] as string[]);
    return shards.length > 0;
  }

  /** Moves a damaged catalog aside and loads the newest backup that parses. */
  async #recoverFromBackup(reason: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const catalogPath = join(this.dir, 'catalog.json');
    let aside: string | null = null;
    if (await stat(catalogPath).then(() => true, () => false)) {
      aside = `catalog.damaged-${stamp}.json`;
      await rename(catalogPath, join(this.dir, aside));
    }
    const backups = (await readdir(join(this.dir, 'backups')).catch(() => [] as string[]))
      .filter((n) => /^catalog-.*\.json$/.test(n))
      .sort()
      .reverse();
    let used: string | null = null;
    for (const name of backups) {
      try {
        const data = await new CatalogFile(join(this.dir, 'backups', name)).read();
        if (data) {
          this.#db.data = data;
          used = name;
          break;
        }
      } catch {
        // A damaged backup: try the next older one.
      }
    }
    if (!used) this.#db.data = emptyCatalog();
    this.notices.push(
      `catalog.json could not be read (${reason})` +
        (aside ? `; it was kept as ${aside}` : '') +
        (used ? `; the archive was opened from backups/${used}` : '; no usable backup was found') +
        ', and articles whose files are intact were recovered from them',
    );
  }

  /** Replays journals newer than the catalog; returns how many ops were applied. */
  async #replayJournals(): Promise<number> {
    const data = this.#db.data;
    let applied = 0;
    for (const gen of await journalGens(this.dir)) {
      if (gen < data.journalGen) continue;
      const read = await readJournal(journalPath(this.dir, gen));
      for (const op of read.ops) this.#apply(op);
      applied += read.ops.length;
      if (read.damagedLines > 0) {
        const message = `journal-${gen}: ${read.damagedLines} damaged line(s) skipped`;
        this.#journalDamage.push(message);
        this.notices.push(message);
      }
    }
    return applied;
  }

  /** After a catalog was lost: every body file not in the catalog whose files check out is re-adopted. */
  async #readoptBodies(): Promise<void> {
    const data = this.#db.data;
    let adopted = 0;
    for (const shard of await readdir(join(this.dir, 'articles')).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.dir, 'articles', shard)).catch(() => [] as string[])) {
        const id = name.replace(/\.json$/, '');
        if (!name.endsWith('.json') || data.articles[id]) continue;
        try {
          const text = await readFile(join(this.dir, 'articles', shard, name), 'utf8');
          const body = JSON.parse(text) as BodyFile;
          if (body.id !== id || !body.recovery) continue;
          const originalsThere = await Promise.all(
            body.recovery.captures.map((c) => stat(join(this.dir, originalRelPath(c))).then(() => true, () => false)),
          );
          if (!originalsThere.every(Boolean)) continue;
          data.articles[id] = { ...body.recovery, bodySha256: sha256(text) };
          adopted++;
        } catch {
          // Not a body we wrote, or damaged: verify reports it as an orphan.
        }
      }
    }
    if (adopted > 0) this.notices.push(`${adopted} article(s) were recovered from their files`);
  }

  async #backupCatalog(): Promise<void> {
    const source = join(this.dir, 'catalog.json');
    const backups = join(this.dir, 'backups');
    try {
      const names = (await readdir(backups)).filter((n) => /^catalog-.*\.json$/.test(n)).sort();
      const newest = names.at(-1);
      const current = await stat(source);
      if (newest) {
        const last = await stat(join(backups, newest));
        if (last.size === current.size && last.mtimeMs >= current.mtimeMs) return;
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      // Provenance first: a backup catalog never lacks the provenance written with it.
      const shards = join(backups, `provenance-${stamp}`);
      await mkdir(shards, { recursive: true });
      for (const shard of PROVENANCE_SHARDS) {
        await copyFile(join(provenanceDir(source), `${shard}.json`), join(shards, `${shard}.json`)).catch((error: unknown) => {
          if (!isCode(error, 'ENOENT')) throw error;
        });
      }
      await copyFile(source, join(backups, `catalog-${stamp}.json`)).catch(async (error: unknown) => {
        // A copy cut short (a full disk) must not stand as the newest backup.
        await unlink(join(backups, `catalog-${stamp}.json`)).catch(() => undefined);
        throw error;
      });
      names.push(`catalog-${stamp}.json`);
      for (const old of names.slice(0, Math.max(0, names.length - this.options.keepBackups))) {
        await unlink(join(backups, old)).catch(() => undefined);
        await rm(provenanceDir(join(backups, old)), { recursive: true, force: true });
      }
    } catch (error) {
      this.notices.push(`the catalog could not be backed up: ${(error as Error).message}`);
    }
  }

  /** Every record with its provenance (read now from provenance/ if it has not been yet). */
  #records(): Record<string, ArticleMeta> {
    this.#ensureProvenance();
    return this.#db.data.articles as Record<string, ArticleMeta>;
  }

  #ensureProvenance(): void {
    if (this.#provenanceLoaded) return;
    let data: ProvenanceData | null;
    try {
      data = readProvenanceSync(join(this.dir, 'provenance'));
    } catch (error) {
      if (!(error instanceof CorruptCatalogError)) throw error;
      data = this.#provenanceFromBackup(error.message);
    }
    if (data) this.#applyProvenance(data);
    this.#finishProvenance();
  }

  /** Reads the provenance shards right after open, one per turn of the event loop. */
  async #loadProvenanceInBackground(): Promise<void> {
    try {
      for await (const shard of readProvenanceShards(join(this.dir, 'provenance'))) {
        if (this.#provenanceLoaded) return;
        this.#applyProvenance(shard);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!this.#provenanceLoaded) this.#finishProvenance();
    } catch {
      // Damage is handled (and reported) by the synchronous path.
      this.#ensureProvenance();
    }
  }

  /** Damaged provenance is kept aside and the newest backup's is used. */
  #provenanceFromBackup(reason: string): ProvenanceData | null {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let aside = '';
    if (!this.readOnly) {
      aside = `provenance.damaged-${stamp}`;
      renameSync(join(this.dir, 'provenance'), join(this.dir, aside));
    }
    const backups = readdirSyncSafe(join(this.dir, 'backups')).filter((n) => /^provenance-/.test(n)).sort().reverse();
    for (const name of backups) {
      try {
        const data = readProvenanceSync(join(this.dir, 'backups', name));
        if (!data) continue;
        this.notices.push(`the provenance files could not be read (${reason})${aside ? `; they were kept as ${aside}` : ''}; backups/${name} was used`);
        return data;
      } catch {
        // Try the next older backup.
      }
    }
    this.notices.push(`the provenance files could not be read (${reason})${aside ? `; they were kept as ${aside}` : ''}`);
    return null;
  }

  /** Gives the records of one shard their provenance, where they do not carry it already. */
  #applyProvenance(data: ProvenanceData): void {
    const articles = this.#db.data.articles;
    for (const [id, found] of Object.entries(data.records)) {
      const record = articles[id];
      if (!record || 'captures' in record) continue;
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets: found.assets });
    }
  }

  /** Records still without provenance get it rebuilt from their body files. */
  #finishProvenance(): void {
    let rebuilt = 0;
    for (const [id, record] of Object.entries(this.#db.data.articles)) {
      if ('captures' in record) continue;
      const found = this.#provenanceFromBody(id);
      Object.assign(record, { captures: found.captures, textSha256: found.textSha256, bodySha256: found.bodySha256, assets: found.assets });
      rebuilt++;
    }
    if (rebuilt > 0) this.notices.push(`the provenance of ${rebuilt} article(s) was rebuilt from their body files`);
    this.#provenanceLoaded = true;
  }

  #provenanceFromBody(id: string): ArticleProvenance {
    try {
      const text = readFileSync(join(this.dir, bodyRelPath(id)), 'utf8');
      const { recovery } = JSON.parse(text) as BodyFile;
      return { captures: recovery.captures, textSha256: recovery.textSha256, assets: recovery.assets, bodySha256: sha256(text) };
    } catch {
      // No body either: verify reports the article's missing file.
      return { captures: [], textSha256: '', assets: [], bodySha256: '' };
    }
  }

  #rebuildIndexes(): void {
    this.#lookups = null;
    this.#sorted.clear();
  }

  get #index(): WriteLookups {
    if (!this.#lookups) {
      this.#lookups = { byOriginal: new Map(), byText: new Map(), assetRefs: new Map() };
      for (const meta of Object.values(this.#records())) this.#indexMeta(meta, +1);
    }
    return this.#lookups;
  }

  /** Adds (+1) or drops (-1) an article's entries in the write lookups. */
  #indexMeta(meta: ArticleMeta, delta: 1 | -1): void {
    const { byOriginal, byText, assetRefs } = this.#index;
    for (const c of meta.captures) {
      if (delta > 0) byOriginal.set(c.sha256, meta.id);
      else byOriginal.delete(c.sha256);
    }
    if (meta.textSha256) {
      const ids = byText.get(meta.textSha256)?.filter((id) => id !== meta.id) ?? [];
      if (delta > 0) ids.push(meta.id);
      if (ids.length > 0) byText.set(meta.textSha256, ids);
      else byText.delete(meta.textSha256);
    }
    for (const a of meta.assets) {
      const n = (assetRefs.get(a) ?? 0) + delta;
      if (n > 0) assetRefs.set(a, n);
      else assetRefs.delete(a);
    }
  }

  /** Applies one op to the in-memory catalog (replay and live writes share this). */
  #apply(op: JournalOp): void {
    const data = this.#db.data;
    // Every change to the articles passes here: the filtered list's ids are forgotten.
    if (op.op !== 'state' && op.op !== 'settings') this.#filtered = null;
    switch (op.op) {
      case 'put':
        data.articles[op.meta.id] = op.meta;
        break;
      case 'del':
        delete data.articles[op.id];
        delete data.reading[op.id];
        break;
      case 'state':
        if (data.articles[op.id]) data.reading[op.id] = op.state;
        break;
      case 'settings':
        data.settings = op.settings;
        break;
    }
  }

  /** Runs mutations one at a time, so the journal's order is the order they happened in. */
  #serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(async () => {
      // Writes need provenance: wait for the background read rather than read it all at once.
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
    for (const op of ops) this.#apply(op);
    try {
      await journal.append(ops, durable);
    } catch (error) {
      this.#broken = error as Error;
      throw error;
    }
    if (journal.entries >= this.options.compactAfter && !this.#compacting) void this.compact().catch(() => undefined);
  }

  #emit(change: StoreChange): void {
    this.#facets = null;
    // An import adds one article at a time: counted in; a change or removal counts afresh later.
    const added = change.type === 'added' ? this.#db.data.articles[change.id] : undefined;
    if (added && this.#facetCounts) countFacets(this.#facetCounts, added);
    else this.#facetCounts = null;
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

  async #add({ article, original }: AddInput): Promise<AddResult> {
    const articles = this.#records();
    const sha = sha256(original.bytes);
    const existing = this.#index.byOriginal.get(sha);
    if (existing) return { status: 'duplicate', id: existing, title: articles[existing]?.title ?? article.title };
    const now = new Date().toISOString();
    const capture: Capture = {
      sha256: sha,
      ext: safeExt(original.ext),
      fileName: clipText(original.fileName, RECORD_LIMITS.fileName),
      bytes: original.bytes.byteLength,
      importedAt: now,
      importerVersion: IMPORTER_VERSION,
      format: article.format,
      charset: article.charset,
      extraction: article.extraction ?? 'article',
      ...(article.extractorVersion ? { extractorVersion: article.extractorVersion } : {}),
    };
    const text = normalizedText(article.paragraphs);
    const textSha = sha256(text);
    const earlier = text.length > 0 ? this.#earlierCapture(article, text, textSha) : undefined;
    if (earlier) {
      await writeFileDurable(join(this.dir, originalRelPath(capture)), original.bytes);
      const meta: ArticleMeta = { ...earlier, captures: [...earlier.captures, capture] };
      this.#index.byOriginal.set(sha, earlier.id);
      await this.#commit([{ op: 'put', meta }]);
      this.#emit({ type: 'updated', id: earlier.id });
      return { status: 'capture', id: earlier.id, title: earlier.title };
    }
    let id = sha.slice(0, 16);
    if (articles[id]) id = sha.slice(0, 24);
    // The record and body are built before any file is written: a page that cannot be stored
    // (too large to serialize, say) fails here and leaves nothing behind.
    const { meta, bodyText } = newArticleRecord(id, article, capture, text);
    const written: string[] = [];
    const write = async (path: string, bytes: Uint8Array | string): Promise<void> => {
      await writeFileDurable(path, bytes);
      written.push(path);
    };
    try {
      await write(join(this.dir, originalRelPath(capture)), original.bytes);
      for (const asset of article.assets) {
        const path = join(this.dir, 'assets', `${asset.sha256}.${safeExt(asset.ext)}`);
        const there = await stat(path).then((s) => s.size === asset.bytes.byteLength, () => false);
        if (!there) await write(path, asset.bytes);
      }
      await write(join(this.dir, bodyRelPath(id)), bodyText);
    } catch (error) {
      // Nothing was committed: the files of this add are orphans, removed now rather than by verify.
      await Promise.all(written.map((path) => rm(path, { force: true }).catch(() => undefined)));
      throw error;
    }
    this.#indexMeta(meta, +1);
    this.#insertSorted(meta);
    await this.#commit([{ op: 'put', meta }]);
    this.#emit({ type: 'added', id });
    return { status: 'added', id, title: meta.title };
  }

  /** The article `article` is another capture of, by the rule of same-article.ts. */
  #earlierCapture(article: ExtractedArticle, text: string, textSha: string): ArticleMeta | undefined {
    const candidates = this.#index.byText.get(textSha);
    if (!candidates) return undefined;
    const articles = this.#records();
    const substantial = isSubstantialText(text.split('\n'));
    for (const id of candidates) {
      const earlier = articles[id];
      if (earlier && isSameArticle(earlier, article, substantial)) return earlier;
    }
    return undefined;
  }

  /**
   * Takes whole records whose files are already in place (a restore): ids already present are
   * left alone and returned as `existing`; the rest are committed in one durable journal append.
   */
  restoreArticles(records: { meta: ArticleMeta; reading: ReadingState | null }[]): Promise<{ added: string[]; existing: string[] }> {
    return this.#serialized(async () => {
      const articles = this.#records();
      const existing: string[] = [];
      const fresh: { meta: ArticleMeta; reading: ReadingState | null }[] = [];
      for (const record of records) {
        if (articles[record.meta.id]) existing.push(record.meta.id);
        else fresh.push(record);
      }
      if (fresh.length === 0) return { added: [], existing };
      const ops: JournalOp[] = [];
      for (const { meta, reading } of fresh) {
        this.#indexMeta(meta, +1);
        ops.push({ op: 'put', meta });
        if (reading) ops.push({ op: 'state', id: meta.id, state: reading });
      }
      await this.#commit(ops);
      this.#sorted.clear();
      for (const { meta } of fresh) this.#emit({ type: 'added', id: meta.id });
      return { added: fresh.map((r) => r.meta.id), existing };
    });
  }

  /** The article's catalog record. */
  get(id: string): ArticleMeta | undefined {
    return this.#records()[id];
  }

  /** The id of the article that has a capture with these original bytes. */
  findByOriginal(originalSha256: string): string | undefined {
    return this.#index.byOriginal.get(originalSha256);
  }

  /** Every article record, in no particular order. */
  *all(): IterableIterator<ArticleMeta> {
    yield* Object.values(this.#records());
  }

  /** An article's record without its provenance: what search needs, without reading provenance/. */
  summary(id: string): ArticleSummary | undefined {
    return this.#db.data.articles[id];
  }

  /** Every record without its provenance (see summary), in no particular order. */
  *summaries(): IterableIterator<ArticleSummary> {
    yield* Object.values(this.#db.data.articles);
  }

  /** How many articles the archive holds. */
  get size(): number {
    // A sorted list already built is kept in step with every change; otherwise count, not sort.
    const sorted = this.#sorted.values().next();
    return sorted.done ? Object.keys(this.#db.data.articles).length : sorted.value.length;
  }

  /** Reads an article's body; throws ArchiveError when the article or its file is missing. */
  async getBody(id: string): Promise<ArticleBody> {
    const meta = this.summary(id);
    if (!meta) throw new ArchiveError('not-found', `no article with id ${id}`);
    let text: string;
    try {
      text = await readFile(join(this.dir, bodyRelPath(id)), 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new ArchiveError('unusable', `the body file of ${id} is missing (${bodyRelPath(id)}); run verify`);
      throw error;
    }
    const { recovery: _recovery, ...body } = JSON.parse(text) as BodyFile;
    return body;
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

  #sortedIds(key: SortKey): string[] {
    let ids = this.#sorted.get(key);
    if (!ids) {
      ids = sortIds(this.#db.data.articles, key);
      this.#sorted.set(key, ids);
    }
    return ids;
  }

  #insertSorted(meta: ArticleSummary): void {
    const articles = this.#db.data.articles;
    for (const [key, ids] of this.#sorted) {
      const value = sortValue(meta, key);
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = articles[ids[mid]!];
        const v = other ? sortValue(other, key) : '';
        if (v < value || (v === value && ids[mid]! < meta.id)) lo = mid + 1;
        else hi = mid;
      }
      ids.splice(lo, 0, meta.id);
    }
  }

  /** One page of the library, sorted and filtered. */
  list(query: ListQuery = {}): ListPage {
    const key = query.sort ?? 'publishedAt';
    const desc = (query.order ?? (key === 'title' || key === 'source' ? 'asc' : 'desc')) === 'desc';
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.min(MAX_PAGE, Math.max(0, query.limit ?? DEFAULT_PAGE));
    const ids = this.#sortedIds(key);
    const articles = this.#db.data.articles;
    const filtered = Boolean(query.source || query.tag || query.lang || query.from || query.to || query.extraction);
    // A count by one source or one tag (the window asks how many samples there are after every
    // refresh) comes from the facet counts rather than a pass over every article.
    if (limit === 0 && filtered && !query.lang && !query.from && !query.to && !query.extraction && !(query.source && query.tag)) {
      const counts = this.#countedFacets();
      const total = (query.tag ? counts.tags.get(query.tag) : counts.sources.get(query.source!)) ?? 0;
      return { total, offset, items: [] };
    }
    const matches = (m: ArticleSummary): boolean => matchesLibraryFilters(m, query);
    if (!filtered) {
      const items: ArticleSummary[] = [];
      for (let i = offset; i < Math.min(ids.length, offset + limit); i++) {
        const meta = articles[ids[desc ? ids.length - 1 - i : i]!];
        if (meta) items.push(meta);
      }
      return { total: ids.length, offset, items };
    }
    // The matching ids are kept until the next change: scrolling a filtered list asks for one
    // page after another, and each would otherwise scan every article again (69 ms at 100k).
    const cacheKey = JSON.stringify([key, desc, query.source, query.tag, query.lang, query.from, query.to, query.extraction]);
    let matching = this.#filtered?.key === cacheKey ? this.#filtered.ids : null;
    if (!matching) {
      matching = [];
      for (let i = 0; i < ids.length; i++) {
        const meta = articles[ids[desc ? ids.length - 1 - i : i]!];
        if (meta && matches(meta)) matching.push(meta.id);
      }
      this.#filtered = { key: cacheKey, ids: matching };
    }
    const items: ArticleSummary[] = [];
    for (const id of matching.slice(offset, offset + limit)) {
      const meta = articles[id];
      if (meta) items.push(meta);
    }
    return { total: matching.length, offset, items };
  }

  /** The ids the last filtered list matched, in its order (forgotten at every change). */
  #filtered: { key: string; ids: string[] } | null = null;

  /** Changes an article's title or tags. */
  update(id: string, patch: { title?: string; tags?: string[] }): Promise<ArticleMeta> {
    return this.#serialized(async () => {
      const meta = this.get(id);
      if (!meta) throw new ArchiveError('not-found', `no article with id ${id}`);
      const next: ArticleMeta = { ...meta };
      if (patch.title !== undefined) {
        const title = patch.title.trim();
        if (!title) throw new ArchiveError('invalid', 'a title cannot be empty');
        next.title = title;
      }
      if (patch.tags !== undefined) {
        next.tags = [...new Set(patch.tags.map((t) => t.trim()).filter((t) => t.length > 0))];
      }
      await this.#commit([{ op: 'put', meta: next }]);
      this.#sorted.delete('title');
      this.#emit({ type: 'updated', id });
      return next;
    });
  }

  /** Removes articles with their files; returns the ids that were there. */
  remove(ids: string[]): Promise<string[]> {
    return this.#serialized(async () => {
      const metas = ids.map((id) => this.get(id)).filter((m): m is ArticleMeta => m !== undefined);
      if (metas.length === 0) return [];
      for (const meta of metas) this.#indexMeta(meta, -1);
      await this.#commit(metas.map((m) => ({ op: 'del', id: m.id }) as const));
      this.#sorted.clear();
      // The catalog no longer refers to these files; a crash here leaves orphans that verify removes.
      for (const meta of metas) {
        await unlink(join(this.dir, bodyRelPath(meta.id))).catch(() => undefined);
        for (const c of meta.captures) await unlink(join(this.dir, originalRelPath(c))).catch(() => undefined);
        for (const a of meta.assets) {
          if (!this.#index.assetRefs.has(a)) await unlink(join(this.dir, 'assets', a)).catch(() => undefined);
        }
        this.#emit({ type: 'removed', id: meta.id });
      }
      return metas.map((m) => m.id);
    });
  }

  /** The saved reading position of an article, if any. */
  getReadingState(id: string): ReadingState | null {
    return this.#db.data.reading[id] ?? null;
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

  getSettings(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.#db.data.settings };
  }

  updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.#serialized(async () => {
      const settings = { ...this.getSettings(), ...patch };
      await this.#commit([{ op: 'settings', settings }]);
      return settings;
    });
  }

  #facets: LibraryFacets | null = null;
  #facetCounts: FacetCounts | null = null;

  #countedFacets(): FacetCounts {
    if (!this.#facetCounts) {
      const counts: FacetCounts = { sources: new Map(), tags: new Map(), firstDate: null, lastDate: null };
      for (const meta of Object.values(this.#db.data.articles)) countFacets(counts, meta);
      this.#facetCounts = counts;
    }
    return this.#facetCounts;
  }

  /**
   * The sources and tags in the archive with their counts (most used first, at most `MAX_FACETS`
   * of each), and the span of publication dates: what the library's filters offer. Counted over
   * the whole catalog once (about 0.1 s at 100k articles), then kept up to date as articles are
   * added, so an import of thousands does not recount for every refresh of the window; recounted
   * after an edit or a removal.
   */
  facets(): LibraryFacets {
    if (this.#facets) return this.#facets;
    const { sources, tags, firstDate, lastDate } = this.#countedFacets();
    const ranked = (counts: Map<string, number>): FacetValue[] =>
      [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
        .slice(0, MAX_FACETS);
    this.#facets = { sources: ranked(sources), tags: ranked(tags), firstDate, lastDate };
    return this.#facets;
  }

  stats(): ArchiveStats {
    const sources = new Set<string>();
    const tags = new Set<string>();
    let captures = 0;
    let originalsBytes = 0;
    for (const meta of this.all()) {
      if (meta.source) sources.add(meta.source);
      for (const t of meta.tags) tags.add(t);
      captures += meta.captures.length;
      for (const c of meta.captures) originalsBytes += c.bytes;
    }
    return { articles: this.size, captures, sources: sources.size, tags: tags.size, originalsBytes, schemaVersion: this.#db.data.schemaVersion };
  }

  /** Checks every file against the catalog; orphans of interrupted adds are removed unless read-only. */
  verify(options: { repair?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyReport> {
    const run = async (): Promise<VerifyReport> =>
      verifyArchive({
        dir: this.dir,
        articles: Object.values(this.#records()),
        journalDamage: this.#journalDamage,
        clean: !this.readOnly,
        repair: options.repair ?? false,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    return this.readOnly ? run() : this.#serialized(run);
  }

  /**
   * Folds the journal into catalog.json: the next journal is started first, so changes made while
   * the catalog is written go to it, and replaying it over the new catalog is harmless.
   */
  compact(): Promise<void> {
    if (this.readOnly) return Promise.resolve();
    this.#compacting ??= (async () => {
      try {
        await this.#backingUp;
        const old = this.#journal;
        if (!old) return;
        const next = await JournalWriter.open(this.dir, old.gen + 1);
        this.#journal = next;
        await old.close();
        this.#db.data.journalGen = next.gen;
        // Both files are written from full records: provenance must be in memory first.
        await this.#provenanceLoad;
        this.#ensureProvenance();
        await this.#db.write();
        await dropJournalsBefore(this.dir, next.gen);
      } finally {
        this.#compacting = null;
      }
    })();
    return this.#compacting;
  }

  /** Waits for pending writes, folds the journal into the catalog and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#writes;
    await this.#provenanceLoad;
    this.#closed = true;
    if (!this.readOnly) {
      await this.#compacting;
      const journal = this.#journal;
      let failure: unknown = null;
      if (!this.#broken && journal && (journal.entries > 0 || this.#replayed > 0)) {
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
