import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractedArticle } from '../model.ts';
import { ArchiveStore } from '../store/store.ts';
import { ReaderService } from '../service.ts';
import { exportEpub } from './epub/epub.ts';
import { readEntry, readZipDirectory } from '../webarchive/zip-read.ts';
import { chineseSettingHtml, typographyOf } from './cjk-html.ts';
import { openChromiumPdfRenderer } from './chromium.ts';
import { pdfSkipReason } from './fixtures/pdf-tools.ts';
import { exportArticles } from './formats.ts';

// Our own text, in the manner of saved Traditional-Chinese news pages: half-width marks typed between Han.
const PARAGRAPHS = [
  '全縣教育系統深入貫徹一系列決策部署,聚焦“義務教育有保障”目標任務。第7屆運動會在新建的體育館舉行,投入資金35.78億元。',
  '學校的網站(https://example.com/a,b)公布每一筆支出:12月以前全部公開.',
  'The county also publishes an English summary, and its figures match: 35.78 million.',
];
const CHINESE: ExtractedArticle = {
  title: '鄉村教育的三年',
  byline: '記者 周文華',
  source: '臨江日報',
  publishedAt: '2020-11-25',
  url: 'https://news.example.org/2020/1125.html',
  lang: 'zh-Hant',
  html: PARAGRAPHS.map((p, i) => `<p${i === 2 ? ' lang="en"' : ''}>${p}</p>`).join('') + '<pre>code,kept;as:is</pre>',
  paragraphs: PARAGRAPHS,
  ruby: [],
  excerpt: null,
  format: 'html',
  charset: 'utf-8',
  assets: [],
};
const ENGLISH: ExtractedArticle = { ...CHINESE, title: 'A valley railway', lang: 'en', html: '<p>Trains return, after forty years: 12 a day.</p>', paragraphs: ['Trains return, after forty years: 12 a day.'] };

const pdfSkip = pdfSkipReason('pdftoppm');

describe('exports carry the reader\'s Chinese setting', () => {
  let dir: string;
  let store: ArchiveStore;
  let zh = '';
  let en = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cjk-export-'));
    store = await ArchiveStore.open(join(dir, 'archive'));
    zh = (await store.addArticle({ article: CHINESE, original: { bytes: Buffer.from(CHINESE.html), fileName: 'zh.html', ext: 'html' } })).id;
    en = (await store.addArticle({ article: ENGLISH, original: { bytes: Buffer.from(ENGLISH.html), fileName: 'en.html', ext: 'html' } })).id;
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('HTML: marks between Han print full-width by default; numbers, URLs, English and code do not; the archive keeps its text', async () => {
    const { files } = await exportArticles(store, { ids: [zh], format: 'html', outDir: join(dir, 'html'), script: 'original', fontSize: 18 });
    const html = await readFile(files[0]!, 'utf8');
    assert.match(html, /決策部署，聚焦/);
    assert.match(html, /投入資金35\.78億元/);
    assert.match(html, /https:\/\/example\.com\/a,b/);
    assert.match(html, /全部公開。/);
    assert.match(html, /The county also publishes an English summary, and its figures match: 35\.78 million\./);
    assert.match(html, /<pre>code,kept;as:is<\/pre>/);
    assert.match(html, /<html lang="zh-Hant" data-cjk-face="sans" data-justify="on" data-writing="horizontal">/);
    assert.match(html, /line-break: strict; text-spacing-trim: normal; text-autospace: normal;/);
    const body = await store.getBody(zh);
    assert.deepEqual(body.paragraphs, PARAGRAPHS);
    assert.match(body.html, /決策部署,聚焦/);
    const asStored = await exportArticles(store, { ids: [zh], format: 'html', outDir: join(dir, 'html-off'), script: 'original', fontSize: 18, typography: { cjkPunctuation: false } });
    assert.match(await readFile(asStored.files[0]!, 'utf8'), /決策部署,聚焦/);
  });

  test('HTML and Markdown: serif, vertical columns with upright one- and two-digit runs, and English stays horizontal', async () => {
    const choice = { fontFamily: 'serif', writingMode: 'vertical', justify: false } as const;
    const { files } = await exportArticles(store, { ids: [zh, en], format: 'html', outDir: join(dir, 'vertical'), script: 'original', fontSize: 18, typography: choice });
    const html = await readFile(files[0]!, 'utf8');
    assert.match(html, /data-cjk-face="serif" data-justify="off" data-writing="vertical"/);
    assert.match(html, /第<span class="tcy">7<\/span>屆/);
    assert.match(html, /<span class="tcy">12<\/span>月/);
    assert.doesNotMatch(html, /<span class="tcy">35/);
    assert.match(html, /Noto Serif CJK TC/);
    assert.match(await readFile(files[1]!, 'utf8'), /<html lang="en" data-cjk-face="serif" data-justify="off" data-writing="horizontal">/);
    const md = await exportArticles(store, { ids: [zh], format: 'md', outDir: join(dir, 'md'), script: 'hans', fontSize: 18, typography: choice });
    const text = await readFile(md.files[0]!, 'utf8');
    assert.match(text, /决策部署，聚焦/);
    assert.doesNotMatch(text, /tcy/);
  });

  test('the setting leaves non-Chinese HTML alone, and each choice left out takes the reader\'s default', () => {
    const html = '<p>Trains return, after forty years: 12 a day.</p>';
    assert.equal(chineseSettingHtml(html, typographyOf({ writingMode: 'vertical' }), 'en'), html);
    assert.deepEqual(typographyOf({ fontFamily: 'serif', justify: undefined }), { cjkPunctuation: true, justify: true, fontFamily: 'serif', writingMode: 'horizontal' });
  });

  test('EPUB: chapters carry the setting, and a vertical book turns its pages right to left', async () => {
    const out = join(dir, 'book.epub');
    await exportEpub(store, [zh], { script: 'original', outFile: out, typography: { writingMode: 'vertical', fontFamily: 'serif' } });
    const entries = await readZipDirectory(out);
    const entry = async (name: string): Promise<string> => {
      const found = entries.find((e) => e.name === name);
      assert.ok(found, name);
      return Buffer.from(await readEntry(out, found)).toString('utf8');
    };
    const chapter = await entry('OEBPS/text/article-0001.xhtml');
    assert.match(chapter, /data-cjk-face="serif" data-justify="on" data-writing="vertical"/);
    assert.match(chapter, /決策部署，聚焦/);
    assert.match(chapter, /第<span class="tcy">7<\/span>屆/);
    assert.match(await entry('OEBPS/content.opf'), /<spine toc="ncx" page-progression-direction="rtl">/);
    assert.match(await entry('OEBPS/style.css'), /writing-mode: vertical-rl/);
  });

  test('PDF through the service: the reader\'s vertical choice gives vertical pages, with the marks full-width', { skip: pdfSkip }, async () => {
    const renderer = await openChromiumPdfRenderer();
    after(() => renderer.close());
    const outDir = join(dir, 'pdf');
    const service = new ReaderService(store, { openPdfRenderer: async () => ({ render: renderer.render, close: async () => {} }) });
    // One Chinese character after another in the same column, further down the page: the share of
    // such steps (pdftotext -bbox gives each word's box; in a column each character is a word).
    const columnSteps = async (writingMode: 'horizontal' | 'vertical'): Promise<{ file: string; share: number; boxes: number }> => {
      const folderToken = service.pathTokens.issue('export', [join(outDir, writingMode)]);
      const result = await service.exportArticles({ ids: [zh], format: 'pdf', script: 'original', fontSize: 30, folderToken, writingMode, fontFamily: 'serif' });
      assert.ok(result && result.files.length === 1, JSON.stringify(result));
      const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', result.files[0]!, '-'], { encoding: 'utf8' });
      const boxes = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>[\u3000-\u9fff\uff00-\uffef]+</g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      const down = boxes.slice(1).filter(([x, y], i) => Math.abs(x - boxes[i]![0]) < 1 && y > boxes[i]![1]);
      return { file: result.files[0]!, share: down.length / Math.max(1, boxes.length), boxes: boxes.length };
    };
    const vertical = await columnSteps('vertical');
    const horizontal = await columnSteps('horizontal');
    assert.ok(vertical.boxes > 50 && vertical.share > 0.5, `vertical: ${vertical.share} of ${vertical.boxes}`);
    // Horizontal lines keep a run of characters in one word, so there are far fewer words.
    assert.ok(horizontal.boxes * 5 < vertical.boxes && horizontal.share < vertical.share, `horizontal: ${horizontal.share} of ${horizontal.boxes}`);
    // Text read out of vertical columns comes in no useful order: its characters are checked, not its phrases.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', vertical.file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes('，') && text.includes('聚') && !/[\u4e00-\u9fff],[\u4e00-\u9fff]/.test(text), text.slice(0, 200));
    await service.dispose();
  });
});
