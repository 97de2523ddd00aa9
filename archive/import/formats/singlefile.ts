/** SingleFile pages: one HTML file with its images inline as `data:` URIs, url and date in its header comment. */
import { isSingleFile, readHtml } from '../read/html.ts';
import { checkPageLimits, MAX_FILE_BYTES } from '../read/limits.ts';
import { looksLikeHtml } from './head.ts';
import type { PageFormat } from './types.ts';

export const singleFile: PageFormat = {
  name: 'singlefile',
  label: 'SingleFile',
  description: 'one HTML file with its images inline; the address and date come from its header comment',
  extensions: ['html', 'htm'],
  refines: 'html',
  sniff: (head) => looksLikeHtml(head) && isSingleFile(head.text!),
  pages: 'one',
  maxBytes: MAX_FILE_BYTES,
  tooLargeAs: 'SingleFile HTML',
  async readPage(bytes) {
    // The images are inline: a SingleFile page reads nothing beside it.
    const page = await readHtml(bytes, null);
    checkPageLimits(page.content);
    return page;
  },
};
