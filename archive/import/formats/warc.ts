/** WARC (`.warc`, `.warc.gz`): every HTML capture in a crawl, with its address, date and images. */
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { firstLine } from './head.ts';
import type { ArchiveFormat } from './types.ts';

export const warc: ArchiveFormat = {
  name: 'warc',
  label: 'WARC',
  description: 'each HTML capture of a crawl (plain or gzipped, record by record or as one stream), with its address, date and images',
  extensions: ['warc.gz', 'warc'],
  sniff: (head) => firstLine(head).startsWith('WARC/'),
  notThis: 'not a WARC file (its first line is not a WARC version)',
  pages: 'many',
  async *readPages(path, options) {
    // The WARC readers load when an archive is read, not with the registry (which every CLI command loads for its help).
    const [{ readPages }, { indexWarcSource }] = await Promise.all([import('../../webarchive/pages.ts'), import('../../webarchive/scan.ts')]);
    const label = basename(path);
    const temps: string[] = [];
    try {
      const size = (await stat(path)).size;
      const indexed = await indexWarcSource({ path, start: 0, end: size, label }, options, temps);
      for (const p of indexed.index.problems) options.onProblem?.({ file: label, offset: p.offset, message: p.message });
      return yield* readPages([indexed], {
        format: 'warc',
        onProblem: options.onProblem,
        onPage: (done, total) => options.onProgress?.({ phase: 'pages', done, total }),
      });
    } finally {
      for (const dir of temps) await rm(dir, { recursive: true, force: true });
    }
  },
};
