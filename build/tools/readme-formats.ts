/**
 * Writes the README's table of import formats from the registry (`archive/import/formats/`),
 * between its `import-formats` markers; `--check` only says whether the README is current
 * (exit 1 when not). `archive/import/formats/readme.test.ts` runs the same check in `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatsTable } from '../../archive/import/formats/index.ts';
import { readmeWithFormats } from '../../archive/import/formats/readme.ts';

const path = new URL('../../README.md', import.meta.url);
const current = readFileSync(path, 'utf8');
const wanted = readmeWithFormats(current, formatsTable());
if (process.argv.includes('--check')) {
  console.log(wanted === current ? 'README.md: the formats table is current' : 'README.md: the formats table differs from the registry; run npx tsx build/tools/readme-formats.ts');
  process.exit(wanted === current ? 0 : 1);
}
if (wanted !== current) writeFileSync(path, wanted);
console.log(wanted === current ? 'README.md: already current' : 'README.md: formats table rewritten');
