/**
 * Web archives as saved pages: `.warc`, `.warc.gz`, `.wacz` (and legacy `.arc`, `.arc.gz`).
 * `readWebArchive` yields one page at a time; memory stays bounded whatever the file's size
 * (records are indexed in a first streaming pass, then each page and its images are read by
 * offset). Problems that leave the rest readable go to `onProblem` with their byte offset; a
 * file that cannot be read at all throws a WebArchiveError that says why.
 */
import { archiveFormatOf, formatByName } from '../import/formats/index.ts';
import type { WebArchivePage } from './pages.ts';
import type { WebArchiveOptions, WebArchiveSummary } from './scan.ts';

export { WebArchiveError } from './records.ts';
export type { WebArchivePage, WebArchiveProblem } from './pages.ts';
export type { WebArchiveOptions, WebArchiveSummary } from './scan.ts';

/**
 * Reads every page of a web archive at `path`, one at a time, with the archive format its first
 * bytes show (the formats are `archive/import/formats/{warc,wacz,arc}.ts`).
 */
export async function* readWebArchive(path: string, options: WebArchiveOptions = {}): AsyncGenerator<WebArchivePage, WebArchiveSummary> {
  const named = formatByName(path);
  const format = await archiveFormatOf(path, named?.pages === 'many' ? named : null);
  return yield* format.readPages(path, options);
}
