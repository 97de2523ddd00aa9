import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgument, MAX_ARTICLES_AT_ONCE, channels, readerMethods, argumentChecks } from './contract.ts';
import type { ImportProgress, ImportReport } from './import/types.ts';
import { ReaderService } from './service.ts';
import { ArchiveStore } from './store/store.ts';

async function serviceIn(dir = mkdtempSync(join(tmpdir(), 'service-test-'))): Promise<{ service: ReaderService; store: ArchiveStore; dir: string }> {
  const store = await ArchiveStore.open(dir);
  return { service: new ReaderService(store), store, dir };
}

function savedPage(dir: string, name: string, title: string, paragraphs: string[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`,
  );
  return path;
}

const traditional = [
  '全市教育系統深入貫徹落實關於打贏教育脫貧攻堅戰的決策部署，聚焦義務教育有保障的目標任務，狠抓控輟保學。',
  '在鄉村教師隊伍建設方面，我們招聘特崗教師兩千餘名，完成市級以上教師培訓七萬餘人次，縣域內教師交流輪崗。',
  '關於各類教育資助政策的落實情況，一直以來我們不斷完善從學前教育到高等教育家庭經濟困難學生的資助政策體系。',
];

test('every contract method has a channel and an argument check, and the service implements it', () => {
  const { prototype } = ReaderService;
  for (const method of readerMethods) {
    assert.equal(channels[method], `reader:${method}`);
    assert.equal(typeof argumentChecks[method], 'function', method);
    assert.equal(typeof (prototype as unknown as Record<string, unknown>)[method], 'function', method);
  }
});

test('dispatch refuses malformed arguments before the service sees them', async () => {
  const { service, store } = await serviceIn();
  try {
    await assert.rejects(service.dispatch('getArticle', { id: '../../etc/passwd' }), InvalidArgument);
    await assert.rejects(service.dispatch('listArticles', { limit: 1e9 }), /listArticles\.limit: expected a number from 0 to 1000/);
    await assert.rejects(service.dispatch('updateSettings', { fontSize: 99 }), /fontSize/);
    await assert.rejects(service.dispatch('updateSettings', { evil: true }), /updateSettings\.evil: expected no such field/);
    await assert.rejects(service.dispatch('search', { query: 42 }), InvalidArgument);
    await assert.rejects(service.dispatch('listArticles', { extraction: 'guessed' }), /listArticles\.extraction/);
    assert.deepEqual((await service.dispatch('listArticles', {})).items, []);
    assert.deepEqual((await service.dispatch('listArticles', { extraction: 'whole-page' })).items, []);
  } finally {
    await service.dispose();
    await store.close();
  }
});

test('an import through the service reports progress, lists the article, converts it and finds it across scripts', async () => {
  const { service, store, dir } = await serviceIn();
  const pages = mkdtempSync(join(tmpdir(), 'service-pages-'));
  mkdirSync(join(pages, 'nested'));
  savedPage(join(pages, 'nested'), 'news.html', '打贏教育脫貧攻堅戰', traditional);
  writeFileSync(join(pages, 'notes.xyz'), 'not a page');
  const progress: ImportProgress[] = [];
  const changed: string[] = [];
  service.on('importProgress', (p) => progress.push(p));
  service.on('archiveChanged', ({ ids }) => changed.push(...ids));
  // Whoever starts an import (the window, the menu, a drop), the window gets its whole report.
  const finished: { report: ImportReport; afterProgress: string | undefined }[] = [];
  service.on('importFinished', (report) => finished.push({ report, afterProgress: progress.at(-1)?.phase }));
  try {
    const report = await service.dispatch('importFiles', { token: service.pathTokens.issue('import', [pages]) });
    assert.equal(report.imported.length, 1, JSON.stringify(report));
    assert.equal(report.skipped.length, 1);
    assert.deepEqual(finished, [{ report, afterProgress: 'done' }]);
    const id = report.imported[0]!.id;
    assert.deepEqual(changed, [id]);
    assert.equal(progress.at(-1)?.phase, 'done');
    assert.equal(progress.at(-1)?.imported, 1);

    const page = await service.dispatch('listArticles', {});
    assert.deepEqual(page.items.map((m) => m.id), [id]);
    const original = await service.dispatch('getArticle', { id });
    assert.ok(original?.body.paragraphs.join('').includes('脫貧'));
    const hans = await service.dispatch('getArticle', { id, script: 'hans' });
    assert.equal(hans?.meta.title, '打赢教育脱贫攻坚战');
    assert.equal(hans?.meta.lang, 'zh-Hans');
    assert.ok(hans?.body.paragraphs.join('').includes('脱贫'));
    assert.ok(!hans?.body.html.includes('脫貧'));

    const found = await service.dispatch('search', { query: '教育脱贫', script: 'hans' });
    assert.deepEqual(found.hits.map((h) => h.id), [id]);
    assert.match(found.hits[0]!.snippetHtml, /<mark>教育脱贫<\/mark>/);

    await service.dispatch('removeArticles', { ids: [id] });
    assert.deepEqual((await service.dispatch('search', { query: '教育脫貧' })).hits, []);
    assert.equal((await service.dispatch('verifyArchive', {})).ok, true);
  } finally {
    await service.dispose();
    await store.close();
  }
  assert.ok(dir);
});

test('a second import while one runs is refused; cancelImport with none running says so', async () => {
  const { service, store } = await serviceIn();
  try {
    assert.equal(await service.dispatch('cancelImport', {}), false);
    const pages = mkdtempSync(join(tmpdir(), 'service-pages-'));
    for (let i = 0; i < 3; i++) savedPage(pages, `p${i}.html`, `第${i}篇`, traditional.map((p) => `${p}${i}`));
    const first = service.dispatch('importFiles', { token: service.pathTokens.issue('import', [pages]) });
    await assert.rejects(service.dispatch('importFiles', { token: service.pathTokens.issue('import', [pages]) }), /already running/);
    const report = await first;
    assert.equal(report.imported.length + report.duplicates.length, 3);
  } finally {
    await service.dispose();
    await store.close();
  }
});

test('settings changes are announced to the window', async () => {
  const { service, store } = await serviceIn();
  const seen: number[] = [];
  service.on('settingsChanged', (s) => seen.push(s.fontSize));
  try {
    await service.dispatch('updateSettings', { fontSize: 22 });
    assert.deepEqual(seen, [22]);
    assert.equal((await service.dispatch('getSettings', {})).fontSize, 22);
  } finally {
    await service.dispose();
    await store.close();
  }
});

test('backup and restore through the service: the whole archive into another, and a cancelled dialog changes nothing', async () => {
  const from = await serviceIn();
  const to = await serviceIn();
  try {
    const { syntheticArticle, syntheticOriginal } = await import('./testing/synthetic.ts');
    for (let i = 0; i < 3; i++) {
      const article = syntheticArticle(3000 + i);
      await from.store.addArticle({ article, original: syntheticOriginal(3000 + i, article) });
    }
    assert.equal(await from.service.dispatch('backupArchive', {}), null, 'no host dialog: nothing written');
    const file = join(mkdtempSync(join(tmpdir(), 'service-backup-')), 'all.backup');
    const progress: string[] = [];
    for (const s of [from, to]) s.service.on('backupProgress', (p) => progress.push(p.task));
    const written = await from.service.dispatch('backupArchive', { fileToken: from.service.pathTokens.issue('backup', [file]) });
    assert.equal(written?.articles, 3);
    const restored = await to.service.dispatch('restoreArchive', { fileToken: to.service.pathTokens.issue('restore', [file]) });
    assert.deepEqual([...new Set(progress)], ['backup', 'restore-check', 'restore-write']);
    assert.equal(restored?.articles, 3);
    assert.deepEqual(restored?.conflicts, []);
    assert.deepEqual(
      (await to.service.dispatch('listArticles', {})).items.map((m) => m.id).sort(),
      (await from.service.dispatch('listArticles', {})).items.map((m) => m.id).sort(),
    );
  } finally {
    for (const s of [from, to]) {
      await s.service.dispose();
      await s.store.close();
    }
  }
});

test('getArticles answers several ids in their order, each as getArticle shows it in the script, null where none; more than the limit is refused', async () => {
  const { service, store } = await serviceIn();
  try {
    const { syntheticArticle, syntheticOriginal } = await import('./testing/synthetic.ts');
    const ids: string[] = [];
    for (let i = 0; ids.length < 2; i++) {
      const article = syntheticArticle(i);
      if (article.lang !== 'zh-Hant') continue;
      ids.push((await store.addArticle({ article, original: syntheticOriginal(i, article) })).id);
    }
    const missing = 'f'.repeat(16);
    const views = await service.dispatch('getArticles', { ids: [ids[1]!, missing, ids[0]!], script: 'hans' });
    assert.deepEqual(views.map((v) => v?.meta.id ?? null), [ids[1], null, ids[0]]);
    for (const [k, id] of [ids[1]!, ids[0]!].entries()) {
      const one = await service.dispatch('getArticle', { id, script: 'hans' });
      const view = views[k === 0 ? 0 : 2]!;
      assert.equal(view.meta.lang, 'zh-Hans');
      assert.deepEqual([view.meta.title, view.meta.byline, view.meta.source, view.body.html], [one?.meta.title, one?.meta.byline, one?.meta.source, one?.body.html]);
    }
    await assert.rejects(service.dispatch('getArticles', { ids: Array.from({ length: MAX_ARTICLES_AT_ONCE + 1 }, () => missing) }), /getArticles\.ids: expected a list of at most 200/);
    await assert.rejects(service.dispatch('getArticles', { ids: ['../x'] }), /getArticles\.ids\[0\]: expected an article id/);

    const progress: { done: number; total: number }[] = [];
    service.on('verifyProgress', (p) => progress.push(p));
    assert.equal((await service.dispatch('verifyArchive', {})).ok, true);
    assert.deepEqual(progress.at(-1), { done: 2, total: 2 });
  } finally {
    await service.close();
  }
});

test('checkBackup reads a backup whole and changes nothing: a sound one is counted, a damaged one refused with the reason', async () => {
  const from = await serviceIn();
  try {
    const { syntheticArticle, syntheticOriginal } = await import('./testing/synthetic.ts');
    for (let i = 0; i < 2; i++) {
      const article = syntheticArticle(3100 + i);
      await from.store.addArticle({ article, original: syntheticOriginal(3100 + i, article) });
    }
    const file = join(mkdtempSync(join(tmpdir(), 'service-check-')), 'all.backup');
    const written = await from.service.dispatch('backupArchive', { fileToken: from.service.pathTokens.issue('backup', [file]) });
    const checked = await from.service.dispatch('checkBackup', { fileToken: from.service.pathTokens.issue('restore', [file]) });
    assert.deepEqual(checked, { articles: 2, bytes: written?.bytes });
    const bytes = readFileSync(file);
    bytes[bytes.length - 3000] = bytes[bytes.length - 3000]! ^ 0x40;
    writeFileSync(`${file}.bad`, bytes);
    await assert.rejects(from.service.dispatch('checkBackup', { fileToken: from.service.pathTokens.issue('restore', [`${file}.bad`]) }), /cannot be restored/);
    await assert.rejects(from.service.dispatch('checkBackup', { fileToken: from.service.pathTokens.issue('backup', [file]) }), /issued to backup, not to restore/);
  } finally {
    await from.service.close();
  }
});
