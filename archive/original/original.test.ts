/**
 * "View original" from the service: each kind of saved page comes back as the page it was,
 * decoded as its import decoded it, its images pointing at the archive's assets; every capture
 * can be asked for; what is not there is null, and a malformed request is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgument } from '../contract.ts';
import { importPaths } from '../import/batch.ts';
import { extractArticle } from '../import/extract/index.ts';
import type { ExtractedArticle } from '../model.ts';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { ZipWriter } from '../export/epub/zip-write.ts';
import { htmlResponse, imageResponse, warcFile, type FixtureRecord } from '../webarchive/fixtures.ts';

const SAVED = join(dirname(fileURLToPath(import.meta.url)), '..', 'import', 'fixtures', 'saved');
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A service on a fresh archive holding the imports of `paths`; returns it and the ids imported, in order. */
async function archiveOf(paths: string[]): Promise<{ service: ReaderService; ids: string[]; done: () => Promise<void>; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'original-'));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  const report = await importPaths(store, paths, { inProcess: extractArticle });
  assert.deepEqual(report.failed, []);
  const service = new ReaderService(store);
  return {
    service,
    ids: report.imported.map((i) => i.id),
    dir,
    done: async () => {
      await service.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('a "Web page, complete" shows its markup as saved, its folder image as the stored asset', async () => {
  const { service, ids, done } = await archiveOf([join(SAVED, 'complete.html')]);
  try {
    const original = await service.dispatch('getOriginal', { id: ids[0] });
    assert.ok(original);
    const photo = sha(await readFile(join(SAVED, 'complete_files', 'photo.png')));
    assert.match(original.html, new RegExp(`<img src="asset:${photo}\\.png" alt="照片">`));
    assert.ok(!original.html.includes('complete_files/photo.png'), 'the folder path is replaced');
    assert.ok(original.html.includes('src="../outside.png"'), 'an image the archive never had stays as written (the frame shows none)');
    assert.ok(original.html.includes('<h1>教育新闻</h1>'));
    assert.equal(original.capture, 0);
    assert.deepEqual(original.captures.map((c) => [c.index, c.format, c.name]), [[0, 'html', 'complete.html']]);
  } finally {
    await done();
  }
});

test('a legacy-charset page is decoded with the charset its import used', async () => {
  const { service, ids, done } = await archiveOf([join(SAVED, 'big5-declared.htm'), join(SAVED, 'gbk-undeclared.html')]);
  try {
    const big5 = await service.getOriginal({ id: ids[0]! });
    assert.ok(big5?.html.includes('這一頁用大五碼保存。'), 'Big5 decoded');
    const gbk = await service.getOriginal({ id: ids[1]! });
    assert.ok(gbk?.html.includes('这一页没有声明字符集。'), 'undeclared GBK decoded as it was at import');
    assert.ok(gbk);
    assert.ok(!gbk.html.includes('\uFFFD'));
  } finally {
    await done();
  }
});

test('a SingleFile page keeps its header and its inline images', async () => {
  const { service, ids, done } = await archiveOf([join(SAVED, 'singlefile.html')]);
  try {
    const original = await service.getOriginal({ id: ids[0]! });
    assert.ok(original);
    assert.equal(original.captures[0]?.format, 'singlefile');
    assert.match(original.html, /Page saved with SingleFile/);
    assert.match(original.html, /<img src="data:image\/png;base64,iVBOR/);
  } finally {
    await done();
  }
});

test('an MHTML shows its HTML part, decoded, with its image part as the stored asset', async () => {
  const { service, ids, done } = await archiveOf([join(SAVED, 'capture.mhtml')]);
  try {
    const original = await service.getOriginal({ id: ids[0]! });
    assert.ok(original);
    assert.ok(!original.html.includes('Content-Type:'), 'no MIME headers');
    assert.ok(!original.html.includes('=E6'), 'quoted-printable undone');
    assert.ok(original.html.includes('<h1>教育新闻</h1>'));
    const meta = service.store.get(ids[0]!)!;
    assert.equal(meta.assets.length, 1);
    assert.ok(original.html.includes(`src="asset:${meta.assets[0]}"`), original.html.slice(0, 400));
    assert.ok(!original.html.includes('https://news.example.cn/img/photo.png'));
  } finally {
    await done();
  }
});

test('a plain-text dump comes back as its text, preformatted and escaped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'original-text-'));
  const dump = join(dir, 'dump.txt');
  const text = `${await readFile(join(SAVED, 'dump.txt'), 'utf8')}\n<script>alert(1)</script> & more\n`;
  await writeFile(dump, text);
  const { service, ids, done } = await archiveOf([dump]);
  try {
    const original = await service.getOriginal({ id: ids[0]! });
    assert.ok(original);
    assert.equal(original.captures[0]?.format, 'text');
    assert.match(original.html, /<pre class="saved-text">教育新闻\n/);
    assert.ok(original.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more'));
    assert.ok(!original.html.includes('<script>'));
  } finally {
    await done();
    await rm(dir, { recursive: true, force: true });
  }
});

/** A crawl of one article page with two images, the article's and the site's logo. */
function crawl(): { records: FixtureRecord[]; train: Uint8Array } {
  const paragraphs = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} of a crawled report on the valley railway, long enough to be read as the article's own text.</p>`).join('');
  const page = `<!doctype html><html><head><title>Valley railway</title></head><body><nav><img src="/logo.png" alt="logo"></nav><article><h1>Valley railway</h1>${paragraphs}<figure><img src="/img/train.png" alt="the train"></figure>${paragraphs}</article></body></html>`;
  const train = imageResponse('https://harbour.example.com/img/train.png', 3);
  return { records: [htmlResponse('https://harbour.example.com/railway', page), train, imageResponse('https://harbour.example.com/logo.png', 9)], train: train.body };
}

/** The crawl as a WACZ: its WARC gzipped in a zip with the package files. */
async function waczOf(records: FixtureRecord[], path: string): Promise<void> {
  const warc = warcFile(records, { gzip: true });
  const pages = '{"format":"json-pages-1.0","id":"pages"}\n{"url":"https://harbour.example.com/railway","title":"Valley railway"}\n';
  const digest = (b: Uint8Array | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const datapackage = JSON.stringify({
    profile: 'data-package',
    resources: [
      { name: 'data.warc.gz', path: 'archive/data.warc.gz', hash: digest(warc), bytes: warc.length },
      { name: 'pages.jsonl', path: 'pages/pages.jsonl', hash: digest(pages), bytes: Buffer.byteLength(pages) },
    ],
    wacz_version: '1.1.1',
  });
  const handle = await open(path, 'w');
  const zip = new ZipWriter(handle);
  await zip.add('archive/data.warc.gz', warc, false);
  await zip.add('pages/pages.jsonl', pages);
  await zip.add('datapackage.json', datapackage);
  await zip.add('datapackage-digest.json', JSON.stringify({ path: 'datapackage.json', hash: digest(datapackage) }));
  await zip.finish();
  await handle.close();
}

for (const kind of ['warc', 'wacz'] as const) {
  test(`a ${kind.toUpperCase()} page shows its response body, its images as the stored assets found by the page's own URLs`, async () => {
    const dir = await mkdtemp(join(tmpdir(), `original-${kind}-`));
    const { records, train } = crawl();
    const path = join(dir, `crawl.${kind}`);
    if (kind === 'warc') await writeFile(path, warcFile(records));
    else await waczOf(records, path);
    const { service, ids, done } = await archiveOf([path]);
    try {
      const original = await service.getOriginal({ id: ids[0]! });
      assert.ok(original);
      assert.equal(original.captures[0]?.format, kind);
      assert.match(original.captures[0]?.name ?? '', /#\d+$/);
      assert.ok(original.html.includes(`src="asset:${sha(train)}.png" alt="the train"`), original.html);
      assert.ok(original.html.includes('src="/logo.png"'), 'an image the article did not keep stays as written');
    } finally {
      await done();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('every capture of an article can be chosen; a missing article or capture is null; a bad one refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'original-captures-'));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  const service = new ReaderService(store);
  try {
    const paragraphs = ['The council met on Tuesday to decide the timetable of the new valley line.', 'Two thousand riders a week are expected by spring, the council said.', 'Residents asked for a later last train on Fridays and Saturdays.'];
    const article: ExtractedArticle = {
      title: 'A Railway Returns', byline: null, source: null, publishedAt: null, url: 'https://harbour.example.com/railway', lang: 'en',
      html: paragraphs.map((p) => `<p>${p}</p>`).join(''), paragraphs, ruby: [], excerpt: null, format: 'html', charset: 'utf-8', assets: [],
    };
    const first = await store.addArticle({ article, original: { bytes: new TextEncoder().encode('<html><body><p>first capture</p></body></html>'), fileName: 'first.html', ext: 'html' } });
    const second = await store.addArticle({ article, original: { bytes: new TextEncoder().encode('<html><body><p>second capture</p></body></html>'), fileName: 'second.html', ext: 'html' } });
    assert.equal(second.status, 'capture');
    const chosen = await service.dispatch('getOriginal', { id: first.id, capture: 1 });
    assert.ok(chosen?.html.includes('second capture'));
    assert.ok(chosen);
    assert.equal(chosen.capture, 1);
    assert.deepEqual(chosen.captures.map((c) => c.name), ['first.html', 'second.html']);
    assert.ok((await service.dispatch('getOriginal', { id: first.id }))?.html.includes('first capture'), 'the first capture by default');
    assert.equal(await service.dispatch('getOriginal', { id: first.id, capture: 2 }), null, 'no third capture');
    assert.equal(await service.dispatch('getOriginal', { id: '0123456789abcdef' }), null, 'no such article');
    for (const bad of [{ id: first.id, capture: -1 }, { id: first.id, capture: 1.5 }, { id: first.id, capture: '1' }, { id: '../x' }, { id: first.id, path: '/etc/passwd' }]) {
      await assert.rejects(service.dispatch('getOriginal', bad), InvalidArgument, JSON.stringify(bad));
    }
  } finally {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the charset recorded at import decides, not a fresh guess', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'original-charset-'));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  const service = new ReaderService(store);
  try {
    const paragraphs = ['Un café près du port ouvre de nouveau après deux ans de travaux sur le quai.'];
    const article: ExtractedArticle = {
      title: 'Café', byline: null, source: null, publishedAt: null, url: null, lang: 'fr',
      html: `<p>${paragraphs[0]}</p>`, paragraphs, ruby: [], excerpt: null, format: 'html', charset: 'windows-1252', assets: [],
    };
    // UTF-8 bytes an import once read as windows-1252: a fresh guess would say UTF-8.
    const added = await store.addArticle({ article, original: { bytes: new TextEncoder().encode('<html><body><p>café</p></body></html>'), fileName: 'cafe.html', ext: 'html' } });
    const original = await service.getOriginal({ id: added.id });
    assert.ok(original?.html.includes('<p>cafÃ©</p>'), original?.html);
  } finally {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  }
});
