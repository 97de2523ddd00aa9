/**
 * From indexed WARC records to saved pages: every 200 HTML response (or HTML resource) becomes one
 * DecodedPage, with url and capture date from its WARC headers and the images it uses read from
 * the same archive by URL. Revisits are resolved to the capture they repeat, and a payload seen
 * before (same digest) is counted as a duplicate rather than read again.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { decodeBytes } from '../import/decode/index.ts';
import { BadSavedPage } from '../import/read/errors.ts';
import { checkPageBytes, checkPageLimits } from '../import/read/limits.ts';
import type { SourceFormat } from '../model.ts';
import type { DecodedPage, PageResource } from '../import/types.ts';
import { readRecordAt, type IndexedRecord, type RecordProblem, type WarcIndex, type WarcSource } from './records.ts';

/** One page out of a web archive, with the bytes the store keeps as its original. */
export interface WebArchivePage {
  page: DecodedPage;
  original: { bytes: Uint8Array; fileName: string; ext: string };
  /** The WARC (or WACZ entry) and the byte offset of the page's record in it. */
  label: string;
  offset: number;
}

/** A problem in one archive that did not stop the read, with where it is. */
export interface WebArchiveProblem {
  file: string;
  offset: number | null;
  message: string;
}

export interface PageOptions {
  format: SourceFormat;
  /** Page URLs to read first, in this order (a WACZ's `pages/pages.jsonl`), with their titles. */
  listedPages?: { url: string; title: string | null }[];
  /** Added to every page's warnings (e.g. the WACZ digest and signature check). */
  warnings?: string[];
  onProblem?: (problem: WebArchiveProblem) => void;
  /** Called before each page is read, with how many pages are done and in all. */
  onPage?: (done: number, total: number) => void;
  maxPageBytes?: number;
  maxImageBytes?: number;
}

/** A WARC after its first pass. */
export interface IndexedWarc {
  source: WarcSource;
  index: WarcIndex;
}

interface Located {
  warc: IndexedWarc;
  record: IndexedRecord;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REF = /\b(?:src|data-src|data-original|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const SRCSET = /\b(?:srcset|data-srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const BASE = /<base\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** A URL in the form the archive's index is keyed by (absolute, no fragment); null if not a URL. */
export function urlKey(url: string, base?: string): string | null {
  try {
    const u = new URL(url.trim(), base);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function unescapeAttr(value: string): string {
  return value.replace(/&amp;/gi, '&').replace(/&#38;/g, '&').replace(/&quot;/gi, '"').replace(/&#39;/g, "'");
}

/** The image URLs a page refers to, as written (entity-decoded), each with its absolute key. */
export function imageRefs(html: string, pageUrl: string | null): { ref: string; key: string }[] {
  const baseMatch = BASE.exec(html);
  const baseRaw = baseMatch ? unescapeAttr(baseMatch[1] ?? baseMatch[2] ?? baseMatch[3] ?? '') : null;
  const base = (baseRaw && pageUrl ? urlKey(baseRaw, pageUrl) : null) ?? pageUrl ?? undefined;
  const refs = new Map<string, string>();
  const add = (raw: string): void => {
    const ref = unescapeAttr(raw.trim());
    if (!ref || /^(data|javascript|blob|about):/i.test(ref)) return;
    const key = urlKey(ref, base);
    if (key && !refs.has(ref)) refs.set(ref, key);
  };
  for (const m of html.matchAll(REF)) add(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of html.matchAll(SRCSET)) for (const part of (m[1] ?? m[2] ?? '').split(',')) add(part.trim().split(/\s+/)[0] ?? '');
  return [...refs].map(([ref, key]) => ({ ref, key }));
}

function isoDate(warcDate: string | null): string | null {
  if (!warcDate) return null;
  const d = new Date(warcDate);
  return Number.isNaN(d.getTime()) ? null : warcDate;
}

/**
 * An archived page's HTML payload as text: checked as bytes before it becomes a string, and as
 * markup before extraction; throws BadSavedPage for a page that is binary or too large.
 */
export function decodeArchivedPage(body: Uint8Array, transportCharset: string | null): ReturnType<typeof decodeBytes> {
  checkPageBytes(body);
  const decoded = decodeBytes(body, { transportCharset, kind: 'html' });
  checkPageLimits(decoded.text);
  return decoded;
}

/** Which records are pages, which are images, and what the revisits stand for. */
function classify(warcs: IndexedWarc[], report: (label: string, p: RecordProblem) => void): { pages: Located[]; images: Map<string, Located>; duplicates: number } {
  const byDigest = new Map<string, Located>();
  const byUrl = new Map<string, Located>();
  const pages: Located[] = [];
  const images = new Map<string, Located>();
  const revisits: Located[] = [];
  let duplicates = 0;
  for (const warc of warcs) {
    for (const record of warc.index.records) {
      const located = { warc, record };
      if (record.type === 'revisit') {
        revisits.push(located);
        continue;
      }
      if (record.status !== 200) continue;
      const key = urlKey(record.url);
      if (key && !byUrl.has(key)) byUrl.set(key, located);
      if (record.digest) {
        if (byDigest.has(record.digest) && record.mime && HTML_TYPES.has(record.mime)) {
          duplicates++;
          continue;
        }
        byDigest.set(record.digest, located);
      }
      if (record.mime && HTML_TYPES.has(record.mime)) pages.push(located);
      else if (record.mime?.startsWith('image/') && key && !images.has(key)) images.set(key, located);
    }
  }
  for (const revisit of revisits) {
    const { record } = revisit;
    const target = (record.digest ? byDigest.get(record.digest) : undefined) ?? (record.refersToUrl ? byUrl.get(urlKey(record.refersToUrl) ?? '') : undefined);
    if (!target) {
      if (record.mime === null || HTML_TYPES.has(record.mime)) {
        report(revisit.warc.source.label, { offset: record.offset, message: `the revisit of ${record.url} refers to a capture that is not in this archive; skipped` });
      }
      continue;
    }
    if (target.record.mime && HTML_TYPES.has(target.record.mime)) {
      duplicates++;
      continue;
    }
    const key = urlKey(record.url);
    if (key && target.record.mime?.startsWith('image/') && !images.has(key)) images.set(key, target);
  }
  return { pages, images, duplicates };
}

/** The second pass: reads each page (listed pages first, then in archive order) and its images. */
export async function* readPages(warcs: IndexedWarc[], options: PageOptions): AsyncGenerator<WebArchivePage, { pages: number; duplicates: number }> {
  const report = (label: string, p: RecordProblem): void => options.onProblem?.({ file: label, offset: p.offset, message: p.message });
  const { pages, images, duplicates: digestDuplicates } = classify(warcs, report);
  const maxPage = options.maxPageBytes ?? 64 * 1024 * 1024;
  const maxImage = options.maxImageBytes ?? 32 * 1024 * 1024;

  const ordered: { located: Located; title: string | null }[] = [];
  const taken = new Set<Located>();
  for (const listed of options.listedPages ?? []) {
    const key = urlKey(listed.url);
    const found = pages.find((p) => !taken.has(p) && urlKey(p.record.url) === key);
    if (!found) continue;
    taken.add(found);
    ordered.push({ located: found, title: listed.title });
  }
  for (const p of pages) if (!taken.has(p)) ordered.push({ located: p, title: null });

  const seenBodies = new Set<string>();
  let yielded = 0;
  let duplicates = digestDuplicates;
  for (const [i, { located, title }] of ordered.entries()) {
    options.onPage?.(i, ordered.length);
    const { warc, record } = located;
    const read = await readRecordAt(warc.source, record.offset, maxPage);
    const warnings = read.problems.map((p) => `${warc.source.label} at byte ${p.offset}: ${p.message}`);
    for (const p of read.problems) report(warc.source.label, p);
    if (!read.body || read.body.length === 0) {
      if (read.body) report(warc.source.label, { offset: record.offset, message: `the page ${record.url} has an empty body; skipped` });
      continue;
    }
    const bodySha = createHash('sha256').update(read.body).digest('hex');
    if (seenBodies.has(bodySha)) {
      duplicates++;
      continue;
    }
    seenBodies.add(bodySha);
    let decoded;
    try {
      decoded = decodeArchivedPage(read.body, record.charset);
    } catch (error) {
      if (!(error instanceof BadSavedPage)) throw error;
      report(warc.source.label, { offset: record.offset, message: `the page ${record.url}: ${error.message}` });
      continue;
    }
    const resources: PageResource[] = [];
    let imageBytes = 0;
    for (const { ref, key } of imageRefs(decoded.text, record.url)) {
      const image = images.get(key);
      if (!image || imageBytes > 4 * maxImage) continue;
      const got = await readRecordAt(image.warc.source, image.record.offset, maxImage);
      if (!got.body || got.body.length === 0) continue;
      imageBytes += got.body.length;
      resources.push({ url: key, contentType: image.record.mime, bytes: got.body });
      if (ref !== key) resources.push({ url: ref, contentType: image.record.mime, bytes: got.body });
    }
    const page: DecodedPage = {
      format: options.format,
      content: decoded.text,
      charset: decoded.charset,
      url: record.url,
      savedAt: isoDate(record.date),
      containerTitle: title,
      resources,
      warnings: [...decoded.warnings, ...warnings, ...read.notes, ...(options.warnings ?? [])],
    };
    yielded++;
    yield { page, original: { bytes: read.body, fileName: `${basename(warc.source.label)}#${record.offset}`, ext: 'html' }, label: warc.source.label, offset: record.offset };
  }
  options.onPage?.(ordered.length, ordered.length);
  return { pages: yielded, duplicates };
}
