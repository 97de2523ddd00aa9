/**
 * The import worker thread's entry: reads, decodes and extracts the files the main thread
 * sends, and answers with the article (its byte buffers transferred, not copied). The main
 * thread alone writes to the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractedPage, Extractor, PreparedFile } from './prepare.ts';
import { extractPage, prepareFile } from './prepare.ts';
import type { DecodedPage } from './types.ts';

/** A file to read, decode and extract, or a page already decoded (from a web archive) to extract. */
export type WorkerRequest = { id: number; path: string } | { id: number; page: DecodedPage };

/** The worker's answer to a request (it also sends `'ready'` once, when loaded). */
export interface WorkerReply {
  id: number;
  result: PreparedFile | ExtractedPage;
}

/** `workerData.extractModule`: a module URL exporting `extractArticle`, for tests' stand-ins. */
const extractModule = (workerData as { extractModule?: string } | null)?.extractModule;
const extract: Extractor = extractModule
  ? ((await import(extractModule)) as { extractArticle: Extractor }).extractArticle
  : (await import('./extract/index.ts')).extractArticle;

const port = parentPort;
if (!port) throw new Error('archive/import/worker.ts is a worker thread entry, not a script');

port.on('message', (request: WorkerRequest) => {
  if ('page' in request) {
    const result = extractPage(request.page, extract);
    port.postMessage({ id: request.id, result } satisfies WorkerReply, transferables(result.kind === 'article' ? result.article.assets.map((a) => a.bytes) : []));
    return;
  }
  void prepareFile(request.path, extract).then((result) => {
    const views = result.kind === 'article' ? [result.original.bytes, ...result.article.assets.map((a) => a.bytes)] : [];
    port.postMessage({ id: request.id, result } satisfies WorkerReply, transferables(views));
  });
});

port.postMessage('ready');

/** Buffers that can move to the main thread without a copy (whole, unshared ArrayBuffers). */
function transferables(views: readonly Uint8Array[]): ArrayBuffer[] {
  const seen = new Set<ArrayBufferLike>();
  const out: ArrayBuffer[] = [];
  for (const view of views) {
    const buffer = view.buffer;
    if (!(buffer instanceof ArrayBuffer) || seen.has(buffer)) continue;
    if (view.byteOffset !== 0 || view.byteLength !== buffer.byteLength) continue;
    seen.add(buffer);
    out.push(buffer);
  }
  return out;
}
