import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../store/store.ts';
import { htmlResponse, warcFile } from '../webarchive/fixtures.ts';
import { extractArticle } from './extract/index.ts';
import { importPaths } from './batch.ts';

const paragraph = '圖書館在週末延長開放時間，讓附近的學生可以在安靜的環境裡準備考試，館員也安排了導覽。'.repeat(5);
const page = (title: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1><p>${paragraph}${title}</p><p>${paragraph}</p></article></body></html>`;

test('a folder with a WARC beside saved pages imports every page of the WARC through the same batch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-warc-'));
  const folder = join(dir, 'in');
  const archive = join(dir, 'archive');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'crawl.warc.gz'), warcFile([
    htmlResponse('https://lib.example.org/news/1.html', page('圖書館延長開放'), '2024-05-01T08:00:00Z'),
    htmlResponse('https://lib.example.org/news/2.html', page('館員安排導覽'), '2024-05-02T08:00:00Z'),
  ], { gzip: true }));
  writeFileSync(join(folder, 'saved.html'), page('另一篇保存的網頁'));
  writeFileSync(join(folder, 'index.cdxj'), 'not a page');

  const store = await ArchiveStore.open(archive);
  const report = await importPaths(store, [folder], { inProcess: extractArticle });
  assert.deepEqual(report.failed, []);
  assert.equal(report.imported.length, 3, JSON.stringify(report.imported));
  assert.ok(report.imported.some((i) => i.file.startsWith(join(folder, 'crawl.warc.gz'))));
  assert.deepEqual(report.skipped.map((s) => s.file), [join(folder, 'index.cdxj')]);
  const urls = store.list({ limit: 10 }).items.map((m) => m.url).sort();
  assert.deepEqual(urls.filter((u) => u?.startsWith('https://lib.example.org/')), ['https://lib.example.org/news/1.html', 'https://lib.example.org/news/2.html']);
  assert.equal((await store.verify()).ok, true);
  await store.close();
});

test("a WARC's pages are extracted on the worker pool, committed in archive order; a page that kills its worker or holds no article is reported, the others kept", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-warc-pool-'));
  const file = join(dir, 'crawl.warc');
  const titles = ['第一篇', '第二篇', '第三篇', '第四篇', '第五篇', '第六篇'];
  writeFileSync(file, warcFile([
    ...titles.slice(0, 2).map((t, i) => htmlResponse(`https://lib.example.org/${i}.html`, page(t))),
    htmlResponse('https://lib.example.org/crash.html', page('EXIT-WORKER')),
    htmlResponse('https://lib.example.org/empty.html', page('THROW-EXTRACT')),
    ...titles.slice(2).map((t, i) => htmlResponse(`https://lib.example.org/${i + 2}.html`, page(t))),
  ]));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  try {
    const standIn = new URL('./fixtures/standin-extract.ts', import.meta.url).href;
    const report = await importPaths(store, [file], { pool: { size: 2, extractModule: standIn } });
    // In the order of the archive, whichever worker finished first.
    assert.deepEqual(report.imported.map((i) => i.title), titles);
    assert.equal(report.failed.length, 1, JSON.stringify(report.failed));
    assert.match(report.failed[0]!.error, /import worker (stopped|crashed)/);
    assert.match(report.failed[0]!.file, /crawl\.warc@\d+$/);
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]!.reason, /^https:\/\/lib\.example\.org\/empty\.html: no article found/);
    assert.equal(store.size, 6);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
  }
});

test('a WARC counts as one file in the progress, and cancelling in the middle of its pages keeps what was committed and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'batch-warc-cancel-'));
  const file = join(dir, 'crawl.warc');
  const titles = ['第一篇', '第二篇', '第三篇', '第四篇', '第五篇', '第六篇'];
  writeFileSync(file, warcFile(titles.map((t, i) => htmlResponse(`https://lib.example.org/${i}.html`, page(t)))));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  try {
    const controller = new AbortController();
    // The store sees the cancel after its second page: that commit completes, nothing after it starts.
    const target = {
      addArticle: async (input: Parameters<ArchiveStore['addArticle']>[0]) => {
        const added = await store.addArticle(input);
        if (store.size === 2) controller.abort();
        return added;
      },
    };
    const events: { phase: string; done: number; total: number }[] = [];
    const report = await importPaths(target, [file], { inProcess: extractArticle, signal: controller.signal, onProgress: (p) => events.push(p) });
    assert.equal(report.cancelled, true);
    assert.deepEqual(report.imported.map((i) => i.title), titles.slice(0, 2));
    assert.equal(store.size, 2);
    assert.deepEqual(events.at(-1), { ...events.at(-1), phase: 'done', done: 0, total: 1 }, 'a cancelled archive is not counted as done');

    const rest = await importPaths(store, [file], { inProcess: extractArticle, onProgress: (p) => events.push(p) });
    assert.equal(rest.cancelled, false);
    assert.deepEqual(rest.imported.map((i) => i.title), titles.slice(2));
    assert.equal(rest.duplicates.length, 2);
    assert.deepEqual(events.filter((e) => e.phase === 'importing').map((e) => [e.done, e.total]), [[1, 1]], 'the whole archive is one file done');
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
  }
});
