import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { addPlainArticle, plainArticle } from '../testing/plain-article.ts';
import { readEntry, readZipDirectory } from '../webarchive/zip-read.ts';
import { openChromiumPdfRenderer } from './chromium.ts';
import { pdfSkipReason } from './fixtures/pdf-tools.ts';

const paragraphs = [
  '很多用户发现电脑运行越来越慢，打开软件时提示<内存>不足。',
  '这条信息很重要：我的U盘坏了，里面的文件要先备份。',
];

describe('highlights in exports', () => {
  let service: ReaderService;
  let id = '';
  const dir = mkdtempSync(join(tmpdir(), 'highlight-export-'));
  const exportTo = async (name: string, format: 'md' | 'html' | 'epub' | 'pdf', script: 'hans' | 'tw' | 'original', highlights?: boolean): Promise<string> => {
    const folderToken = service.pathTokens.issue('export', [join(dir, name)]);
    const result = await service.exportArticles({ ids: [id], format, script, fontSize: 18, folderToken, ...(highlights !== undefined ? { highlights } : {}) });
    assert.equal(result?.files.length, 1, JSON.stringify(result));
    return result!.files[0]!;
  };

  before(async () => {
    const store = await ArchiveStore.open(join(dir, 'archive'));
    const html = `<p>很多用户发现电脑运行越来越慢，打开<strong>软件</strong>时提示&lt;内存&gt;不足。</p><p>这条信息很重要：我的U盘坏了，里面的文件要先备份。</p>`;
    id = await addPlainArticle(store, plainArticle('电脑内存不足怎么办', paragraphs, { lang: 'zh-CN', html }));
    service = new ReaderService(store);
    const start = paragraphs[0]!.indexOf('软件时提示<内存>');
    await service.addHighlight({ articleId: id, script: 'hans', anchor: { paragraph: 0, start, end: start + '软件时提示<内存>'.length }, color: 'pink', note: '先关掉 *后台* 程序\n再重启' });
    const u = paragraphs[1]!.indexOf('U盘');
    await service.addHighlight({ articleId: id, script: 'hans', anchor: { paragraph: 1, start: u, end: u + 2 }, color: 'green' });
  });
  after(() => service.close());

  test('Markdown lists each highlight as a quote with its note below, in the export\'s script', async () => {
    const md = readFileSync(await exportTo('md-tw', 'md', 'tw'), 'utf8');
    const section = md.slice(md.indexOf('## Highlights'));
    assert.ok(md.includes('## Highlights'), md);
    assert.match(section, /^> 軟體時提示\\<記憶體\\>$/m);
    // The note is the reader's own writing: kept as written, Markdown escaped, its line break kept.
    assert.match(section, /^先关掉 \\\*后台\\\* 程序 {2}\n再重启$/m);
    assert.match(section, /^> 隨身碟$/m);
    assert.equal(readFileSync(await exportTo('md-none', 'md', 'tw', false), 'utf8').includes('Highlights'), false);
  });

  test('HTML marks the characters in their colour, across an inline tag, with the note as a numbered footnote', async () => {
    const html = readFileSync(await exportTo('html-hans', 'html', 'hans'), 'utf8');
    const article = html.slice(html.indexOf('<article>'), html.indexOf('<section class="highlights">'));
    // The span crosses <strong>: one mark inside it, one after it.
    const pink = '<mark data-color="pink" class="hl pink">';
    assert.ok(article.includes(`<strong>${pink}软件</mark></strong>${pink}时提示&lt;内存&gt;</mark><sup class="hl-ref"><a href="#hl-note-1">1</a></sup>不足`), article);
    assert.match(article, /<mark data-color="green" class="hl green">U盘<\/mark>坏了/);
    assert.match(html, /<li id="hl-note-1"><blockquote><mark class="hl pink">软件时提示&lt;内存&gt;<\/mark><\/blockquote><p class="hl-note">1\. 先关掉 \*后台\* 程序<br\/>再重启<\/p><\/li>/);
    assert.match(html, /mark\.hl\[data-color="green"\]/);
    const none = readFileSync(await exportTo('html-none', 'html', 'hans', false), 'utf8');
    assert.equal(/<mark|hl-note/.test(none), false);
  });

  test('EPUB carries the marks and the list as well-formed XHTML', async () => {
    const file = await exportTo('epub', 'epub', 'original');
    const entries = await readZipDirectory(file);
    const chapter = Buffer.from(await readEntry(file, entries.find((e) => e.name === 'OEBPS/text/article-0001.xhtml')!)).toString('utf8');
    assert.match(chapter, /<mark class="hl green">U盘<\/mark>/);
    assert.match(chapter, /<section class="highlights"><h2>Highlights<\/h2>/);
    assert.match(chapter, /先关掉 \*后台\* 程序<br\/>再重启/);
  });

  test('PDF shows the highlighted text and the note in its list', { skip: pdfSkipReason('pdftotext') }, async () => {
    const renderer = await openChromiumPdfRenderer();
    const pdfService = new ReaderService(service.store, { openPdfRenderer: async () => renderer });
    try {
      const folderToken = pdfService.pathTokens.issue('export', [join(dir, 'pdf')]);
      const result = await pdfService.exportArticles({ ids: [id], format: 'pdf', script: 'tw', fontSize: 18, folderToken });
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', result!.files[0]!, '-'], { encoding: 'utf8' });
      assert.match(text, /Highlights/);
      assert.match(text, /先关掉 \*后台\* 程序/);
      assert.match(text, /隨身碟/);
    } finally {
      await pdfService.dispose();
    }
  });
});
