import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBackup } from '../backup/backup.ts';
import { restoreBackup } from '../backup/restore.ts';
import { InvalidArgument } from '../contract.ts';
import { ReaderService } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { addPlainArticle, plainArticle } from '../testing/plain-article.ts';

const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

const paragraphs = [
  '很多用户发现电脑运行越来越慢，打开软件时提示内存不足。',
  '这条信息很重要：我的U盘坏了，里面的文件要先备份，再清理鼠标驱动和网络设置。',
];

/** An archive with one Simplified article; resolves to the open service and the article's id. */
async function archiveWithArticle(dir = tempDir('highlights-')): Promise<{ service: ReaderService; id: string; dir: string }> {
  const store = await ArchiveStore.open(dir);
  const id = await addPlainArticle(store, plainArticle('电脑内存不足怎么办', paragraphs, { lang: 'zh-CN' }));
  return { service: new ReaderService(store), id, dir };
}

const spanOf = (text: string, paragraph: number, quote: string) => {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `${quote} in ${text}`);
  return { paragraph, start, end: start + quote.length };
};

test('a highlight made in 简体 is on the same characters in 繁體 and 台灣, and survives reopening and compaction', async () => {
  const { service, id, dir } = await archiveWithArticle();
  const changed: string[][] = [];
  service.on('archiveChanged', ({ ids }) => changed.push(ids));
  const hans = await service.dispatch('getArticle', { id, script: 'hans' });
  const made = await service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor: spanOf(hans!.body.paragraphs[0]!, 0, '内存不足'), color: 'green', note: '先关掉后台程序' });
  assert.equal(made.anchor.quote, '内存不足');
  assert.equal(made.color, 'green');
  assert.deepEqual(changed, [[id]]);
  const tw = await service.dispatch('getArticle', { id, script: 'tw' });
  const [inTw] = await service.dispatch('listHighlights', { articleId: id, script: 'tw' });
  assert.equal(tw!.body.paragraphs[0]!.slice(inTw!.anchor.start, inTw!.anchor.end), '記憶體不足');
  const [inHant] = await service.dispatch('listHighlights', { articleId: id, script: 'hant' });
  assert.equal(inHant!.anchor.quote, '內存不足');
  assert.equal(service.store.get(id)?.highlightCount, 1);
  assert.equal((await service.dispatch('listArticles', {})).items[0]?.highlightCount, 1);
  await service.close();

  // Reopened: the journal line is the highlight.
  let store = await ArchiveStore.open(dir);
  assert.deepEqual(
    (await new ReaderService(store).listHighlights({ articleId: id })).map((h) => [h.id, h.anchor.quote, h.note, h.color]),
    [[made.id, '内存不足', '先关掉后台程序', 'green']],
  );
  await store.compact();
  await store.close();
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('journal-')), []);
  const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { highlights: Record<string, { id: string }[]> };
  assert.equal(catalog.highlights[id]?.[0]?.id, made.id);
  const shard = JSON.parse(readFileSync(join(dir, 'catalog', `${id.slice(0, 2)}.json`), 'utf8')) as { records: Record<string, { highlightCount?: number }> };
  assert.equal(shard.records[id]?.highlightCount, 1);

  store = await ArchiveStore.open(dir);
  const again = new ReaderService(store);
  const [kept] = await again.listHighlights({ articleId: id, script: 'hk' });
  assert.equal(kept?.anchor.quote, '內存不足');
  assert.equal((await again.verifyArchive({})).ok, true);
  assert.equal((await again.listHighlights({ articleId: id })).length, 1, 'verify leaves highlights alone');
  await again.close();
});

test('a note and a colour change, and a removal takes the highlight and its count away', async () => {
  const { service, id } = await archiveWithArticle();
  try {
    const first = await service.addHighlight({ articleId: id, script: 'original', anchor: spanOf(paragraphs[1]!, 1, 'U盘坏了'), color: 'yellow' });
    const second = await service.addHighlight({ articleId: id, script: 'tw', anchor: { paragraph: 1, start: 0, end: 2 }, color: 'pink', note: '開頭' });
    assert.equal(second.anchor.quote, '這條');
    assert.equal(service.store.get(id)?.highlightCount, 2);
    const updated = await service.updateHighlight({ id: first.id, color: 'blue', note: '换一个' });
    assert.equal(updated.color, 'blue');
    assert.equal(updated.note, '换一个');
    assert.equal(updated.createdAt, first.createdAt);
    assert.deepEqual((await service.listHighlights({ articleId: id })).map((h) => h.id), [first.id, second.id], 'an edit keeps the order');
    assert.equal(await service.removeHighlight({ id: first.id }), true);
    assert.equal(await service.removeHighlight({ id: first.id }), false);
    assert.equal(service.store.get(id)?.highlightCount, 1);
    await service.removeHighlight({ id: second.id });
    assert.equal(service.store.get(id)?.highlightCount, undefined);
    await assert.rejects(service.updateHighlight({ id: first.id, note: 'x' }), /no highlight/);
  } finally {
    await service.close();
  }
});

test('the contract refuses a highlight with a bad colour, span, id or an overlong note', async () => {
  const { service, id } = await archiveWithArticle();
  try {
    const anchor = { paragraph: 0, start: 0, end: 2 };
    await assert.rejects(service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor, color: 'red' }), /addHighlight\.color: expected one of yellow, green, blue, pink/);
    await assert.rejects(service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor: { ...anchor, end: 0 }, color: 'blue' }), InvalidArgument);
    await assert.rejects(service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor: { ...anchor, start: 0.5 }, color: 'blue' }), InvalidArgument);
    await assert.rejects(service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor, color: 'blue', note: 'x'.repeat(10_001) }), /note/);
    await assert.rejects(service.dispatch('addHighlight', { articleId: id, script: 'hans', anchor: { paragraph: 9, start: 0, end: 2 }, color: 'blue' }), /paragraph 9/);
    await assert.rejects(service.dispatch('updateHighlight', { id: '../x', note: '' }), /updateHighlight\.id: expected a highlight id/);
    await assert.rejects(service.dispatch('removeHighlight', { id: 'abc' }), InvalidArgument);
    await assert.rejects(service.dispatch('listHighlights', { articleId: id, extra: 1 }), /no such field/);
    assert.deepEqual(await service.dispatch('listHighlights', { articleId: id }), []);
  } finally {
    await service.close();
  }
});

test("a note's text is found by search, in a fresh service too, and an edited note is found by its new text only", async () => {
  const { service, id, dir } = await archiveWithArticle();
  // The index is loaded before the note is written: it must follow the change itself.
  assert.equal((await service.search({ query: '蝴蝶兰' })).total, 0);
  const made = await service.addHighlight({ articleId: id, script: 'hans', anchor: spanOf(paragraphs[0]!, 0, '软件'), color: 'yellow', note: '记得问问蝴蝶兰的事' });
  const hits = (await service.search({ query: '蝴蝶兰', waitForTotal: true })).hits;
  assert.deepEqual(hits.map((h) => h.id), [id]);
  assert.match(hits[0]!.snippet, /蝴蝶兰/);
  await service.close();

  const fresh = await ReaderService.open(dir);
  try {
    assert.deepEqual((await fresh.search({ query: '蝴蝶蘭', waitForTotal: true })).hits.map((h) => h.id), [id], 'found across scripts');
    await fresh.updateHighlight({ id: made.id, note: '改成郁金香' });
    assert.deepEqual((await fresh.search({ query: '郁金香', waitForTotal: true })).hits.map((h) => h.id), [id]);
    assert.equal((await fresh.search({ query: '蝴蝶兰', waitForTotal: true })).total, 0);
  } finally {
    await fresh.close();
  }
  // A process that never loaded the index (like the CLI) logged the change for the next one.
  const third = await ReaderService.open(dir);
  try {
    assert.deepEqual((await third.search({ query: '郁金香', waitForTotal: true })).hits.map((h) => h.id), [id]);
  } finally {
    await third.close();
  }
});

test('highlights go into a backup and come back with a restore, checked like every record', async () => {
  const { service, id } = await archiveWithArticle();
  const made = await service.addHighlight({ articleId: id, script: 'hant', anchor: { paragraph: 1, start: 0, end: 4 }, color: 'blue', note: '備份裡也有' });
  const file = join(tempDir('highlights-backup-'), 'archive.tar');
  await writeBackup(service.store, file);
  await service.close();
  const target = tempDir('highlights-restored-');
  const result = await restoreBackup(target, file);
  assert.equal(result.articles, 1);
  const restored = await ReaderService.open(target);
  try {
    const [back] = await restored.listHighlights({ articleId: id });
    assert.deepEqual(back, { ...made, anchor: { ...back!.anchor } });
    assert.equal(back?.anchor.quote, '这条信息');
    assert.equal(restored.store.get(id)?.highlightCount, 1);
    assert.deepEqual((await restored.search({ query: '備份裡也有', waitForTotal: true })).hits.map((h) => h.id), [id]);
  } finally {
    await restored.close();
  }
});

test('the OpenSearch export carries the highlights of each article with their notes', async () => {
  const { service, id, dir } = await archiveWithArticle();
  const made = await service.dispatch('addHighlight', { articleId: id, script: 'original', anchor: spanOf(paragraphs[1]!, 1, 'U盘坏了'), color: 'pink', note: '备份要趁早' });
  const out = join(dir, 'bulk.ndjson');
  const fileToken = service.pathTokens.issue('export', [out]);
  const written = await service.dispatch('exportBulk', { fileToken });
  assert.equal(written.articles, 1);
  const [, doc] = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { highlights?: { id: string; quote: string; note: string; color: string }[] });
  assert.deepEqual(doc!.highlights!.map((h) => [h.id, h.quote, h.note, h.color]), [[made.id, 'U盘坏了', '备份要趁早', 'pink']]);
  await service.close();
});
