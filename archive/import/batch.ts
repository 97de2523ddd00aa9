/**
 * Importing many files: walk the paths, prepare files on worker threads (read, decode,
 * extract), and commit each article to the store from this thread only (the store has one
 * writer). A file of many pages (a web archive) is read here, one page at a time, and its pages
 * extracted on the same workers and committed by the same loop, in the archive's order. Every
 * file and page gets an outcome; none stops the batch; memory stays bounded because only a few
 * are in flight at once.
 */
import { basename } from 'node:path';
import type { AddInput, AddResult } from '../store/store.ts';
import type { ImportProgress, ImportReport } from './types.ts';
import { archivePages, type PageExtractor } from './archive-file.ts';
import { formatByName } from './formats/index.ts';
import { ImportWorkerPool, type PoolOptions } from './pool.ts';
import { extractPage, prepareFile, type Extractor, type PreparedFile } from './prepare.ts';
import { countFiles, walkPaths } from './walk.ts';

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
  const extract: PageExtractor = pool ? (page, label) => pool.extractPage(page, label) : async (page) => extractPage(page, options.inProcess!);
  const onAbort = (): void => void ownPool?.close();
  signal?.addEventListener('abort', onAbort, { once: true });

  // The store has one writer: commits run one after another, in the order they are queued.
  let commits: Promise<void> = Promise.resolve();
  /** Queues the commit of one outcome; `finished` is the file it completes, if it completes one. */
  const commit = (file: string, outcome: PreparedFile | Promise<PreparedFile>, finished: string | null): Promise<void> => {
    commits = commits.then(async () => {
      const prepared = await outcome;
      // After a cancel, nothing more is recorded or committed (a commit under way completes).
      if (signal?.aborted) return;
      await record(store, report, file, prepared);
      if (finished === null) return;
      done++;
      emit('importing', finished);
    });
    return commits;
  };

  const inFlight = new Set<Promise<void>>();
  const limit = (pool?.size ?? 1) + 2;
  const track = (job: Promise<void>): void => {
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };
  try {
    for await (const item of walkPaths(paths, signal)) {
      if (signal?.aborted) break;
      if (item.kind === 'error') {
        track(commit(item.path, { kind: 'failed', error: item.error }, item.path));
        continue;
      }
      const format = formatByName(item.path);
      if (format?.pages === 'many') {
        // Its pages commit in the archive's order: each is queued as it is read, and waits there for its extraction.
        for await (const page of archivePages(item.path, format, extract, signal)) {
          track(commit(page.file, page.outcome, null));
          while (inFlight.size >= limit) await Promise.race(inFlight);
        }
        track(commits.then(() => {
          if (signal?.aborted) return;
          done++;
          emit('importing', item.path);
        }));
        continue;
      }
      while (inFlight.size >= limit) await Promise.race(inFlight);
      if (signal?.aborted) break;
      // A saved page commits when it is ready, whichever finishes first.
      track(prepare(item.path).then((prepared) => commit(item.path, prepared, item.path)));
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

/** Puts one outcome in the report, committing its article to the store. */
async function record(store: ImportTarget, report: ImportReport, file: string, prepared: PreparedFile): Promise<void> {
  for (const warning of prepared.warnings ?? []) report.warnings.push({ file, warning });
  if (prepared.kind === 'skipped') {
    report.skipped.push({ file, reason: prepared.reason });
    return;
  }
  if (prepared.kind === 'failed') {
    report.failed.push({ file, error: prepared.error });
    return;
  }
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
