/** Plain-text page dumps: a page copied out of a browser window (title, a metadata line, paragraphs). */
import { BadSavedPage } from '../read/errors.ts';
import { MAX_PLAIN_PAGE_BYTES, MAX_TEXT_CHARS } from '../read/limits.ts';
import { readTextDump } from '../read/text.ts';
import type { PageFormat } from './types.ts';

export const textDump: PageFormat = {
  name: 'text',
  label: 'text dump',
  description: 'a page copied as plain text: title, byline and date lines are found in the text itself',
  extensions: ['txt', 'text'],
  // Any text may be a dump: only the name says so.
  sniff: () => false,
  pages: 'one',
  maxBytes: MAX_PLAIN_PAGE_BYTES,
  tooLargeAs: 'text',
  readPage(bytes) {
    const page = readTextDump(bytes);
    if (page.content.length > MAX_TEXT_CHARS) throw new BadSavedPage(`the text holds more than any article (over ${MAX_TEXT_CHARS / 1e6} million characters); split it first`);
    return page;
  },
};
