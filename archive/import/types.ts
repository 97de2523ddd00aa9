/**
 * The seam between the two halves of the importer: reading a saved file (format detection,
 * decoding, MIME/WARC unpacking) produces a DecodedPage; extraction turns it into an article.
 */
import type { SourceFormat } from '../model.ts';

/** A resource that travelled with the page (a `*_files/` image, an MHTML part, a `data:` URI). */
export interface PageResource {
  /** The URL or relative path the page uses to refer to it. */
  url: string;
  contentType: string | null;
  bytes: Uint8Array;
}

/** A saved page after format detection and decoding, before article extraction. */
export interface DecodedPage {
  format: SourceFormat;
  /** The page as text: HTML for html/singlefile/mhtml/warc, plain text for `text` dumps. */
  content: string;
  /** The charset actually used to decode, lower-case WHATWG name (`utf-8`, `gbk`, `big5` …). */
  charset: string;
  /** Where the page came from when the container says so (SingleFile header, MHTML, WARC). */
  url: string | null;
  /** When it was saved/captured, ISO 8601, when the container says so. */
  savedAt: string | null;
  /** A title given by the container (MHTML `Subject:`), preferred over the page's own. */
  containerTitle: string | null;
  /** Resources that can be resolved locally, looked up by the URL the HTML uses. */
  resources: PageResource[];
  /** Non-fatal things worth reporting (a declared charset that was wrong, bytes replaced …). */
  warnings: string[];
}

/** What happened to each file of an import: the CLI's `import --json` object (DESIGN.md). */
export interface ImportReport {
  /** New articles, and new captures of existing ones (`capture: true`). */
  imported: { id: string; title: string; file: string; capture?: boolean }[];
  /** Files whose bytes were already in the archive. */
  duplicates: { id: string; file: string }[];
  failed: { file: string; error: string }[];
  skipped: { file: string; reason: string }[];
  /** Non-fatal notes (a wrong declared charset, bytes replaced …), per file. */
  warnings: { file: string; warning: string }[];
  /** True when the import was cancelled before every file was seen. */
  cancelled: boolean;
}

/** Progress of an import, sent after each file (and while the folders are being counted). */
export interface ImportProgress {
  phase: 'scanning' | 'importing' | 'done';
  /** Files finished (any outcome). */
  done: number;
  /** Files found so far while scanning; all files once importing. */
  total: number;
  /** The file just finished, or null. */
  file: string | null;
  /** Files per second since the import started. */
  rate: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: number;
}
