/** Plain-text page dumps (copied from a browser window: title, metadata line, paragraphs). */
import type { DecodedPage } from '../types.ts';
import { decodeBytes } from '../decode/index.ts';

/** Reads a text dump's bytes; the extractor finds title and metadata in the text itself. */
export function readTextDump(bytes: Uint8Array): DecodedPage {
  const decoded = decodeBytes(bytes, { kind: 'text' });
  return {
    format: 'text',
    content: decoded.text,
    charset: decoded.charset,
    url: null,
    savedAt: null,
    containerTitle: null,
    resources: [],
    warnings: decoded.warnings,
  };
}
