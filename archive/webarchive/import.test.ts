import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../store/store.ts';
import { htmlResponse, imageResponse, warcFile } from './fixtures.ts';
import { importPaths } from '../import/batch.ts';
import { extractArticle } from '../import/extract/index.ts';

const paragraph = '這是一段足夠長的正文，讀者應該能在閱讀器中看到它，而且圖片也應該一起保存下來。'.repeat(6);
const page = (title: string, img: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><link rel="canonical" href="https://elsewhere.example/"></head><body><article><h1>${title}</h1><p>${paragraph}</p>${img}<p>${paragraph}</p></article></body></html>`;

test('a WARC imports through the batch loop as articles with the capture url and date, and its images stored as assets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warc-import-'));
  const path = join(dir, 'crawl.warc.gz');
  writeFileSync(path, warcFile([
    htmlResponse('https://news.example.org/a/1.html', page('第一篇報導', '<img src="../img/p.png" alt="照片">'), '2024-03-01T08:00:00Z'),
    imageResponse('https://news.example.org/img/p.png', 3),
    htmlResponse('https://news.example.org/a/2.html', page('第二篇報導', ''), '2024-03-01T09:00:00Z'),
  ], { gzip: true }));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  const result = await importPaths(store, [path], { inProcess: extractArticle });
  assert.deepEqual(result.failed, []);
  assert.deepEqual(result.imported.map((i) => store.get(i.id)!.url), ['https://news.example.org/a/1.html', 'https://news.example.org/a/2.html']);
  assert.ok(result.imported.every((i) => i.file.startsWith(`${path}@`) && /@\d+$/.test(i.file)), 'each page is named by its archive and offset');
  const first = store.get(result.imported[0]!.id)!;
  assert.equal(first.url, 'https://news.example.org/a/1.html');
  assert.equal(first.captures[0]!.format, 'warc');
  assert.equal(first.assets.length, 1, 'the image became an asset');
  const body = await store.getBody(first.id);
  assert.match(body.html, /asset:[0-9a-f]{64}\.png/);
  const again = await importPaths(store, [path], { inProcess: extractArticle });
  assert.equal(again.imported.length, 0);
  assert.equal(again.duplicates.length, 2, 'the same archive twice gives duplicates');
  assert.equal((await store.verify()).ok, true);
  await store.close();
});
