/** The error of a web archive that cannot be read at all, in a module of its own so that the format registry can name it without loading the readers. */

/** The WARC file is not readable at all (not a WARC, an ARC, garbage). */
export class WebArchiveError extends Error {
  override name = 'WebArchiveError';
}
