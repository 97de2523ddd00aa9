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
