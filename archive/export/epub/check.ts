/**
 * A structural check of an EPUB, ours or anyone's: `mimetype` first and stored, the container
 * naming a package document that exists, a navigation document, every manifest item and every
 * file a chapter refers to present, and every XML file well-formed. Returns the problems found.
 */
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { readEntry, readZipDirectory, type ZipEntry } from '../../webarchive/zip-read.ts';

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/iy;

/** Problems that keep `xml` from being well-formed (tag nesting, stray `&` or `<`); empty when fine. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[[\s\S]*?\]\]>|<\/?([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml)) !== null) {
    const text = m[0];
    if (text === '&') {
      ENTITY.lastIndex = m.index;
      if (!ENTITY.test(xml)) problems.push(`a bare "&" at ${m.index}`);
      continue;
    }
    if (text === '<') {
      problems.push(`a "<" that starts no tag at ${m.index}`);
      continue;
    }
    const name = m[1];
    if (!name) continue;
    if (text.startsWith('</')) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (m[3] !== '/') {
      stack.push(name);
    }
    const names = [...(m[2] ?? '').matchAll(/([\w:.-]+)\s*=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) problems.push(`<${name}> repeats an attribute at ${m.index}`);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  return problems.slice(0, 10);
}

function attr(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1] ?? null;
}

function unescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Checks the EPUB at `path`; an empty list means it passed. */
export async function checkEpub(path: string): Promise<string[]> {
  const problems: string[] = [];
  const entries = await readZipDirectory(path, (await stat(path)).size);
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]));
  const text = async (name: string): Promise<string> => Buffer.from(await readEntry(path, byName.get(name)!)).toString('utf8');

  const first = entries[0];
  if (!first || first.name !== 'mimetype') problems.push('mimetype is not the first entry');
  else {
    if (first.method !== 0) problems.push('mimetype is compressed (it must be stored)');
    if (first.localHeaderOffset !== 0) problems.push('mimetype does not start the file');
    if ((await text('mimetype')) !== 'application/epub+zip') problems.push('mimetype is not "application/epub+zip"');
  }
  if (!byName.has('META-INF/container.xml')) return [...problems, 'META-INF/container.xml is missing'];
  const container = await text('META-INF/container.xml');
  problems.push(...xmlProblems(container).map((p) => `META-INF/container.xml: ${p}`));
  const opfPath = /<rootfile\b[^>]*full-path="([^"]+)"[^>]*media-type="application\/oebps-package\+xml"/.exec(container)?.[1];
  if (!opfPath || !byName.has(opfPath)) return [...problems, `the package document ${opfPath ?? '(none named)'} is missing`];
  const opf = await text(opfPath);
  problems.push(...xmlProblems(opf).map((p) => `${opfPath}: ${p}`));
  const base = posix.dirname(opfPath);
  const resolve = (from: string, href: string): string => posix.normalize(posix.join(from === '.' ? '' : from, decodeURIComponent(unescape(href).split('#')[0]!)));
  if (!/<package\b[^>]*version="3\.0"/.test(opf)) problems.push('the package document is not EPUB 3.0');
  for (const required of ['dc:identifier', 'dc:title', 'dc:language']) if (!new RegExp(`<${required}\\b[^>]*>[^<]+</${required}>`).test(opf)) problems.push(`the package document has no ${required}`);
  if (!/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/.test(opf)) problems.push('the package document has no dcterms:modified');

  const items = new Map<string, { href: string; type: string; properties: string }>();
  for (const m of opf.matchAll(/<item\b[^>]*\/?>/g)) {
    const id = attr(m[0], 'id');
    const href = attr(m[0], 'href');
    if (!id || !href) {
      problems.push(`a manifest item without id or href: ${m[0]}`);
      continue;
    }
    items.set(id, { href: resolve(base, href), type: attr(m[0], 'media-type') ?? '', properties: attr(m[0], 'properties') ?? '' });
  }
  for (const [id, item] of items) if (!byName.has(item.href)) problems.push(`manifest item ${id} (${item.href}) is missing from the book`);
  const spine = [...opf.matchAll(/<itemref\b[^>]*idref="([^"]+)"/g)].map((m) => m[1]!);
  if (spine.length === 0) problems.push('the spine is empty');
  for (const idref of spine) if (!items.has(idref)) problems.push(`spine item ${idref} is not in the manifest`);
  const nav = [...items.values()].find((i) => i.properties.split(/\s+/).includes('nav'));
  if (!nav) problems.push('no navigation document (a manifest item with properties="nav")');

  const manifestPaths = new Set([...items.values()].map((i) => i.href));
  for (const item of items.values()) {
    if (item.type !== 'application/xhtml+xml' || !byName.has(item.href)) continue;
    const doc = await text(item.href);
    problems.push(...xmlProblems(doc).map((p) => `${item.href}: ${p}`));
    if (item === nav && !/<nav\b[^>]*epub:type="toc"/.test(doc)) problems.push(`${item.href}: no <nav epub:type="toc">`);
    const dir = posix.dirname(item.href);
    for (const m of doc.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
      const ref = m[1]!;
      if (/^(https?:|mailto:|#)/i.test(ref)) continue;
      const target = resolve(dir, ref);
      if (!byName.has(target)) problems.push(`${item.href} refers to ${ref}, which is not in the book`);
      else if (!manifestPaths.has(target)) problems.push(`${item.href} refers to ${ref}, which is not in the manifest`);
    }
  }
  return problems;
}
