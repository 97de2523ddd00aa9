/**
 * One path for every export format, and one way of putting an article into a script: a
 * Traditional article exported in Simplified through ReaderService.exportArticles comes out with
 * its title, byline and source converted and its `lang` naming Simplified, in every format of the
 * registry, as the reader's getArticle shows it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArgument, InvalidArgument } from '../contract.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../model.ts';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { readEntry, readZipDirectory } from '../webarchive/zip-read.ts';
import { pdfSkipReason } from './fixtures/pdf-tools.ts';
import { EXPORTERS, exporterOf } from './formats.ts';
import { TRADITIONAL } from './fixtures/articles.ts';

const SHOWN = { title: '打赢教育脱贫攻坚战——访市教育局负责人', byline: '记者 王小明', source: '示例新闻网', lang: 'zh-Hans' };
/** What must not be left in Traditional anywhere a format shows the record. */
const STORED = [TRADITIONAL.title, TRADITIONAL.byline!, TRADITIONAL.source!];

const pdfSkip = (): string | false => pdfSkipReason('pdftotext');

describe('the export registry', () => {
  test('has one exporter per format of model.ts, in its order, and the contract accepts exactly those', () => {
    assert.deepEqual(EXPORTERS.map((e) => e.id), EXPORT_FORMATS.map((f) => f.id));
    assert.deepEqual(EXPORTERS.map((e) => e.output), ['file-per-article', 'file-per-article', 'file-per-article', 'one-file']);
    for (const { id } of EXPORT_FORMATS) assert.equal(checkArgument('exportArticles', { ids: [], format: id, script: 'original', fontSize: 18 }).format, id);
    assert.throws(() => checkArgument('exportArticles', { ids: [], format: 'docx', script: 'original', fontSize: 18 }), (e: Error) => e instanceof InvalidArgument && /one of pdf, html, md, epub/.test(e.message));
    assert.throws(() => exporterOf('docx' as ExportFormat), /no export format docx/);
  });
});

describe('a Traditional article exported in Simplified', () => {
  let dir: string;
  let store: ArchiveStore;
  let service: ReaderService;
  let id: string;
  let outDir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'formats-'));
    store = await ArchiveStore.open(join(dir, 'archive'));
    id = (await store.addArticle({ article: TRADITIONAL, original: { bytes: Buffer.from(TRADITIONAL.html), fileName: 'trad.html', ext: 'html' } })).id;
    service = new ReaderService(store, { chooseExportFolder: async () => outDir });
  });
  after(async () => {
    await service.dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Exports the article in `format` through the service into a folder of its own; the one file. */
  async function exported(format: ExportFormat): Promise<string> {
    outDir = join(dir, format);
    const result = await service.exportArticles({ ids: [id], format, script: 'hans', fontSize: 18 });
    assert.ok(result, 'the folder was chosen');
    assert.deepEqual(result.failed, []);
    assert.equal(result.files.length, 1);
    const file = result.files[0]!;
    assert.equal(basename(file), `${SHOWN.title}.${exporterOf(format).extension}`, 'named after the title as shown');
    return file;
  }

  const noStoredText = (text: string, format: string): void => {
    for (const stored of STORED) assert.ok(!text.includes(stored), `${format} still has "${stored}"`);
  };

  test('the reader (getArticle) shows title, byline, source and lang in the script', async () => {
    const view = await service.getArticle({ id, script: 'hans' });
    assert.deepEqual([view?.meta.title, view?.meta.byline, view?.meta.source, view?.meta.lang], [SHOWN.title, SHOWN.byline, SHOWN.source, SHOWN.lang]);
    assert.match(view!.body.paragraphs.join(''), /全市教育系统/);
  });

  test('HTML: title, byline and source converted, lang zh-Hans', async () => {
    const html = await readFile(await exported('html'), 'utf8');
    assert.match(html, /<html lang="zh-Hans"[ >]/);
    assert.match(html, new RegExp(`<title>${SHOWN.title}</title>`));
    assert.match(html, new RegExp(`<span>${SHOWN.byline}</span><span>${SHOWN.source}</span>`));
    noStoredText(html, 'html');
  });

  test('Markdown: the front matter has title, byline and source converted, lang zh-Hans', async () => {
    const md = await readFile(await exported('md'), 'utf8');
    assert.match(md, new RegExp(`^title: "${SHOWN.title}"$`, 'm'));
    assert.match(md, new RegExp(`^byline: "${SHOWN.byline}"$\\n^source: "${SHOWN.source}"$`, 'm'));
    assert.match(md, /^lang: "zh-Hans"$/m);
    assert.match(md, new RegExp(`^# ${SHOWN.title}$`, 'm'));
    // The stored title is kept on purpose, as original_title; nothing else is left in Traditional.
    noStoredText(md.replace(/^original_title: .*$/m, ''), 'md');
  });

  test('EPUB: chapter and package carry title, byline (as creator) and source converted, language zh-Hans', async () => {
    const file = await exported('epub');
    const entries = await readZipDirectory(file);
    const text = async (name: string): Promise<string> => Buffer.from(await readEntry(file, entries.find((e) => e.name === name)!)).toString('utf8');
    const chapter = await text('OEBPS/text/article-0001.xhtml');
    assert.match(chapter, /xml:lang="zh-Hans" lang="zh-Hans"/);
    assert.match(chapter, new RegExp(`<h1 class="title">${SHOWN.title}</h1>`));
    assert.match(chapter, new RegExp(`<p class="meta">${SHOWN.byline} · ${SHOWN.source} · 2020-11-25</p>`));
    const opf = await text('OEBPS/content.opf');
    assert.match(opf, new RegExp(`<dc:title>${SHOWN.title}</dc:title>`));
    assert.match(opf, new RegExp(`<dc:creator>${SHOWN.byline}</dc:creator>`));
    assert.match(opf, /<dc:language>zh-Hans<\/dc:language>/);
    noStoredText(chapter + opf + (await text('OEBPS/nav.xhtml')), 'epub');
  });

  test('PDF: the text has title, byline and source converted', { skip: pdfSkip(), timeout: 120_000 }, async () => {
    const pdf = await exported('pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const shown of [SHOWN.title, SHOWN.byline, SHOWN.source]) assert.ok(text.includes(shown.replace(/\s+/g, '')), `${shown} in:\n${text.slice(0, 300)}`);
    noStoredText(text, 'pdf');
  });

  test('an id that does not exist fails alone in every format; the rest is exported', async (t) => {
    const noPdf = pdfSkip();
    if (noPdf) t.diagnostic(`PDF left out: ${noPdf}`);
    for (const { id: format } of EXPORTERS.filter((e) => !(noPdf && e.id === 'pdf'))) {
      outDir = join(dir, `partial-${format}`);
      const result = await service.exportArticles({ ids: ['0'.repeat(16), id], format, script: 'hans', fontSize: 18 });
      assert.deepEqual(result?.failed.map((f) => f.id), ['0'.repeat(16)], format);
      assert.equal(result?.files.length, 1, format);
    }
  });
});
