/**
 * The shape every import format has: what it recognizes (file name extensions and a sniff of the
 * first bytes) and how it reads pages. A saved page (HTML, MHTML, a text dump) is one page per
 * file, read and extracted together on a worker thread; a web archive (WARC, WACZ, ARC) holds
 * many, read one at a time on the thread that commits, each extracted on a worker.
 */
import type { DecodedPage } from '../types.ts';
import type { WebArchiveOptions, WebArchivePage, WebArchiveSummary } from '../../webarchive/index.ts';

/** The start of a file, for sniffing: its first bytes, and the same as text (null when binary). */
export interface FileHead {
  /** Up to the first 64 KB, as stored (a gzip stream is not unpacked). */
  bytes: Uint8Array;
  /** The first 8 KB decoded for pattern checks (UTF-16 when it looks so, else latin1), null for binary. */
  text: string | null;
}

/** What every format says about itself; the registry builds detection, dialogs, help and README from it. */
interface FormatBase {
  /** A short stable name (`html`, `warc` …). */
  name: string;
  /** What the user calls it, for the README table, the CLI help and the file dialog. */
  label: string;
  /** One line for the README's table: what the importer keeps from such a file. */
  description: string;
  /** File name endings, lower-case, without the dot, longest first where they overlap (`warc.gz`). */
  extensions: readonly string[];
  /** Whether the first bytes are this format, whatever the name says. */
  sniff(head: FileHead): boolean;
  /** Why a file named like this format is refused when its bytes are not it (absent: the name alone is enough). */
  notThis?: string;
  /** The format this one is a special case of (SingleFile of HTML): the name alone picks that one, only the sniff picks this. */
  refines?: string;
}

/** A format whose file is one saved page. */
export interface PageFormat extends FormatBase {
  pages: 'one';
  /** Files larger than this are refused from their first bytes, before they are decoded. */
  maxBytes: number;
  /** What a file over `maxBytes` is called in the refusal ("40 MB of HTML without inline images"). */
  tooLargeAs: string;
  /** Reads the file's bytes into one page; `path` (when read from disk) lets it find files beside it. */
  readPage(bytes: Uint8Array, path: string | null): Promise<DecodedPage> | DecodedPage;
}

/** A format whose file holds many pages, each with its own original bytes. */
export interface ArchiveFormat extends FormatBase {
  pages: 'many';
  /** Reads the pages of the file at `path` one at a time; problems that leave the rest readable go to `onProblem`. */
  readPages(path: string, options: WebArchiveOptions): AsyncGenerator<WebArchivePage, WebArchiveSummary>;
}

/** One import format: a module under `archive/import/formats/`, listed once in `index.ts`. */
export type ImportFormat = PageFormat | ArchiveFormat;
