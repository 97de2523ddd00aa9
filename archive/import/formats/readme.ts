/** Where the README keeps its table of import formats: between two markers, rewritten from the registry. */

const START = '<!-- import-formats: built from archive/import/formats/registry.ts by build/tools/readme-formats.ts -->';
const END = '<!-- /import-formats -->';

/** The README with `table` between its markers; throws when the markers are missing. */
export function readmeWithFormats(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers for the formats table`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}
