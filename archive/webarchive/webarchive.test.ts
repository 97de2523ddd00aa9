import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipWriter } from '../export/epub/zip-write.ts';
import { arcFile, htmlResponse, imageResponse, payloadDigest, warcFile, warcRecord, type FixtureRecord } from './fixtures.ts';
import { readWebArchive, WebArchiveError, type WebArchivePage, type WebArchiveProblem } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'webarchive-test-'));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string): Promise<{ pages: WebArchivePage[]; problems: WebArchiveProblem[]; summary: { pages: number; duplicates: number } }> {
  const problems: WebArchiveProblem[] = [];
  const pages: WebArchivePage[] = [];
  const gen = readWebArchive(path, { onProblem: (p) => problems.push(p) });
  for (;;) {
    const next = await gen.next();
    if (next.done) return { pages, problems, summary: next.value };
    pages.push(next.value);
  }
}

const articleHtml = (title: string, img = ''): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${img}<p>${'這是一段正文。'.repeat(40)}</p></article></body></html>`;

/** A crawl: two pages, one image, a request, a revisit of the first page, the same page again under another URL. */
function crawl(): FixtureRecord[] {
  const first = articleHtml('第一篇', '<img src="/img/photo.png" alt="照片">');
  return [
    { type: 'warcinfo', body: 'software: test\r\n' },
    htmlResponse('https://news.example.org/a/1.html', first, '2024-03-01T08:00:00Z'),
    { type: 'request', url: 'https://news.example.org/a/1.html' },
    imageResponse('https://news.example.org/img/photo.png', 1),
    htmlResponse('https://news.example.org/a/2.html', articleHtml('第二篇'), '2024-03-01T08:05:00Z'),
    { type: 'revisit', url: 'https://news.example.org/a/1.html', date: '2024-03-02T08:00:00Z', http: { headers: { 'Content-Type': 'text/html' } }, digest: payloadDigest(first), refersTo: 'https://news.example.org/a/1.html' },
    htmlResponse('https://news.example.org/a/1.html?utm=x', first, '2024-03-03T08:00:00Z'),
  ];
}

test('every 200 HTML response becomes one page with its url, capture date and images from the archive', async () => {
  const { pages, problems, summary } = await readAll(file('crawl.warc', warcFile(crawl())));
  assert.deepEqual(problems, []);
  assert.deepEqual(pages.map((p) => p.page.url), ['https://news.example.org/a/1.html', 'https://news.example.org/a/2.html']);
  assert.deepEqual(pages.map((p) => p.page.savedAt), ['2024-03-01T08:00:00Z', '2024-03-01T08:05:00Z']);
  assert.equal(pages[0]!.page.format, 'warc');
  assert.match(pages[0]!.page.content, /第一篇/);
  const image = pages[0]!.page.resources.find((r) => r.url === 'https://news.example.org/img/photo.png');
  assert.ok(image, 'the image is found by its URL');
  assert.ok(Buffer.from(image.bytes).equals(imageResponse('', 1).body));
  assert.equal(summary.duplicates, 2, 'the revisit and the same payload under another URL are duplicates');
  assert.equal(pages[0]!.original.ext, 'html');
  assert.equal(Buffer.from(pages[0]!.original.bytes).toString('utf8'), articleHtml('第一篇', '<img src="/img/photo.png" alt="照片">'));
});

test('a .warc.gz gzipped record by record gives the same pages as the plain .warc', async () => {
  const records = crawl();
  const plain = await readAll(file('same.warc', warcFile(records)));
  const gz = await readAll(file('same.warc.gz', warcFile(records, { gzip: true })));
  const view = (r: typeof plain): unknown => r.pages.map((p) => ({ url: p.page.url, savedAt: p.page.savedAt, content: p.page.content, images: p.page.resources.length }));
  assert.deepEqual(view(gz), view(plain));
  assert.deepEqual(gz.problems, []);
});

test('a WARC gzipped as one stream is still read, and the oddity is reported', async () => {
  const { gzipSync } = await import('node:zlib');
  const { pages, problems } = await readAll(file('one-stream.warc.gz', gzipSync(warcFile(crawl()))));
  assert.equal(pages.length, 2);
  assert.match(problems[0]?.message ?? '', /gzipped as one stream/);
});

test('a WARC cut off in the middle of a record keeps the whole pages and reports the cut with its offset', async () => {
  const records = crawl().slice(0, 5);
  const whole = warcFile(records);
  const lastStart = whole.length - warcRecord(records[4]!).length;
  const cut = whole.subarray(0, lastStart + 600);
  const { pages, problems } = await readAll(file('cut.warc', cut));
  assert.deepEqual(pages.map((p) => p.page.url), ['https://news.example.org/a/1.html', 'https://news.example.org/a/2.html']);
  const truncated = problems.find((p) => /truncated/.test(p.message));
  assert.ok(truncated, `a truncation is reported: ${JSON.stringify(problems)}`);
  assert.equal(truncated.offset, lastStart);
  assert.ok(pages[1]!.page.warnings.some((w) => w.includes(`byte ${lastStart}`)), 'the cut page carries the warning');
});

test('a gzipped WARC cut off mid-record keeps the records before the cut', async () => {
  const records = crawl();
  const whole = warcFile(records, { gzip: true });
  const { pages, problems } = await readAll(file('cut.warc.gz', whole.subarray(0, whole.length - 40)));
  assert.ok(pages.length >= 2);
  assert.ok(problems.length > 0, 'the damaged tail is reported');
});

test('a gzip-encoded body that is cut short is kept as far as it decodes, with the offset reported', async () => {
  const { gzipSync } = await import('node:zlib');
  const html = articleHtml('壓縮');
  const gz = gzipSync(html);
  const record: FixtureRecord = { type: 'response', url: 'https://x.example/z.html', http: { headers: { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' } }, body: gz.subarray(0, gz.length - 30) };
  const { pages, problems } = await readAll(file('enc.warc', warcFile([record])));
  assert.equal(pages.length, 1);
  assert.match(pages[0]!.page.content, /壓縮/);
  assert.match(problems[0]?.message ?? '', /cut short/);
  assert.equal(problems[0]?.offset, 0);
});

test('ARC files are read: each 200 HTML capture becomes a page with its url and date', async () => {
  const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${articleHtml('舊檔')}`;
  const { pages } = await readAll(file('old.arc', arcFile([{ url: 'http://old.example/page one.html', date: '20090102030405', mime: 'text/html', http }])));
  assert.equal(pages.length, 1);
  assert.equal(pages[0]!.page.url, 'http://old.example/page%20one.html');
  assert.equal(pages[0]!.page.savedAt, '2009-01-02T03:04:05Z');
});

test('an ARC whose header gives no length, and a file that is no web archive, are refused with the reason', async () => {
  await assert.rejects(readAll(file('bad.arc', new TextEncoder().encode('filedesc://bad.arc 127.0.0.1 20140301000000 text/plain -1\n1 0 x\n'))), (e: Error) => e instanceof WebArchiveError && /bad\.arc: not a readable ARC file.*byte 0.*length/.test(e.message));
  await assert.rejects(readAll(file('notes.warc', new TextEncoder().encode('just some text\n'))), (e: Error) => e instanceof WebArchiveError && /notes\.warc: not a WARC file/.test(e.message));
});

async function wacz(name: string, options: { tamper?: boolean } = {}): Promise<string> {
  const records = [htmlResponse('https://site.example/one', articleHtml('一')), htmlResponse('https://site.example/two', articleHtml('二'))];
  const warc = warcFile(records, { gzip: true });
  const pagesJsonl = `{"format":"json-pages-1.0","id":"pages"}\n{"url":"https://site.example/two","title":"Second, listed first","ts":"2024-03-01T10:00:00Z"}\n`;
  const sha = (b: Uint8Array | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const datapackage = JSON.stringify({
    profile: 'data-package',
    resources: [
      { name: 'data.warc.gz', path: 'archive/data.warc.gz', hash: options.tamper ? sha('something else') : sha(warc), bytes: warc.length },
      { name: 'pages.jsonl', path: 'pages/pages.jsonl', hash: sha(pagesJsonl), bytes: Buffer.byteLength(pagesJsonl) },
    ],
    wacz_version: '1.1.1',
  });
  const path = join(dir, name);
  const handle = await open(path, 'w');
  const zip = new ZipWriter(handle);
  await zip.add('archive/data.warc.gz', warc, false);
  await zip.add('pages/pages.jsonl', pagesJsonl);
  await zip.add('datapackage.json', datapackage);
  await zip.add('datapackage-digest.json', JSON.stringify({ path: 'datapackage.json', hash: sha(datapackage) }));
  await zip.finish();
  await handle.close();
  return path;
}

test('a WACZ gives its listed pages first, and records that its digests were checked', async () => {
  const { pages, problems } = await readAll(await wacz('ok.wacz'));
  assert.deepEqual(problems, []);
  assert.deepEqual(pages.map((p) => p.page.url), ['https://site.example/two', 'https://site.example/one']);
  assert.equal(pages[0]!.page.containerTitle, 'Second, listed first');
  assert.equal(pages[0]!.page.format, 'wacz');
  assert.ok(pages[0]!.page.warnings.some((w) => /2 of 2 file digest\(s\) match.*datapackage\.json matches/.test(w)), pages[0]!.page.warnings.join('\n'));
});

test('a WACZ whose WARC does not match its digest is still read, and the mismatch is reported', async () => {
  const { pages, problems } = await readAll(await wacz('tampered.wacz', { tamper: true }));
  assert.equal(pages.length, 2);
  assert.ok(problems.some((p) => /archive\/data\.warc\.gz does not match its digest/.test(p.message)));
  assert.ok(pages[0]!.page.warnings.some((w) => /FAILED/.test(w)));
});
