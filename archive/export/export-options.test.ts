/**
 * Export as people expect it (issue 15, item 4), through the service as the window calls it:
 * PDF margins reach the page and move its content box, EPUB makes one book for a selection or
 * one each, an export can be cancelled midway (the files written stay, the result says so), the
 * contract bounds the new fields, and the CLI takes `--margins` and `--epub`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { main as cli } from '../cli.ts';
import { parseMargins } from '../cli/export.ts';
import { checkArgument, InvalidArgument, type ExportQuery } from '../contract.ts';
import { PDF_MARGIN_PRESETS, type ExportResult } from '../model.ts';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { ENGLISH, SIMPLIFIED, TRADITIONAL } from './fixtures/articles.ts';
import { pdfSkipReason } from './fixtures/pdf-tools.ts';
import type { PrintPage } from './pdf-renderer.ts';

const BASE = { ids: [], format: 'pdf', script: 'original', fontSize: 18 } as const;

describe('the contract checks the new export fields', () => {
  test('margins within 0–50 mm on all four sides, highlights true/false, epub one/each; cancelExport takes {}', () => {
    const margins = { top: 0, right: 12.5, bottom: 50, left: 20 };
    const ok = checkArgument('exportArticles', { ...BASE, margins, highlights: false, epub: 'each' });
    assert.deepEqual(ok.margins, margins);
    assert.equal(ok.highlights, false);
    assert.equal(ok.epub, 'each');
    const refused: [unknown, RegExp][] = [
      [{ ...margins, top: 51 }, /margins\.top: expected a number from 0 to 50/],
      [{ ...margins, left: -1 }, /margins\.left: expected a number from 0 to 50/],
      [{ top: 10, right: 10, bottom: 10 }, /margins\.left: expected a number/],
      [{ ...margins, gutter: 3 }, /margins\.gutter: expected no such field/],
      [{ ...margins, right: '10' }, /margins\.right: expected a number/],
      [15, /margins: expected an object/],
    ];
    for (const [value, message] of refused) {
      assert.throws(() => checkArgument('exportArticles', { ...BASE, margins: value }), (e: Error) => e instanceof InvalidArgument && message.test(e.message), JSON.stringify(value));
    }
    assert.throws(() => checkArgument('exportArticles', { ...BASE, highlights: 'yes' }), /highlights: expected true or false/);
    assert.throws(() => checkArgument('exportArticles', { ...BASE, epub: 'both' }), /epub: expected one of each, one/);
    assert.deepEqual(checkArgument('cancelExport', {}), {});
    assert.throws(() => checkArgument('cancelExport', { now: true }), /cancelExport\.now: expected no such field/);
  });
});

describe('exporting a selection of three articles', () => {
  let dir: string;
  let store: ArchiveStore;
  let service: ReaderService;
  let ids: string[];
  let outDir = '';
  /** What the fake PDF renderer was asked to print, in order; `onRender` runs as each is printed. */
  let printed: PrintPage[] = [];
  let onRender: (n: number) => Promise<void> | void = () => {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-options-'));
    store = await ArchiveStore.open(join(dir, 'archive'));
    ids = [];
    for (const [i, article] of [TRADITIONAL, SIMPLIFIED, ENGLISH].entries()) {
      ids.push((await store.addArticle({ article, original: { bytes: Buffer.from(`${i}${article.html}`), fileName: `a${i}.html`, ext: 'html' } })).id);
    }
    service = new ReaderService(store, {
      chooseExportFolder: async () => outDir,
      openPdfRenderer: async () => ({
        render: async (page) => {
          printed.push(page);
          await onRender(printed.length);
          return new TextEncoder().encode(`%PDF-1.7 fake ${page.title}`);
        },
        close: async () => {},
      }),
    });
  });
  after(async () => {
    await service.dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function exportTo(name: string, query: Omit<ExportQuery, 'ids' | 'script' | 'fontSize'> & Partial<ExportQuery>): Promise<ExportResult> {
    outDir = join(dir, name);
    printed = [];
    const result = await service.dispatch('exportArticles', { ids, script: 'hans', fontSize: 18, ...query });
    assert.ok(result, 'the folder was chosen');
    return result;
  }

  test('the margins asked for are the margins of every page printed; without them, the normal preset', async () => {
    const margins = { top: 5, right: 30, bottom: 7, left: 40 };
    const result = await exportTo('margins', { format: 'pdf', paper: 'Letter', margins });
    assert.equal(result.files.length, 3);
    assert.equal(printed.length, 3);
    for (const page of printed) {
      assert.deepEqual(page.margins, margins);
      assert.equal(page.paper, 'Letter');
      // The header's box follows the side margins.
      assert.match(page.headerTemplate, /margin: 0 40mm 0 30mm/);
    }
    await exportTo('default-margins', { format: 'pdf' });
    assert.deepEqual(printed[0]!.margins, PDF_MARGIN_PRESETS.normal);
  });

  test('highlights on or off is accepted and the export runs either way', async () => {
    for (const highlights of [true, false]) {
      const result = await exportTo(`highlights-${highlights}`, { format: 'html', highlights });
      assert.equal(result.files.length, 3);
      assert.deepEqual(result.failed, []);
    }
  });

  test('EPUB: one book for the lot by default (and with epub: one), one book each with epub: each', async () => {
    const one = await exportTo('epub-one', { format: 'epub' });
    assert.equal(one.files.length, 1);
    assert.deepEqual(await readdir(join(dir, 'epub-one')), [basename(one.files[0]!)]);
    const oneAgain = await exportTo('epub-one-again', { format: 'epub', epub: 'one' });
    assert.equal(oneAgain.files.length, 1);
    const progress: number[] = [];
    const stop = service.on('exportProgress', ({ done }) => progress.push(done));
    const each = await exportTo('epub-each', { format: 'epub', epub: 'each' });
    stop();
    assert.equal(each.files.length, 3);
    assert.deepEqual(progress, [1, 2, 3]);
    const names = (await readdir(join(dir, 'epub-each'))).sort();
    // Each book is named after its article's title in the script asked for (Simplified here).
    assert.ok(names.includes('打赢教育脱贫攻坚战——访市教育局负责人.epub'), names.join(', '));
    assert.ok(names.includes('图书馆延长开放时间.epub'), names.join(', '));
    assert.ok(names.every((n) => n.endsWith('.epub')) && names.length === 3, names.join(', '));
  });

  test('cancel while the second PDF prints: that file is finished, the third never started, the result says cancelled', async () => {
    onRender = async (n) => {
      if (n === 2) assert.equal(await service.dispatch('cancelExport', {}), true);
    };
    try {
      const result = await exportTo('cancel-pdf', { format: 'pdf' });
      assert.equal(result.cancelled, true);
      assert.equal(result.files.length, 2);
      assert.equal(printed.length, 2, 'the third article was never printed');
      assert.deepEqual((await readdir(join(dir, 'cancel-pdf'))).sort(), result.files.map((f) => basename(f)).sort());
    } finally {
      onRender = () => {};
    }
    // Nothing runs now: cancelling says so, and the next export is not cancelled by the last one.
    assert.equal(await service.dispatch('cancelExport', {}), false);
    const next = await exportTo('after-cancel', { format: 'pdf' });
    assert.equal(next.files.length, 3);
    assert.equal(next.cancelled, undefined);
  });

  test('cancel between Markdown files, and between EPUB books, keeps what was written', async () => {
    for (const [format, epub] of [['md', undefined], ['epub', 'each']] as const) {
      const stop = service.on('exportProgress', ({ done }) => {
        if (done === 1) void service.cancelExport();
      });
      try {
        const result = await exportTo(`cancel-${format}`, { format, ...(epub ? { epub } : {}) });
        assert.equal(result.cancelled, true, format);
        assert.equal(result.files.length, 1, format);
        const written = (await readdir(join(dir, `cancel-${format}`))).filter((n) => !n.endsWith('.assets'));
        assert.deepEqual(written, [basename(result.files[0]!)], format);
      } finally {
        stop();
      }
    }
  });

  test('a second export while one runs is refused, so a cancel always means the one on show', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    onRender = (n) => (n === 1 ? held : undefined);
    try {
      outDir = join(dir, 'first');
      printed = [];
      const first = service.exportArticles({ ids, format: 'pdf', script: 'original', fontSize: 18 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await assert.rejects(service.exportArticles({ ids, format: 'html', script: 'original', fontSize: 18 }), /an export is already running/);
      release();
      assert.equal((await first)?.files.length, 3);
    } finally {
      onRender = () => {};
    }
  });
});

describe('the CLI export command', () => {
  let dir: string;
  let ids: string[];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-cli-'));
    const store = await ArchiveStore.open(join(dir, 'archive'));
    ids = [];
    for (const [i, article] of [TRADITIONAL, SIMPLIFIED].entries()) {
      ids.push((await store.addArticle({ article, original: { bytes: Buffer.from(`${i}${article.html}`), fileName: `a${i}.html`, ext: 'html' } })).id);
    }
    await store.close();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('--margins takes a preset, one number or four (top,right,bottom,left)', () => {
    assert.deepEqual(parseMargins('15'), { top: 15, right: 15, bottom: 15, left: 15 });
    assert.deepEqual(parseMargins('15,20,10.5,0'), { top: 15, right: 20, bottom: 10.5, left: 0 });
    assert.deepEqual(parseMargins('Narrow'), PDF_MARGIN_PRESETS.narrow);
    for (const bad of ['', '15,20', 'wide-ish', '-3', '1,2,3,4,5', '10mm']) assert.throws(() => parseMargins(bad), /--margins takes one number/, bad);
  });

  test('--epub each writes one book per article; bad --margins and --epub are usage errors (exit 2)', async () => {
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    const said: string[] = [];
    process.stdout.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stderr.write;
    const archive = ['--archive', join(dir, 'archive')];
    try {
      assert.equal(await cli([...archive, 'export', ...ids, '--format', 'epub', '--epub', 'each', '--out', join(dir, 'each'), '--script', 'hans']), 0);
      assert.equal(await cli([...archive, 'export', ...ids, '--format', 'epub', '--epub', 'one', '--out', join(dir, 'one')]), 0);
      assert.equal(await cli([...archive, 'export', ids[0]!, '--format', 'pdf', '--margins', '99', '--out', join(dir, 'x')]), 2);
      assert.equal(await cli([...archive, 'export', ids[0]!, '--format', 'pdf', '--margins', 'a,b', '--out', join(dir, 'x')]), 2);
      assert.equal(await cli([...archive, 'export', ids[0]!, '--format', 'epub', '--epub', 'some', '--out', join(dir, 'x')]), 2);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    assert.deepEqual((await readdir(join(dir, 'each'))).sort(), ['图书馆延长开放时间.epub', '打赢教育脱贫攻坚战——访市教育局负责人.epub'].sort());
    assert.equal((await readdir(join(dir, 'one'))).length, 1);
    const text = said.join('');
    assert.match(text, /--margins\.top: expected a number from 0 to 50/);
    assert.match(text, /--epub must be one/);
  });
});

describe('margins on a real PDF', () => {
  const skip = pdfSkipReason('pdftotext');
  test('wider margins move the text box in from the page edges (pdftotext -bbox)', { skip, timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-margins-pdf-'));
    const store = await ArchiveStore.open(join(dir, 'archive'));
    const service = new ReaderService(store);
    try {
      const id = (await store.addArticle({ article: ENGLISH, original: { bytes: Buffer.from(ENGLISH.html), fileName: 'en.html', ext: 'html' } })).id;
      /** Where the article starts on page 1, in pt: the left edge of its body text, the top of its title (not the header's). */
      const textBox = async (name: string, margins: { top: number; right: number; bottom: number; left: number }) => {
        const folderToken = service.pathTokens.issue('export', [join(dir, name)]);
        const result = await service.exportArticles({ ids: [id], format: 'pdf', script: 'original', fontSize: 16, paper: 'A4', margins, folderToken });
        const xml = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', result!.files[0]!, '-'], { encoding: 'utf8' });
        const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), height: Number(m[4]) - Number(m[2]), text: m[5]! }));
        const body = words.filter((w) => /Slow|reading|practice/.test(w.text));
        // The title's first word, set larger than the same word in the page header.
        const title = words.filter((w) => w.text === 'Reading').sort((a, b) => b.height - a.height)[0];
        assert.ok(body.length > 0 && title, xml.slice(0, 500));
        return { left: Math.min(...body.map((w) => w.x0)), top: title.y0 };
      };
      const narrow = await textBox('narrow', { top: 5, right: 5, bottom: 10, left: 5 });
      const wide = await textBox('wide', { top: 40, right: 40, bottom: 40, left: 40 });
      const mmToPt = 72 / 25.4;
      // 35 mm more on the left and top: the text starts about 99 pt further in (a few pt of layout slack).
      assert.ok(Math.abs(wide.left - narrow.left - 35 * mmToPt) < 6, `left: ${narrow.left} → ${wide.left}`);
      assert.ok(Math.abs(wide.top - narrow.top - 35 * mmToPt) < 6, `top: ${narrow.top} → ${wide.top}`);
    } finally {
      await service.dispose();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
