/** ARC (`.arc`, `.arc.gz`): the Internet Archive's format before WARC, read the same way. */
import { firstLine } from './head.ts';
import type { ArchiveFormat } from './types.ts';

export const arc: ArchiveFormat = {
  name: 'arc',
  label: 'ARC',
  description: 'the older crawl format (versions 1 and 2, plain or gzipped): each HTML capture, as from a WARC',
  extensions: ['arc.gz', 'arc'],
  sniff: (head) => firstLine(head).startsWith('filedesc://'),
  notThis: 'not an ARC file (its first line is not an ARC file header)',
  pages: 'many',
  // The ARC reader loads when an archive is read, not with the registry (which every CLI command loads for its help).
  async *readPages(path, options) {
    const { readArcPages } = await import('../../webarchive/arc.ts');
    return yield* readArcPages(path, options);
  },
};
