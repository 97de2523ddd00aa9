/**
 * A small pool of import worker threads, one file at a time each. A file that takes too long or
 * kills its worker (out of memory, a crash in a parser) fails alone: the worker is replaced and
 * the batch goes on.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import type { ExtractedPage, PreparedFile } from './prepare.ts';
import type { DecodedPage } from './types.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** What a worker answers; a failure (crash, timeout, stop) has the same shape for both kinds. */
type JobResult = PreparedFile | ExtractedPage;
type Failure = { kind: 'failed'; error: string };

/** Work for a worker: a file by path, or a decoded page; `label` names it in errors. */
interface Job {
  label: string;
  request: { path: string } | { page: DecodedPage };
  resolve: (result: JobResult) => void;
}

export interface PoolOptions {
  /** Worker threads; default: one per core. */
  size?: number;
  /** A file still unfinished after this long fails and its worker is replaced. */
  timeoutMs?: number;
  /**
   * Heap limit of each worker, in MB (default 1024). It also sets how far V8 lets the heap grow
   * between collections: fourfold at 2 GB or more, less than twofold at 1 GB, so a worker's heap
   * stays near what its page needs instead of filling up with garbage.
   */
  maxHeapMb?: number;
  /** Module URL exporting `extractArticle`, in place of the real extractor (tests). */
  extractModule?: string;
  /** The worker entry; default: `worker.ts` next to this file (see `defaultWorkerUrl`). */
  workerUrl?: URL;
}

/**
 * The worker entry. Under tsx this is `archive/import/worker.ts`; a bundle built by esbuild
 * (ESM, or CJS where `import.meta.url` is empty) ships it as `import-worker.mjs` beside the
 * bundle that contains this module.
 */
export function defaultWorkerUrl(): URL {
  const here = typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(`${__dirname}/`).href;
  return here.endsWith('.ts') ? new URL('./worker.ts', here) : new URL('./import-worker.mjs', here);
}

/**
 * Worker code that loads a TypeScript entry: tsx (4.x) registers its loader only on the main
 * thread under Node 20, even with `--import tsx` in the worker's execArgv, so the worker
 * registers it itself before importing the entry.
 */
function typeScriptBootstrap(entry: URL): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` +
    '.catch((error) => { setImmediate(() => { throw error; }); });';
}

/** Two 16 MB semi-spaces and the space beside them: V8's default for a 64-bit isolate. */
const WORKER_YOUNG_GENERATION_MB = 48;

interface Slot {
  worker: Worker;
  /** Set once the worker has loaded its modules: start-up time does not count against a file. */
  ready: boolean;
  job: { id: number; label: string; resolve: (result: JobResult) => void; timer: NodeJS.Timeout } | null;
}

/** Runs `prepareFile` on worker threads. */
export class ImportWorkerPool {
  readonly size: number;
  readonly #options: Required<Pick<PoolOptions, 'timeoutMs' | 'maxHeapMb'>> & PoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiting: Job[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers that died before they were ready, in a row; a pool whose workers cannot start gives up. */
  #startFailures = 0;
  #startError: string | null = null;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.#options = { timeoutMs: 120_000, maxHeapMb: 1024, ...options };
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn());
  }

  /** Prepares one file on the next free worker. */
  run(path: string): Promise<PreparedFile> {
    return this.#queue(basename(path), { path }) as Promise<PreparedFile>;
  }

  /**
   * Extracts the article of a page already decoded (a web archive's page) on the next free
   * worker, so a long page's extraction never holds the thread that owns the store (and, in the
   * app, the window's requests). `label` names the page in errors.
   */
  extractPage(page: DecodedPage, label: string): Promise<ExtractedPage> {
    return this.#queue(label, { page }) as Promise<ExtractedPage>;
  }

  #queue(label: string, request: Job['request']): Promise<JobResult> {
    if (this.#closed) return Promise.resolve(stopped(label));
    if (this.#startError && this.#startFailures >= 3) return Promise.resolve(this.#cannotStart(label));
    return new Promise((resolve) => {
      this.#waiting.push({ label, request, resolve });
      this.#dispatch();
      this.#keepAlive();
    });
  }

  /** Stops every worker; files in progress resolve as failed ("stopped"). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const { label, resolve } of this.#waiting.splice(0)) resolve(stopped(label));
    await Promise.all(this.#slots.map(async (slot) => {
      this.#finish(slot, stopped(slot.job?.label ?? ''));
      await slot.worker.terminate();
    }));
  }

  #spawn(): Slot {
    const url = this.#options.workerUrl ?? defaultWorkerUrl();
    // A process-wide semi-space flag (archive/heap.ts sets one for the catalog's sake) would
    // override `resourceLimits` and give every worker a 128 MB young generation; cleared, each
    // worker gets V8's own default, two 16 MB semi-spaces.
    setFlagsFromString('--max-semi-space-size=0');
    const options = {
      workerData: { extractModule: this.#options.extractModule },
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    };
    const worker = url.pathname.endsWith('.ts') ? new Worker(typeScriptBootstrap(url), { ...options, eval: true }) : new Worker(url, options);
    const slot: Slot = { worker, ready: false, job: null };
    worker.on('message', (reply: WorkerReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        this.#startFailures = 0;
      }
      else if (slot.job?.id === reply.id) this.#finish(slot, reply.result);
      this.#dispatch();
    });
    worker.on('error', (error) => {
      if (!slot.ready) this.#startError = error.message;
      const oom = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      const path = slot.job?.label ?? '';
      this.#finish(slot, {
        kind: 'failed',
        error: oom ? `${path}: ran out of memory while reading this file` : `${path}: the import worker crashed: ${error.message}`,
      });
    });
    worker.on('exit', () => {
      if (this.#closed) return;
      if (!slot.ready && ++this.#startFailures >= 3) {
        for (const { label, resolve } of this.#waiting.splice(0)) resolve(this.#cannotStart(label));
        return;
      }
      const path = slot.job?.label ?? '';
      this.#finish(slot, { kind: 'failed', error: `${path}: the import worker stopped unexpectedly` });
      this.#replace(slot);
    });
    worker.unref();
    return slot;
  }

  #cannotStart(label: string): Failure {
    return { kind: 'failed', error: `${label}: the import worker cannot start: ${this.#startError ?? 'unknown error'}` };
  }

  #replace(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0 || this.#closed) return;
    this.#slots[index] = this.#spawn();
    this.#dispatch();
    this.#keepAlive();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job || this.#waiting.length === 0) continue;
      const next = this.#waiting.shift()!;
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        const seconds = Math.round(this.#options.timeoutMs / 1000);
        this.#finish(slot, { kind: 'failed', error: `${next.label}: gave up after ${seconds} s (the page is too large or too complex)` });
        // Terminating fires 'exit', which replaces the worker.
        void slot.worker.terminate();
      }, this.#options.timeoutMs);
      slot.job = { id, label: next.label, resolve: next.resolve, timer };
      slot.worker.postMessage({ id, ...next.request } satisfies WorkerRequest);
    }
  }

  #finish(slot: Slot, result: JobResult): void {
    const job = slot.job;
    if (!job) return;
    slot.job = null;
    clearTimeout(job.timer);
    job.resolve(result);
    this.#keepAlive();
  }

  /** Workers keep the process alive only while there is work (an idle pool never holds it open). */
  #keepAlive(): void {
    const busy = this.#waiting.length > 0 || this.#slots.some((s) => s.job);
    for (const slot of this.#slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}

function stopped(label: string): Failure {
  return { kind: 'failed', error: `${label}: the import was stopped` };
}
