/** WACZ (`.wacz`): the WARCs inside a ZIP, its listed pages first, its digests and signature checked. */
import type { ArchiveFormat } from './types.ts';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export const wacz: ArchiveFormat = {
  name: 'wacz',
  label: 'WACZ',
  description: 'the WARCs inside the ZIP, its listed pages first under their listed titles; digests and signature are checked',
  extensions: ['wacz'],
  sniff: (head) => ZIP_MAGIC.every((byte, i) => head.bytes[i] === byte),
  notThis: 'not a WACZ file (it is not a ZIP)',
  pages: 'many',
  // The ZIP and WARC readers load when an archive is read, not with the registry (which every CLI command loads for its help).
  async *readPages(path, options) {
    const { readWaczPages } = await import('../../webarchive/wacz.ts');
    return yield* readWaczPages(path, options);
  },
};
