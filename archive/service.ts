/**
 * The service behind the window: implements the contract's ReaderApi on the archive. Main (over
 * IPC) and the e2e bridge (over Playwright) both call `dispatch`, which checks the argument the
 * same way before the service sees it. What only the host can do (file dialogs, printing) comes
 * in through a ServiceHost, so the service itself stays plain Node. No method takes a path: files
 * come from the host's dialogs, or as tokens the host issued through `pathTokens`.
 */
import {
  checkArgument,
  type ExportQuery,
  type OriginalView,
  type NewHighlight,
  type PathPurpose,
  type PathToken,
  type ReaderApi,
  type ReaderArg,
  type ReaderEvent,
  type ReaderEvents,
  type ReaderMethod,
  type ReaderResult,
  type RestoreSummary,
  type SearchQuery,
} from './contract.ts';
import type { PdfRenderer } from './export/pdf-renderer.ts';
import { PathTokens } from './path-tokens.ts';
import { pickTypography as exportTypography } from './typography/cjk-css.ts';
import type { ImportProgress, ImportReport } from './import/types.ts';
import type { ArchiveStats, ArticleMeta, Highlight, HighlightColor, LibraryFacets, ArticleView, ExportResult, ListPage, ListQuery, ReadingState, ScriptMode, SearchResults, Settings, VerifyReport } from './model.ts';
import type { SearchIndex } from './search/index.ts';
import { ArchiveError } from './store/errors.ts';
import type { ArchiveStore, OpenOptions } from './store/store.ts';

/** The errors a front end tells apart (an unusable archive, a file-system failure), for those that never import the store. */
export { ArchiveError, describeFsError } from './store/errors.ts';

/** What the app around the service provides; every member is optional. */
export interface ServiceHost {
  /** Asks the user for files or a folder to import; null when cancelled. */
  chooseImportPaths?(kind: 'files' | 'folder'): Promise<string[] | null>;
  /** Asks the user for a folder to export into; null when cancelled. */
  chooseExportFolder?(): Promise<string | null>;
  /** Renders PDFs (Electron's printToPDF in the app); default: a Chromium found on the system. */
  openPdfRenderer?(): Promise<PdfRenderer>;
  /** Asks the user where to write a backup; null when cancelled. */
  chooseBackupFile?(): Promise<string | null>;
  /** Asks the user for a backup file to restore; null when cancelled. */
  chooseRestoreFile?(): Promise<string | null>;
}

type Listener<E extends ReaderEvent> = (payload: ReaderEvents[E]) => void;

const PROGRESS_INTERVAL_MS = 100;

export class ReaderService implements ReaderApi {
  #listeners = new Map<ReaderEvent, Set<Listener<ReaderEvent>>>();
  #unsubscribe: () => void;
  #search: Promise<SearchIndex> | null = null;
  #importing: AbortController | null = null;
  /** The running export's stop flag, set by cancelExport and read between files. */
  #exporting: { cancelled: boolean } | null = null;
  /** Articles changed since the search index on disk last heard of them (see #keepingIndexCurrent). */
  #unindexed = new Set<string>();
  #stopTrackingChanges: (() => void) | null = null;
  #indexCatchUp: Promise<void> | null = null;
  /** The files and folders main has handed this session, as tokens: the only way a path gets in. */
  readonly pathTokens = new PathTokens();

  constructor(
    readonly store: ArchiveStore,
    readonly host: ServiceHost = {},
  ) {
    this.#unsubscribe = store.onChange((change) => this.emit('archiveChanged', { ids: [change.id] }));
    for (const message of store.notices) queueMicrotask(() => this.emit('notice', { message }));
  }

  /**
   * Opens (or creates) the archive in `dir` and a service on it, for front ends that hold no store
   * of their own (the CLI); `subscribe` runs before the opening's notices are emitted.
   */
  static async open(dir: string, options: OpenOptions = {}, host: ServiceHost = {}, subscribe?: (service: ReaderService) => void): Promise<ReaderService> {
    const { ArchiveStore } = await import('./store/store.ts');
    const service = new ReaderService(await ArchiveStore.open(dir, options), host);
    subscribe?.(service);
    return service;
  }

  /** Disposes the service and closes the store it was opened on. */
  async close(): Promise<void> {
    try {
      await this.dispose();
    } finally {
      await this.store.close();
    }
  }

  /** Subscribes to a service event; returns the unsubscribe function. */
  on<E extends ReaderEvent>(event: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<ReaderEvent>);
    return () => set.delete(listener as Listener<ReaderEvent>);
  }

  emit<E extends ReaderEvent>(event: E, payload: ReaderEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<E>)(payload);
  }

  /** Checks `rawArg` against the contract and calls the method: the one entry for IPC and tests. */
  async dispatch<M extends ReaderMethod>(method: M, rawArg: unknown): Promise<ReaderResult<M>> {
    const arg = checkArgument(method, rawArg);
    const fn = (this as unknown as ReaderApi)[method] as (a: ReaderArg<M>) => Promise<ReaderResult<M>>;
    return fn.call(this, arg);
  }

  /** The search index, opened on first use (it catches up with the archive in the background). */
  searchIndex(): Promise<SearchIndex> {
    this.#search ??= import('./search/index.ts').then(async ({ SearchIndex }) => {
      const index = await SearchIndex.open(this.store);
      for (const message of index.notices) this.emit('notice', { message });
      void this.#indexCaughtUp(index);
      return index;
    });
    return this.#search;
  }

  /** One page of the library; with a `script`, titles, bylines and sources come shown in it. */
  async listArticles({ script, ...query }: ListQuery): Promise<ListPage> {
    const page = this.store.list(query);
    if (!script || script === 'original') return page;
    const { metaInScript } = await import('./convert/index.ts');
    return { ...page, items: page.items.map((meta) => metaInScript(meta, script)) };
  }

  async getArticle({ id, script }: { id: string; script?: ScriptMode }): Promise<ArticleView | null> {
    const meta = this.store.get(id);
    if (!meta) return null;
    const body = await this.store.getBody(id);
    const reading = this.store.getReadingState(id);
    if (!script || script === 'original') return { meta, body, reading };
    // The dictionaries are large: loaded on the first conversion only.
    const { articleInScript } = await import('./convert/index.ts');
    const shown = articleInScript(meta, body, script);
    return { meta: shown.meta, body: shown.body, reading };
  }

  async getArticles({ ids, script }: { ids: string[]; script?: ScriptMode }): Promise<(ArticleView | null)[]> {
    const views: (ArticleView | null)[] = [];
    for (const id of ids) views.push(await this.getArticle({ id, ...(script ? { script } : {}) }));
    return views;
  }

  updateArticle({ id, ...patch }: { id: string; title?: string; tags?: string[] }): Promise<ArticleMeta> {
    return this.#keepingIndexCurrent(() => this.store.update(id, patch));
  }

  removeArticles({ ids }: { ids: string[] }): Promise<string[]> {
    return this.#keepingIndexCurrent(() => this.store.remove(ids));
  }

  saveReadingState({ id, progress }: { id: string; progress: number }): Promise<ReadingState> {
    return this.store.saveReadingState(id, progress);
  }

  async getSettings(): Promise<Settings> {
    return this.store.getSettings();
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const settings = await this.store.updateSettings(patch);
    this.emit('settingsChanged', settings);
    return settings;
  }

  async getFacets(): Promise<LibraryFacets> {
    return this.store.facets();
  }

  async getStats(): Promise<ArchiveStats> {
    return this.store.stats();
  }

  async verifyArchive({ repair }: { repair?: boolean }): Promise<VerifyReport> {
    let last = 0;
    const onProgress = (done: number, total: number): void => {
      if (Date.now() - last < PROGRESS_INTERVAL_MS) return;
      last = Date.now();
      this.emit('verifyProgress', { done, total });
    };
    const report = await this.store.verify({ repair: repair ?? false, onProgress });
    this.emit('verifyProgress', { done: this.store.size, total: this.store.size });
    if (repair) await (await this.searchIndex()).rebuild();
    return report;
  }

  async importFiles({ token }: { token: PathToken }): Promise<ImportReport> {
    return this.#importPaths(this.pathTokens.redeem(token, 'import', 'importFiles.token'));
  }

  async chooseAndImport({ kind }: { kind: 'files' | 'folder' }): Promise<ImportReport | null> {
    if (!this.host.chooseImportPaths) throw new ArchiveError('invalid', 'this app cannot show a file dialog');
    const paths = await this.#chosen('import', undefined, 'chooseAndImport', () => this.host.chooseImportPaths?.(kind));
    return paths ? this.#importPaths(paths) : null;
  }

  async #importPaths(paths: string[]): Promise<ImportReport> {
    if (this.#importing) throw new ArchiveError('invalid', 'an import is already running: wait for it or cancel it');
    const controller = new AbortController();
    this.#importing = controller;
    let last = 0;
    const onProgress = (progress: ImportProgress): void => {
      const now = Date.now();
      if (progress.phase === 'importing' && progress.done < progress.total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.emit('importProgress', progress);
    };
    try {
      const { importPaths } = await import('./import/batch.ts');
      // Every import, from any front end, comes through here: the index on disk follows it here once.
      const report = await this.#keepingIndexCurrent(() => importPaths(this.store, paths, { signal: controller.signal, onProgress }));
      // Every front end's import ends the same way: the window shows this, whoever started it.
      this.emit('importFinished', report);
      return report;
    } finally {
      this.#importing = null;
    }
  }

  /**
   * The paths a file-touching call acts on: those behind the window's token, else what the host's
   * dialog answers (registered and redeemed like any token, so both pass the same checks); null
   * when there is no token and the user cancelled or the host has no dialog.
   */
  async #chosen(purpose: PathPurpose, token: PathToken | undefined, field: string, ask: () => Promise<string[] | string | null> | undefined): Promise<string[] | null> {
    if (token !== undefined) return this.pathTokens.redeem(token, purpose, field);
    const answer = (await ask()) ?? null;
    const paths = typeof answer === 'string' ? [answer] : answer;
    if (!paths || paths.length === 0) return null;
    return this.pathTokens.redeem(this.pathTokens.issue(purpose, paths), purpose, field);
  }

  async cancelImport(): Promise<boolean> {
    if (!this.#importing) return false;
    this.#importing.abort();
    return true;
  }

  async search({ query, ...options }: SearchQuery): Promise<SearchResults> {
    const index = await this.searchIndex();
    // Never an answer from a half-built index: the window and the CLI show `indexProgress` meanwhile.
    await this.#indexCaughtUp(index);
    return index.search(query, options);
  }

  /** Resolves when the index has caught up with the archive; until then `indexProgress` says how far it is. */
  #indexCaughtUp(index: SearchIndex): Promise<void> {
    this.#indexCatchUp ??= (async () => {
      let total = 0;
      const tick = (): void => {
        const progress = index.progress();
        total = Math.max(total, progress.total);
        if (progress.total > 0) this.emit('indexProgress', progress);
      };
      tick();
      const timer = setInterval(tick, PROGRESS_INTERVAL_MS);
      try {
        await index.ready();
      } finally {
        clearInterval(timer);
        this.#indexCatchUp = null;
      }
      if (total > 0) this.emit('indexProgress', { done: total, total });
    })();
    return this.#indexCatchUp;
  }

  /**
   * Runs a write and, before it resolves, brings the search index on disk up to date with the
   * articles it changed: they are indexed from the store's records into a new small segment of
   * the index (search/persist.ts), so a process that only writes, like the CLI's import, never
   * loads the index. Overlapping writes share the set of changed ids; the first to finish
   * commits them all. An index loaded in this process follows the store by itself and commits
   * them as its own new segment here.
   */
  async #keepingIndexCurrent<T>(write: () => Promise<T>): Promise<T> {
    this.#stopTrackingChanges ??= this.store.onChange(({ id }) => this.#unindexed.add(id));
    try {
      return await write();
    } finally {
      const ids = [...this.#unindexed];
      this.#unindexed.clear();
      if (ids.length > 0) {
        try {
          if (this.#search) {
            // The index loaded here has followed the write: it commits those articles itself (one writer of the manifest).
            await (await this.#search).saveChanges();
          } else {
            const { appendStoreChanges } = await import('./search/persist.ts');
            await appendStoreChanges(this.store, ids);
          }
        } catch (error) {
          this.emit('notice', { message: `the search index on disk was not updated (${(error as Error).message}); it catches up when it is next opened` });
        }
      }
    }
  }

  async exportArticles(request: ExportQuery): Promise<ExportResult | null> {
    if (this.#exporting) throw new ArchiveError('invalid', 'an export is already running: wait for it or cancel it');
    const run = { cancelled: false };
    this.#exporting = run;
    try {
      const chosen = await this.#chosen('export', request.folderToken, 'exportArticles.folderToken', () => this.host.chooseExportFolder?.());
      const outDir = chosen?.[0];
      if (!outDir) return null;
      const { exportArticles } = await import('./export/formats.ts');
      const openPdfRenderer =
        this.host.openPdfRenderer ?? (async () => (await import('./export/chromium.ts')).openChromiumPdfRenderer());
      return await exportArticles(
        this.store,
        {
          ids: request.ids,
          format: request.format,
          outDir,
          script: request.script,
          fontSize: request.fontSize,
          ...(request.paper ? { paper: request.paper } : {}),
          ...(request.showRuby !== undefined ? { showRuby: request.showRuby } : {}),
          ...(request.margins ? { margins: request.margins } : {}),
          ...(request.highlights !== undefined ? { highlights: request.highlights } : {}),
          ...(request.epub ? { epub: request.epub } : {}),
          typography: exportTypography(request),
        },
        { openPdfRenderer, cancelled: () => run.cancelled, onProgress: ({ done, total, file }) => this.emit('exportProgress', { done, total, file }) },
      );
    } finally {
      this.#exporting = null;
    }
  }

  async cancelExport(): Promise<boolean> {
    if (!this.#exporting) return false;
    this.#exporting.cancelled = true;
    return true;
  }

  async exportBulk({ fileToken, since, index }: { fileToken: PathToken; since?: string; index?: string }): Promise<{ articles: number; bytes: number; file: string }> {
    const [file] = this.pathTokens.redeem(fileToken, 'export', 'exportBulk.fileToken');
    const { writeBulk, bulkHighlight } = await import('./export/bulk.ts');
    // Each document carries the article's highlights, quoted in its original script (bulkHighlight flattens one).
    const written = await writeBulk(this.store, file!, {
      highlightsOf: async (articleId) => (await this.listHighlights({ articleId })).map(bulkHighlight),
      ...(since !== undefined ? { since } : {}),
      ...(index !== undefined ? { index } : {}),
      onProgress: (done, total) => this.emit('exportProgress', { done, total, file: null }),
    });
    return { ...written, file: file! };
  }

  async backupArchive({ fileToken }: { fileToken?: PathToken }): Promise<{ articles: number; bytes: number; file: string } | null> {
    const file = (await this.#chosen('backup', fileToken, 'backupArchive.fileToken', () => this.host.chooseBackupFile?.()))?.[0];
    if (!file) return null;
    const { writeBackup } = await import('./backup/backup.ts');
    return writeBackup(this.store, file, { onProgress: (bytesDone, bytesTotal) => this.emit('backupProgress', { task: 'backup', bytesDone, bytesTotal }) });
  }

  async restoreArchive({ fileToken }: { fileToken?: PathToken }): Promise<RestoreSummary | null> {
    const path = (await this.#chosen('restore', fileToken, 'restoreArchive.fileToken', () => this.host.chooseRestoreFile?.()))?.[0];
    if (!path) return null;
    const { restoreIntoStore } = await import('./backup/restore.ts');
    const { articles, bytes, unchanged, conflicts, filesWritten, settingsRestored } = await this.#keepingIndexCurrent(() => restoreIntoStore(this.store, path, {
      onProgress: (pass, bytesDone, bytesTotal) => this.emit('backupProgress', { task: pass === 1 ? 'restore-check' : 'restore-write', bytesDone, bytesTotal }),
    }));
    if (settingsRestored) this.emit('settingsChanged', this.store.getSettings());
    return { articles, bytes, unchanged, conflicts: conflicts.map(({ id, title, reason }) => ({ id, title, reason })), filesWritten, settingsRestored };
  }

  async checkBackup({ fileToken }: { fileToken: PathToken }): Promise<{ articles: number; bytes: number }> {
    const [path] = this.pathTokens.redeem(fileToken, 'restore', 'checkBackup.fileToken');
    const { checkBackup } = await import('./backup/restore.ts');
    const checked = await checkBackup(path!, { onProgress: (_pass, bytesDone, bytesTotal) => this.emit('backupProgress', { task: 'restore-check', bytesDone, bytesTotal }) });
    return { articles: checked.records.length, bytes: checked.bytes };
  }

  async getOriginal({ id, capture }: { id: string; capture?: number }): Promise<OriginalView | null> {
    const { readOriginalView } = await import('./original/original.ts');
    return readOriginalView(this.store, id, capture);
  }

  async listHighlights(arg: { articleId: string; script?: ScriptMode }): Promise<Highlight[]> {
    return (await import('./highlights/highlights.ts')).listHighlights(this.store, arg);
  }

  // A note is searchable text of its article: each change of highlights keeps the index current.
  async addHighlight(arg: NewHighlight): Promise<Highlight> {
    const { addHighlight } = await import('./highlights/highlights.ts');
    return this.#keepingIndexCurrent(() => addHighlight(this.store, arg));
  }

  async updateHighlight(arg: { id: string; color?: HighlightColor; note?: string }): Promise<Highlight> {
    const { updateHighlight } = await import('./highlights/highlights.ts');
    return this.#keepingIndexCurrent(() => updateHighlight(this.store, arg));
  }

  async removeHighlight(arg: { id: string }): Promise<boolean> {
    const { removeHighlight } = await import('./highlights/highlights.ts');
    return this.#keepingIndexCurrent(() => removeHighlight(this.store, arg));
  }

  /** Stops forwarding store changes and closes the search index; the caller closes the store. */
  async dispose(): Promise<void> {
    this.#unsubscribe();
    this.#stopTrackingChanges?.();
    this.#listeners.clear();
    this.#importing?.abort();
    if (this.#exporting) this.#exporting.cancelled = true;
    this.pathTokens.clear();
    if (this.#search) await (await this.#search).close();
  }
}
