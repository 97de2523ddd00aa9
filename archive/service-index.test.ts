import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedArticle } from './model.ts';
import { ReaderService } from './service.ts';
import { SearchIndex } from './search/index.ts';
import { ArchiveStore } from './store/store.ts';

function savedPage(dir: string, name: string, title: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p><p>${text}</p></article></body></html>`);
  return path;
}

/**
 * What a fresh search process finds: its own read-only store and index, opened after the writer's
 * call returned. `caughtUp` counts the articles it had to index from their bodies (0: the files
 * on disk were current).
 */
async function freshSearch(dir: string, query: string): Promise<{ ids: string[]; caughtUp: number }> {
  const store = await ArchiveStore.open(dir, { readOnly: true });
  const index = await SearchIndex.open(store);
  const caughtUp = index.progress().total;
  await index.ready();
  const ids = (await index.search(query)).hits.map((h) => h.id);
  await index.close();
  await store.close();
  return { ids, caughtUp };
}

test('every write through the service leaves the index on disk current before it returns, without loading it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-index-'));
  const pages = mkdtempSync(join(tmpdir(), 'service-index-pages-'));
  const store = await ArchiveStore.open(dir);
  const service = new ReaderService(store);
  try {
    const one = savedPage(pages, 'one.html', '移民新村', '移民新村的道路、水电和学校都已建成投用，村民搬进了新居。');
    const two = savedPage(pages, 'two.html', '山区教育', '山区学校的孩子们迎来了新教室，教育脱贫成效明显。');
    const report = await service.importFiles({ token: service.pathTokens.issue('import', [one, two]) });
    assert.equal(report.imported.length, 2, JSON.stringify(report));
    // The pool may finish either file first: the report's order is not the files' order.
    const idOf = (file: string): string => report.imported.find((i) => i.file === file)!.id;
    const [a, b] = [idOf(one), idOf(two)];
    assert.deepEqual(await freshSearch(dir, '新居'), { ids: [a], caughtUp: 0 });

    await service.updateArticle({ id: a, title: 'Resettlement village' });
    assert.deepEqual(await freshSearch(dir, 'resettlement'), { ids: [a], caughtUp: 0 });
    await service.removeArticles({ ids: [b] });
    assert.deepEqual(await freshSearch(dir, '新教室'), { ids: [], caughtUp: 0 });
    await service.verifyArchive({ repair: true });
    assert.deepEqual(await freshSearch(dir, '新居'), { ids: [a], caughtUp: 0 });
  } finally {
    await service.dispose();
    await store.close();
  }
});

test('a restore leaves the index of the archive it restored into current', async () => {
  const from = await ArchiveStore.open(mkdtempSync(join(tmpdir(), 'service-index-')));
  const source = new ReaderService(from);
  const pages = mkdtempSync(join(tmpdir(), 'service-index-pages-'));
  const file = join(mkdtempSync(join(tmpdir(), 'service-index-backup-')), 'archive.backup');
  const dir = mkdtempSync(join(tmpdir(), 'service-index-'));
  const into = await ArchiveStore.open(dir);
  const target = new ReaderService(into);
  try {
    await source.importFiles({ token: source.pathTokens.issue('import', [savedPage(pages, 'p.html', '港口', '港口的集装箱吞吐量创新高，航线不断加密。')]) });
    await source.backupArchive({ fileToken: source.pathTokens.issue('backup', [file]) });
    const restored = await target.restoreArchive({ fileToken: target.pathTokens.issue('restore', [file]) });
    assert.equal(restored?.articles, 1);
    const found = await freshSearch(dir, '集装箱');
    assert.equal(found.ids.length, 1);
    assert.equal(found.caughtUp, 0);
  } finally {
    await source.dispose();
    await target.dispose();
    await from.close();
    await into.close();
  }
});

test('a search waits for the index to catch up, telling how far it is, and never answers from half of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-index-'));
  const store = await ArchiveStore.open(dir);
  const text = '乡村振兴的报道：合作社带动农户增收。';
  for (let i = 0; i < 60; i++) {
    const paragraph = `${text}第${i}篇。`;
    const article: ExtractedArticle = { title: `振兴${i}`, byline: null, source: null, publishedAt: null, url: null, lang: null, html: `<p>${paragraph}</p>`, paragraphs: [paragraph], ruby: [], excerpt: null, format: 'html', charset: 'utf-8', assets: [] };
    await store.addArticle({ article, original: { bytes: new TextEncoder().encode(`page ${i}`), fileName: `${i}.html`, ext: 'html' } });
  }
  const service = new ReaderService(store);
  const progress: { done: number; total: number }[] = [];
  service.on('indexProgress', (p) => progress.push(p));
  try {
    const results = await service.search({ query: '合作社', limit: 200 });
    assert.equal(results.total, 60);
    assert.equal(results.indexing, false);
    assert.ok(progress.length >= 2, `progress events: ${JSON.stringify(progress)}`);
    assert.deepEqual(progress.at(-1), { done: 60, total: 60 });
    for (const p of progress) assert.ok(p.done <= p.total && p.total === 60, JSON.stringify(p));
  } finally {
    await service.dispose();
    await store.close();
  }
});

test('with the index loaded, each write commits its articles as one new small segment before it returns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-index-'));
  const pages = mkdtempSync(join(tmpdir(), 'service-index-pages-'));
  const store = await ArchiveStore.open(dir);
  const service = new ReaderService(store);
  const { readManifest } = await import('./search/manifest.ts');
  try {
    const one = savedPage(pages, 'one.html', '移民新村', '移民新村的道路、水电和学校都已建成投用，村民搬进了新居。');
    await service.importFiles({ token: service.pathTokens.issue('import', [one]) });
    const index = await service.searchIndex();
    await index.ready();
    const segments = (await readManifest(dir))!.segments.length;
    const two = savedPage(pages, 'two.html', '山区教育', '山区学校的孩子们迎来了新教室，教育脱贫成效明显。');
    const report = await service.importFiles({ token: service.pathTokens.issue('import', [two]) });
    const b = report.imported[0]!.id;
    const after = (await readManifest(dir))!;
    assert.equal(after.segments.length, segments + 1, 'one new segment');
    assert.equal(after.segments.at(-1)!.docs, 1, 'holding the one article imported');
    assert.deepEqual(await freshSearch(dir, '新教室'), { ids: [b], caughtUp: 0 });
    await service.removeArticles({ ids: [b] });
    assert.deepEqual(await freshSearch(dir, '新教室'), { ids: [], caughtUp: 0 });
    assert.deepEqual((await service.search({ query: '新教室' })).hits, []);
  } finally {
    await service.dispose();
    await store.close();
  }
});
