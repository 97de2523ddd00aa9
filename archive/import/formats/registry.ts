/**
 * Every format the importer reads, one line each. Adding a format is its module beside this file
 * and its line here; detection, the file dialog, the CLI help and the README table follow.
 */
export { arc } from './arc.ts';
export { html } from './html.ts';
export { mhtml } from './mhtml.ts';
export { singleFile } from './singlefile.ts';
export { textDump } from './text-dump.ts';
export { wacz } from './wacz.ts';
export { warc } from './warc.ts';
