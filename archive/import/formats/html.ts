/** Saved HTML in any charset, including "Web page, complete" with its `<name>_files/` folder. */
import { isSingleFile, readHtml } from '../read/html.ts';
import { checkPageLimits, MAX_PLAIN_PAGE_BYTES } from '../read/limits.ts';
import { looksLikeHtml } from './head.ts';
import type { PageFormat } from './types.ts';

export const html: PageFormat = {
  name: 'html',
  label: 'HTML',
  description: 'a saved page in any charset (BOM, declared, sniffed); "Web page, complete" brings the images of its `<name>_files/` folder',
  extensions: ['html', 'htm', 'xhtml', 'xht', 'shtml', 'shtm'],
  sniff: (head) => looksLikeHtml(head) && !isSingleFile(head.text!),
  pages: 'one',
  maxBytes: MAX_PLAIN_PAGE_BYTES,
  tooLargeAs: 'HTML without inline images',
  async readPage(bytes, path) {
    const page = await readHtml(bytes, path);
    checkPageLimits(page.content);
    return page;
  },
};
