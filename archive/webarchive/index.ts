/**
 * Web archives as saved pages: `.warc`, `.warc.gz`, `.wacz` (and legacy `.arc`, `.arc.gz`).
 * `readWebArchive` yields one page at a time; memory stays bounded whatever the file's size
 * (records are indexed in a first streaming pass, then each page and its images are read by
 * offset). Problems that leave the rest readable go to `onProblem` with their byte offset; a
 * file that cannot be read at all throws a WebArchiveError that says why.
 */
import { open, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync, constants } from 'node:zlib';
import { readArcPages } from './arc.ts';
import { readPages, type WebArchivePage } from './pages.ts';
import { WebArchiveError } from './records.ts';
import { indexWarcSource, type WebArchiveOptions, type WebArchiveSummary } from './scan.ts';
import { readWaczPages } from './wacz.ts';

export { WebArchiveError } from './records.ts';
export type { WebArchivePage, WebArchiveProblem } from './pages.ts';
export type { WebArchiveOptions, WebArchiveSummary } from './scan.ts';

/** True for the file names this reader takes: `.warc`, `.warc.gz`, `.wacz`, `.arc`, `.arc.gz`. */
export function isWebArchiveName(name: string): boolean {
  return /\.(warc|warc\.gz|wacz|arc|arc\.gz)$/i.test(name);
}

export type WebArchiveKind = 'warc' | 'wacz' | 'arc';

/** Looks at the first bytes (through gzip when needed): WARC, ARC or WACZ; null for anything else. */
export async function sniffWebArchive(path: string): Promise<{ kind: WebArchiveKind; firstLine: string } | null> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { kind: 'wacz', firstLine: '' };
  let text = head;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      text = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return null;
    }
  }
  const firstLine = text.subarray(0, 512).toString('latin1').split(/\r?\n/)[0] ?? '';
  if (firstLine.startsWith('WARC/')) return { kind: 'warc', firstLine };
  if (firstLine.startsWith('filedesc://')) return { kind: 'arc', firstLine };
  return null;
}

/** Reads every page of a web archive at `path`, one at a time. */
export async function* readWebArchive(path: string, options: WebArchiveOptions = {}): AsyncGenerator<WebArchivePage, WebArchiveSummary> {
  const label = basename(path);
  const sniffed = await sniffWebArchive(path);
  if (!sniffed) {
    if (/\.wacz$/i.test(path)) throw new WebArchiveError(`${label}: not a WACZ file (it is not a ZIP)`);
    throw new WebArchiveError(`${label}: not a WARC file (its first line is not a WARC version)`);
  }
  if (sniffed.kind === 'wacz') return yield* readWaczPages(path, options);
  if (sniffed.kind === 'arc') return yield* readArcPages(path, options);
  const temps: string[] = [];
  try {
    const size = (await stat(path)).size;
    const warc = await indexWarcSource({ path, start: 0, end: size, label }, options, temps);
    for (const p of warc.index.problems) options.onProblem?.({ file: label, offset: p.offset, message: p.message });
    return yield* readPages([warc], {
      format: 'warc',
      onProblem: options.onProblem,
      onPage: (done, total) => options.onProgress?.({ phase: 'pages', done, total }),
    });
  } finally {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  }
}
