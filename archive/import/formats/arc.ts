/** ARC (`.arc`, `.arc.gz`): the Internet Archive's format before WARC, read the same way. */
import { readArcPages } from '../../webarchive/arc.ts';
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
  readPages: readArcPages,
};
