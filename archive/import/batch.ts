/**
 * Importing many files: walk the paths, prepare files on worker threads (read, decode,
 * extract), and commit each article to the store from this thread only (the store has one
 * writer). Every file gets an outcome; none stops the batch; memory stays bounded because only
 * a few files are in flight at once.
 */
import { basename } from 'node:path';
import type { AddInput, AddResult } from '../store/store.ts';
import type { ImportProgress, ImportReport } from './types.ts';
import { ImportWorkerPool, type PoolOptions } from './pool.ts';
import { prepareFile, type Extractor, type PreparedFile } from './prepare.ts';
import { countFiles, walkPaths } from './walk.ts';
import { isWebArchiveName } from '../webarchive/index.ts';

/** The part of the store an import needs. */
export interface ImportTarget {
  addArticle(input: AddInput): Promise<AddResult>;
}

export interface ImportOptions {
  /** Called after each file, and while folders are counted. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import: no new files start, the report comes back with `cancelled: true`. */
  signal?: AbortSignal;
  /** Worker pool settings (size, timeout, heap limit, stand-in extractor module). */
  pool?: PoolOptions;
  /** A running pool to use (kept warm between imports); it is left open afterwards. */
  workers?: ImportWorkerPool;
  /** Prepare files on this thread with this extractor instead of worker threads. */
  inProcess?: Extractor;
}

/** Imports files and folders (recursively) into the store and says what became of each file. */
export async function importPaths(store: ImportTarget, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const { signal, onProgress } = options;
  const report: ImportReport = { imported: [], duplicates: [], failed: [], skipped: [], warnings: [], cancelled: false };
  const started = performance.now();
  let done = 0;
  let total = 0;
  const emit = (phase: ImportProgress['phase'], file: string | null): void => {
    if (!onProgress) return;
    const seconds = (performance.now() - started) / 1000;
    onProgress({
      phase, done, total: Math.max(total, done), file, rate: seconds > 0 ? done / seconds : 0,
      imported: report.imported.length, duplicates: report.duplicates.length,
      failed: report.failed.length, skipped: report.skipped.length,
    });
  };

  emit('scanning', null);
  total = await countFiles(paths, signal, (n) => {
    total = n;
    emit('scanning', null);
  });

  const ownPool = options.inProcess || options.workers ? null : new ImportWorkerPool(options.pool);
  const pool = options.inProcess ? null : (options.workers ?? ownPool);
  const prepare = (path: string): Promise<PreparedFile> => (pool ? pool.run(path) : prepareFile(path, options.inProcess!));
  const onAbort = (): void => void ownPool?.close();
  signal?.addEventListener('abort', onAbort, { once: true });

  // The store has one writer: commits run one after another, in the order files finish.
  let commits: Promise<void> = Promise.resolve();
  const commit = (file: string, prepared: PreparedFile): Promise<void> => {
    commits = commits.then(async () => {
      // After a cancel, nothing more is recorded or committed (a commit under way completes).
      if (signal?.aborted) return;
      await record(store, report, file, prepared);
      done++;
      emit('importing', file);
    });
    return commits;
  };

  const inFlight = new Set<Promise<void>>();
  const limit = (pool?.size ?? 1) + 2;
  try {
    for await (const item of walkPaths(paths, signal)) {
      if (signal?.aborted) break;
      if (item.kind === 'error') {
        report.failed.push({ file: item.path, error: item.error });
        done++;
        emit('importing', item.path);
        continue;
      }
      if (isWebArchiveName(item.path)) {
        // A web archive holds many pages: it streams through its own reader, one at a time,
        // after the files before it are committed (the store keeps one writer).
        await Promise.all(inFlight);
        await commits;
        await importOneWebArchive(store, item.path, report, signal, pool);
        done++;
        emit('importing', item.path);
        continue;
      }
      while (inFlight.size >= limit) await Promise.race(inFlight);
      if (signal?.aborted) break;
      const job = prepare(item.path).then((prepared) => commit(item.path, prepared));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
    await Promise.all(inFlight);
    await commits;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await ownPool?.close();
  }
  report.cancelled = signal?.aborted ?? false;
  emit('done', null);
  return report;
}

/** Imports every page of a WARC/WACZ/ARC file, adding each page's outcome to the report. */
async function importOneWebArchive(store: ImportTarget, path: string, report: ImportReport, signal: AbortSignal | undefined, pool: ImportWorkerPool | null): Promise<void> {
  const { importWebArchive } = await import('../webarchive/import.ts');
  // Pages are read here and extracted on the workers, as many at once as there are workers.
  let result;
  try {
    result = await importWebArchive(store, path, {
      ...(signal ? { signal } : {}),
      ...(pool ? { extract: (page, label) => pool.extractPage(page, label), parallel: pool.size } : {}),
    });
  } catch (error) {
    // Whatever breaks in one archive is that archive's failure; the batch goes on.
    report.failed.push({ file: path, error: `${basename(path)}: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  report.imported.push(...result.imported.map(({ url: _url, ...entry }) => entry));
  report.duplicates.push(...result.duplicates);
  report.failed.push(...result.failed);
  report.skipped.push(...result.skipped);
  report.warnings.push(...result.warnings);
}

/** Puts one file's outcome in the report, committing its article to the store. */
async function record(store: ImportTarget, report: ImportReport, file: string, prepared: PreparedFile): Promise<void> {
  if (prepared.kind === 'skipped') {
    report.skipped.push({ file, reason: prepared.reason });
    return;
  }
  if (prepared.kind === 'failed') {
    report.failed.push({ file, error: prepared.error });
    return;
  }
  for (const warning of prepared.warnings) report.warnings.push({ file, warning });
  try {
    const result = await store.addArticle({ article: prepared.article, original: prepared.original });
    if (result.status === 'duplicate') report.duplicates.push({ id: result.id, file });
    else if (result.status === 'capture') report.imported.push({ id: result.id, title: result.title, file, capture: true });
    else report.imported.push({ id: result.id, title: result.title, file });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report.failed.push({ file, error: `${basename(file)}: could not be stored: ${message}` });
  }
}
