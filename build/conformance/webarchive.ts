/**
 * The web-archive test files of warcio and py-wacz through our whole import (read, extract,
 * store): every valid file gives the pages its captures hold, each with the right url; gzipped
 * and plain copies of one capture give the same articles; every broken file gives a clear error
 * or a recorded problem, and keeps the pages that were whole. The expected pages per file were
 * read off the files themselves (their 200 HTML responses, or a WACZ's pages.jsonl).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../../archive/store/store.ts';
import { importPaths } from '../../archive/import/batch.ts';
import { extractArticle } from '../../archive/import/extract/index.ts';
import type { ImportReport } from '../../archive/import/types.ts';
import { SkipSuite, type ConformanceSuite } from './harness.ts';

const WARC = 'archive-formats/warc/warcio';
const WACZ = 'archive-formats/wacz/py-wacz';

interface ValidCase {
  file: string;
  urls: string[];
}

/** Files that are whole: the urls of the articles they must give. */
const VALID: ValidCase[] = [
  { file: `${WARC}/example.warc`, urls: ['http://example.com/'] },
  { file: `${WARC}/example.warc.gz`, urls: ['http://example.com/'] },
  { file: `${WARC}/example.arc`, urls: ['http://example.com/'] },
  { file: `${WARC}/example.arc.gz`, urls: ['http://example.com/'] },
  { file: `${WARC}/example-iana.org-chunked.warc`, urls: ['http://www.iana.org/'] },
  { file: `${WARC}/example-resource.warc.gz`, urls: ['http://example.com/'] },
  { file: `${WARC}/example-wget-bad-target-uri.warc.gz`, urls: ['http://example.com/'] },
  { file: `${WARC}/example-wrong-chunks.warc.gz`, urls: ['http://example.com/'] },
  { file: `${WARC}/example-digest.warc`, urls: [] },
  { file: `${WARC}/example-space-in-target-uri.warc.gz`, urls: [] },
  { file: `${WARC}/post-test.warc.gz`, urls: [] },
  { file: `${WACZ}/example-collection.warc`, urls: ['http://www.example.com/'] },
  {
    file: `${WACZ}/example-collection-with-lists.warc`,
    urls: ['https://example.com/', 'https://www.iana.org/domains/reserved', 'https://www.iana.org/domains', 'https://www.iana.org/numbers', 'https://www.iana.org/protocols', 'https://www.iana.org/about'],
  },
  {
    file: `${WACZ}/example-iana.warc`,
    urls: ['https://example.com/', 'https://www.iana.org/about', 'https://www.iana.org/domains', 'https://www.iana.org/domains/reserved', 'https://www.iana.org/numbers', 'https://www.iana.org/protocols'],
  },
  { file: `${WACZ}/example-resource.warc.gz`, urls: ['https://example.com/index.html'] },
  { file: `${WACZ}/example-warcinfo-metadata.warc`, urls: ['https://example.com/'] },
  { file: `${WACZ}/valid_example_1.wacz`, urls: ['http://www.example.com/'] },
  { file: `${WACZ}/valid_example_2.wacz`, urls: ['http://www.example.com/'] },
  { file: `${WACZ}/valid_signed_example_1.wacz`, urls: ['https://example.com/'] },
];

interface BrokenCase {
  file: string;
  /** What must be reported (an error or a problem), as a pattern. */
  report: RegExp;
  /** The pages that are whole and must still be imported. */
  urls: string[];
}

const BROKEN: BrokenCase[] = [
  { file: `${WARC}/bad.arc`, report: /not a readable ARC file.*length/, urls: [] },
  { file: `${WARC}/example-bad-non-chunked.warc.gz`, report: /gzipped as one stream/, urls: ['http://example.com/'] },
  { file: `${WARC}/example-bad.warc.gz.bad`, report: /gzipped as one stream/, urls: ['http://example.com?example=1'] },
  { file: `${WARC}/example-trunc.warc`, report: /Content-Length|cut short|truncated/, urls: ['http://example.com/'] },
  { file: `${WARC}/example-space-in-url.arc`, report: /truncated/, urls: ['http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples%20From%20The%20Live%20Web&IsPopUp=False'] },
  { file: `${WACZ}/invalid_example_1.wacz`, report: /not a valid WACZ/, urls: [] },
  { file: `${WACZ}/invalid_signed_example_1.wacz`, report: /signature.*trusted CA/, urls: ['https://example.com/'] },
];

/** Plain and gzipped copies of the same capture. */
const PAIRS: [string, string][] = [
  [`${WARC}/example.warc`, `${WARC}/example.warc.gz`],
  [`${WARC}/example.arc`, `${WARC}/example.arc.gz`],
];

interface Outcome {
  result: ImportReport;
  urls: string[];
  articles: { url: string | null; title: string; text: string }[];
}

async function importInto(path: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-webarchive-'));
  const store = await ArchiveStore.open(dir);
  try {
    const result = await importPaths(store, [path], { inProcess: extractArticle });
    const articles = [];
    for (const item of result.imported) {
      const meta = store.get(item.id)!;
      const body = await store.getBody(item.id);
      articles.push({ url: meta.url, title: meta.title, text: body.paragraphs.join('\n') });
    }
    return { result, urls: articles.map((a) => a.url ?? ''), articles };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export const webArchiveSuite: ConformanceSuite = {
  name: 'webarchive',
  async run(peerDir, log) {
    if (!existsSync(join(peerDir, WARC)) || !existsSync(join(peerDir, WACZ))) throw new SkipSuite(`no ${WARC} or ${WACZ} under ${peerDir}`);
    const details: Record<string, unknown> = {};
    let validOk = 0;
    let pages = 0;
    for (const c of VALID) {
      const got = await importInto(join(peerDir, c.file));
      const ok = sameSet(got.urls, c.urls) && got.result.failed.length === 0;
      if (ok) validOk++;
      pages += got.urls.length;
      details[c.file] = { ok, expected: c.urls, got: got.urls, failed: got.result.failed, skipped: got.result.skipped };
      if (!ok) log(`${c.file}: expected ${JSON.stringify(c.urls)}, got ${JSON.stringify(got.urls)} ${JSON.stringify(got.result.failed)}`);
    }
    let brokenOk = 0;
    for (const c of BROKEN) {
      const got = await importInto(join(peerDir, c.file));
      const reported = got.result.failed.map((f) => f.error).join('\n');
      const ok = c.report.test(reported) && sameSet(got.urls, c.urls);
      if (ok) brokenOk++;
      details[c.file] = { ok, reported: got.result.failed, kept: got.urls, expectedKept: c.urls };
      if (!ok) log(`${c.file}: reported ${JSON.stringify(reported)}, kept ${JSON.stringify(got.urls)}`);
    }
    let pairsOk = 0;
    for (const [plain, gz] of PAIRS) {
      const a = await importInto(join(peerDir, plain));
      const b = await importInto(join(peerDir, gz));
      const ok = a.articles.length > 0 && JSON.stringify(a.articles) === JSON.stringify(b.articles);
      if (ok) pairsOk++;
      details[`${plain} = ${gz}`] = { ok };
    }
    return {
      rows: [
        { suite: 'webarchive', metric: 'valid files with the right page urls', value: `${validOk}/${VALID.length}`, target: `${VALID.length}/${VALID.length}` },
        { suite: 'webarchive', metric: 'pages imported from valid files', value: pages },
        { suite: 'webarchive', metric: 'broken files reported, whole pages kept', value: `${brokenOk}/${BROKEN.length}`, target: `${BROKEN.length}/${BROKEN.length}` },
        { suite: 'webarchive', metric: 'gz and plain give the same articles', value: `${pairsOk}/${PAIRS.length}`, target: `${PAIRS.length}/${PAIRS.length}` },
      ],
      details,
    };
  },
};
