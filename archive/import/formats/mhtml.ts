/** MHTML (`.mhtml`, `.mht`): a MIME message whose first HTML part is the page and whose other parts are its images. */
import { checkPageLimits, MAX_FILE_BYTES } from '../read/limits.ts';
import { looksLikeMimeHeaders } from '../read/mime.ts';
import { readMhtml } from '../read/mhtml.ts';
import type { PageFormat } from './types.ts';

export const mhtml: PageFormat = {
  name: 'mhtml',
  label: 'MHTML',
  description: 'Chrome\'s "Webpage, single file" and IE\'s web archives: the page and its images from their MIME parts',
  extensions: ['mhtml', 'mht'],
  sniff: (head) => head.text !== null && looksLikeMimeHeaders(head.text.replace(/^\s+/, '').split(/\r?\n\r?\n/, 1)[0] ?? ''),
  notThis: 'not MHTML: MIME headers missing at the start of the file',
  pages: 'one',
  maxBytes: MAX_FILE_BYTES,
  tooLargeAs: 'MHTML',
  readPage(bytes) {
    const page = readMhtml(bytes);
    checkPageLimits(page.content);
    return page;
  },
};
