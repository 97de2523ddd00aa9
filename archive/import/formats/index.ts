/**
 * The registry of import formats (listed in `registry.ts`) and everything built from it: which
 * format a file is, the file dialog's filters, the CLI's summary and the README's table.
 */
import { basename } from 'node:path';
import { WebArchiveError } from '../../webarchive/errors.ts';
import { readHead } from './head.ts';
import * as builtIn from './registry.ts';
import type { ArchiveFormat, FileHead, ImportFormat, PageFormat } from './types.ts';

export type { ArchiveFormat, FileHead, ImportFormat, PageFormat } from './types.ts';
export { headOf, readHead } from './head.ts';

/** The registry's formats: single-page formats first, then archives, each in name order. */
const listed: readonly ImportFormat[] = (Object.values(builtIn) as ImportFormat[]).sort((a, b) => (a.pages === b.pages ? a.name.localeCompare(b.name) : a.pages === 'one' ? -1 : 1));

/** Formats added at run time (tests, or a build that brings its own), after the built-in ones. */
const added: ImportFormat[] = [];

/** Every format: the registry's, then those added at run time. */
export function importFormats(): readonly ImportFormat[] {
  return added.length === 0 ? listed : [...listed, ...added];
}

/** Adds a format for this process; returns the function that takes it away again. */
export function registerFormat(format: ImportFormat): () => void {
  if (importFormats().some((f) => f.name === format.name)) throw new Error(`an import format named ${format.name} is already registered`);
  added.push(format);
  return () => {
    const at = added.indexOf(format);
    if (at >= 0) added.splice(at, 1);
  };
}

/** The format a file's name says it is (the longest matching extension wins); null when none. */
export function formatByName(fileName: string): ImportFormat | null {
  const name = fileName.toLowerCase();
  let best: { format: ImportFormat; length: number } | null = null;
  for (const format of importFormats()) {
    if (format.refines) continue;
    for (const ext of format.extensions) {
      if (name.endsWith(`.${ext}`) && name.length > ext.length + 1 && (!best || ext.length > best.length)) best = { format, length: ext.length };
    }
  }
  return best?.format ?? null;
}

/** The single-page format whose sniff knows `head`, preferring the one the name agrees with; null when none. */
export function sniffPageFormat(head: FileHead, named: ImportFormat | null): PageFormat | null {
  const sniffed = importFormats().filter((f): f is PageFormat => f.pages === 'one' && f.sniff(head));
  return sniffed.find((f) => f === named || f.refines === named?.name) ?? sniffed[0] ?? null;
}

/**
 * The archive format of the file at `path` (`named`: the one its name says): decided by its first
 * bytes (an ARC named `.warc` is read as ARC); throws WebArchiveError when none knows them.
 */
export async function archiveFormatOf(path: string, named: ArchiveFormat | null): Promise<ArchiveFormat> {
  const head = await readHead(path);
  const archives = importFormats().filter((f): f is ArchiveFormat => f.pages === 'many');
  const sniffed = archives.find((f) => f === named && f.sniff(head)) ?? archives.find((f) => f.sniff(head));
  if (sniffed) return sniffed;
  const why = named ? (named.notThis ?? `not a ${named.label} file`) : `not a web archive (${archives.map((f) => f.label).join(', ')})`;
  throw new WebArchiveError(`${basename(path)}: ${why}`);
}

/** The extensions the open-file dialog offers for an import (a dialog filter takes only the last part of `warc.gz`). */
export function dialogExtensions(): string[] {
  return [...new Set(importFormats().flatMap((f) => f.extensions.map((ext) => ext.slice(ext.lastIndexOf('.') + 1))))];
}

/** The formats' names in a phrase, for the CLI's help and the dialogs: `HTML, MHTML, …, WARC`. */
export function formatNames(): string {
  return importFormats().map((f) => f.label).join(', ');
}

/** The README's table of formats, as Markdown. */
export function formatsTable(): string {
  const rows = importFormats().map((f) => `| ${f.label} | ${f.extensions.map((e) => `\`.${e}\``).join(' ')} | ${f.pages === 'one' ? 'one' : 'many'} | ${f.description} |`);
  return ['| format | files | pages per file | what comes in |', '|---|---|---|---|', ...rows].join('\n');
}
