import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { isProbablyReaderable } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ArchiveStore } from '../store/store.ts';
import { importPaths } from './batch.ts';
import { EXTRACTOR_VERSION, ExtractionError, extractArticle } from './extract/index.ts';
import type { DecodedPage } from './types.ts';

const fixture = (name: string): string => readFileSync(new URL(`./extract/fixtures/${name}`, import.meta.url), 'utf8');
const htmlPage = (content: string): DecodedPage => ({ format: 'html', content, charset: 'utf-8', url: null, savedAt: null, containerTitle: null, resources: [], warnings: [] });

async function withArchive(fn: (store: ArchiveStore, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'whole-page-'));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// A FrontPage-era essay: thirty paragraphs in one table cell, `&nbsp;` runs for indents, `<br>`
// between paragraphs and four unclosed font/span tags per paragraph, so the tree is deeper than
// Readability is ever given (our pipeline does not run it there, it finds no article to score).
const ESSAY = 'essay-unclosed-font.html';

test('a page with no article found comes in as its whole text, furniture removed, flagged whole-page', () => {
  // Readability's own test of a page (the one that decides whether a reader view is offered)
  // rejects this one: the essay is not "probably readerable".
  const { document } = parseHTML(fixture(ESSAY)) as unknown as { document: Parameters<typeof isProbablyReaderable>[0] };
  assert.equal(isProbablyReaderable(document), false);
  const article = extractArticle(htmlPage(fixture(ESSAY)));
  assert.equal(article.extraction, 'whole-page');
  assert.equal(article.extractorVersion, EXTRACTOR_VERSION);
  assert.ok(article.paragraphs.some((p) => p.startsWith('出发那天下着小雨')));
  assert.ok(article.paragraphs.some((p) => p.startsWith('我一直想再去一次')));
  assert.equal(article.paragraphs.filter((p) => p.length > 40).length, 30, 'all thirty paragraphs of the essay');
  const all = article.paragraphs.join('\n');
  for (const furniture of ['首页', '留言', '版权所有', '未经许可', '发表于']) assert.ok(!all.includes(furniture), furniture);
  assert.equal(article.byline, '青石');
  assert.equal(article.publishedAt, '2005-01-18T22:40');
});

test('only input that is not a page fails: empty, markup without text', () => {
  for (const content of ['', '<html><head><title></title></head><body><script>var a = 1;</script></body></html>', '<html><body>   </body></html>']) {
    assert.throws(() => extractArticle(htmlPage(content)), ExtractionError, JSON.stringify(content));
  }
});

test('the whole-page flag and the extractor version are stored per capture, shown in the list and filtered on', async () => {
  await withArchive(async (store, dir) => {
    const folder = join(dir, 'in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'essay.html'), fixture(ESSAY));
    writeFileSync(join(folder, 'article.html'), fixture('news-simplified.html'));
    writeFileSync(join(folder, 'binary.html'), Buffer.from([0, 159, 146, 150, 0, 0, 255, 254, 0, 1, 2, 3]));
    const report = await importPaths(store, [folder], { inProcess: extractArticle });
    assert.equal(report.imported.length, 2, JSON.stringify(report));
    assert.deepEqual(report.failed.map((f) => f.file.slice(f.file.lastIndexOf('/') + 1)), ['binary.html']);

    const essay = store.get(report.imported.find((e) => e.file.endsWith('essay.html'))!.id)!;
    assert.equal(essay.extraction, 'whole-page');
    assert.equal(essay.captures[0]!.extraction, 'whole-page');
    assert.equal(essay.captures[0]!.extractorVersion, EXTRACTOR_VERSION);
    const news = store.get(report.imported.find((e) => e.file.endsWith('article.html'))!.id)!;
    assert.equal(news.extraction, undefined);
    assert.equal(news.captures[0]!.extraction, 'article');

    assert.deepEqual(store.list({ extraction: 'whole-page' }).items.map((m) => m.id), [essay.id]);
    assert.deepEqual(store.list({ extraction: 'article' }).items.map((m) => m.id), [news.id]);
    assert.equal(store.list({}).items.find((m) => m.id === essay.id)?.extraction, 'whole-page', 'the library list carries the flag');
    // The original bytes are kept, so the page can be extracted again later.
    assert.equal(Buffer.from(await store.readOriginal(essay.captures[0]!)).toString('utf8'), fixture(ESSAY));
  });
});

const BANNER =
  '<div class="cookie-notice"><p>We use cookies to make this site work and to understand how it is used. By clicking “Accept all” you consent to our use of cookies as described in our privacy policy.</p>' +
  '<p>You can change your choice at any time under Cookie settings at the bottom of every page.</p><p><a href="/privacy">Privacy policy</a> <button>Accept all</button></p></div>';

/** A blog post whose text is drawn by a script (saved before it ran): only the banner is text. */
function bannerPage(slug: string, title: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} – Field Notes</title>
<link rel="canonical" href="https://fieldnotes.example.org/posts/${slug}/"></head>
<body><header><a href="/">Field Notes</a> <nav><a href="/archive">Archive</a> <a href="/about">About</a></nav></header>
<main><div id="app" data-post="${slug}"></div></main>${BANNER}<script src="/app.js"></script></body></html>`;
}

test('three different pages that extract to the same banner text are three articles', async () => {
  await withArchive(async (store, dir) => {
    const folder = join(dir, 'in');
    mkdirSync(folder);
    const posts: [string, string][] = [['spring-birds', 'Spring Birds on the Marsh'], ['winter-moths', 'Winter Moths'], ['river-otters', 'Otters Back on the River']];
    for (const [slug, title] of posts) writeFileSync(join(folder, `${slug}.html`), bannerPage(slug, title));
    const report = await importPaths(store, [folder], { inProcess: extractArticle });
    assert.equal(report.imported.filter((e) => !e.capture).length, 3, JSON.stringify(report));
    const texts = new Set(report.imported.map((e) => store.get(e.id)!.textSha256));
    assert.equal(texts.size, 1, 'the three extract to the same text');
    assert.equal(store.size, 3);
  });
});

test('the same text merges only when it is a substantial article, or the address is the same', async () => {
  await withArchive(async (store) => {
    const banner = ['We use cookies to make this site work.', 'By clicking “Accept all” you consent to our use of cookies.'];
    const article = (url: string, paragraphs: string[], extraction: 'article' | 'whole-page' = 'article') => ({
      title: 'T', byline: null, source: null, publishedAt: null, url, lang: 'en', html: paragraphs.map((p) => `<p>${p}</p>`).join(''),
      paragraphs, ruby: [], excerpt: null, format: 'html' as const, charset: 'utf-8', assets: [], extraction,
    });
    const original = (n: number) => ({ bytes: Buffer.from(`page ${n}`), fileName: `p${n}.html`, ext: 'html' });
    const a = await store.addArticle({ article: article('https://a.example/1', banner), original: original(1) });
    const b = await store.addArticle({ article: article('https://b.example/2', banner), original: original(2) });
    const c = await store.addArticle({ article: article('https://a.example/1#top', banner), original: original(3) });
    assert.deepEqual([a.status, b.status, c.status], ['added', 'added', 'capture']);
    assert.equal(c.id, a.id, 'same address, same text: another capture');

    const long = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1} of the report on the new river crossing, with the figures the council published on Monday and what residents said about the works, the detours and the noise at night.`);
    const d = await store.addArticle({ article: article('https://c.example/x', long, 'whole-page'), original: original(4) });
    const e = await store.addArticle({ article: article('https://d.example/y', long, 'whole-page'), original: original(5) });
    assert.deepEqual([d.status, e.status], ['added', 'added'], 'whole-page fallbacks never merge on text alone');
    const f = await store.addArticle({ article: article('https://e.example/z', long.map((p) => `${p} `)), original: original(6) });
    const g = await store.addArticle({ article: article('https://f.example/w', long), original: original(7) });
    assert.deepEqual([f.status, g.status], ['added', 'capture']);
    assert.equal(g.id, f.id, 'the same substantial text from another address is the same article');
  });
});

test('the same article saved twice in different bytes (UTF-8 and GBK, other site chrome) is one article with two captures', async () => {
  await withArchive(async (store, dir) => {
    const folder = join(dir, 'in');
    mkdirSync(folder);
    const news = fixture('news-simplified.html');
    writeFileSync(join(folder, 'saved-2021.html'), news);
    const older = news
      .replace(/charset=["']?utf-8["']?/i, 'charset=gbk')
      .replace('</body>', '<div class="ad">欢迎订阅城市晚报电子版</div></body>');
    writeFileSync(join(folder, 'saved-2005.html'), iconv.encode(older, 'gbk'));
    const report = await importPaths(store, [folder], { inProcess: extractArticle });
    assert.equal(report.failed.length, 0, JSON.stringify(report.failed));
    assert.equal(store.size, 1, JSON.stringify(report.imported));
    const [meta] = [...store.all()];
    assert.equal(meta!.captures.length, 2);
    assert.deepEqual(new Set(meta!.captures.map((c) => c.charset)), new Set(['utf-8', 'gbk']));
  });
});
