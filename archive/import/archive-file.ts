/**
 * A file of many pages (a web archive) as the batch loop sees it: one outcome per page, read here
 * one at a time and extracted elsewhere (the worker pool), in the order the archive holds them.
 * A problem that leaves the rest readable is one failed outcome, named by the page's offset; a
 * file that cannot be read at all is one failed outcome for the file; pages read before it broke
 * are kept.
 */
import { basename } from 'node:path';
import { archiveFormatOf, type ArchiveFormat } from './formats/index.ts';
import { WebArchiveError, type WebArchivePage, type WebArchiveProblem } from '../webarchive/index.ts';
import type { ExtractedPage, PreparedFile } from './prepare.ts';
import type { DecodedPage } from './types.ts';

/** Extracts one page elsewhere; `label` names it in errors. */
export type PageExtractor = (page: DecodedPage, label: string) => Promise<ExtractedPage>;

/** One page's outcome, pending while its page is extracted. */
export interface PageOutcome {
  /** The archive's path, `@` and the record's offset (or the path alone, for the whole file). */
  file: string;
  outcome: Promise<PreparedFile>;
}

/** Reads the pages of the many-page file at `path` (its name says `named`), stopping when `signal` aborts. */
export async function* archivePages(path: string, named: ArchiveFormat, extract: PageExtractor, signal?: AbortSignal): AsyncGenerator<PageOutcome> {
  // Problems and pages are labelled by file name; the report names the path as it was given.
  const name = basename(path);
  const where = (label: string, offset: number | null): string => `${label.startsWith(name) ? path + label.slice(name.length) : label}${offset === null ? '' : `@${offset}`}`;
  const problems: PageOutcome[] = [];
  const onProblem = (p: WebArchiveProblem): void => {
    const error = p.offset === null ? p.message : `at byte ${p.offset}: ${p.message}`;
    problems.push({ file: where(p.file, p.offset), outcome: Promise.resolve({ kind: 'failed', error }) });
  };
  let pages: AsyncGenerator<WebArchivePage, unknown> | null = null;
  try {
    const format = await archiveFormatOf(path, named);
    pages = format.readPages(path, { onProblem });
    for (;;) {
      if (signal?.aborted) {
        await pages.return(undefined);
        break;
      }
      const next = await pages.next();
      yield* problems.splice(0);
      if (next.done) break;
      const read = next.value;
      const file = where(read.label, read.offset);
      yield { file, outcome: extract(read.page, file).then((extracted) => prepared(read, extracted)) };
    }
  } catch (error) {
    yield* problems.splice(0);
    // Whatever breaks in one archive is that archive's failure; the batch goes on.
    const message = error instanceof WebArchiveError ? error.message : `${name}: ${error instanceof Error ? error.message : String(error)}`;
    yield { file: path, outcome: Promise.resolve({ kind: 'failed', error: message }) };
  }
}

/** A page's extraction as the batch records it: the capture's address wins over the page's own claim. */
function prepared(read: WebArchivePage, extracted: ExtractedPage): PreparedFile {
  const { page, original } = read;
  if (extracted.kind === 'failed') return { ...extracted, warnings: page.warnings };
  if (extracted.kind === 'skipped') return { kind: 'skipped', reason: `${page.url ?? 'a page'}: ${extracted.reason}`, warnings: page.warnings };
  // The capture's WARC-Target-URI is where the page was, whatever canonical link it claims.
  const article = { ...extracted.article, url: page.url ?? extracted.article.url };
  return { kind: 'article', article, original, warnings: page.warnings };
}
