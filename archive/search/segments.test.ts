import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedArticle } from '../model.ts';
import { ArchiveStore } from '../store/store.ts';
import { baseIdentity, deltaPath, readDeltaLog } from './delta-log.ts';
import { SearchIndex } from './index.ts';
import { addPlainArticle as add, plainArticle as article } from '../testing/plain-article.ts';
import { appendStoreChanges, COMPACT_FLOOR, indexPath } from './persist.ts';

/** A writable store with `count` filler articles and their index saved as a base (no log records). */
async function archiveWithBase(count: number): Promise<{ dir: string; store: ArchiveStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'delta-test-'));
  const store = await ArchiveStore.open(dir);
  for (let i = 0; i < count; i++) await add(store, article(`Filler ${i}`, [`Weather report number ${i}: rain over the valley, 天气晴朗第${i}天。`]));
  const index = await SearchIndex.open(store);
  await index.ready();
  await index.save();
  await index.close();
  return { dir, store };
}

/**
 * Opens the index as a search process would (its own read-only store) and reports whether it had
 * anything to catch up from the body files: zero means base and log held the archive.
 */
async function openReader(dir: string): Promise<{ index: SearchIndex; caughtUp: number; close: () => Promise<void> }> {
  const store = await ArchiveStore.open(dir, { readOnly: true });
  const index = await SearchIndex.open(store);
  const caughtUp = index.progress().total;
  await index.ready();
  return { index, caughtUp, close: async () => { await index.close(); await store.close(); } };
}

const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id);

test('a torn append is ignored by readers and cut off by the next writer, whose record then reads', async () => {
  const { dir, store } = await archiveWithBase(3);
  try {
    const a = await add(store, article('河流报告', ['长江流域的防汛工作进入关键期。']));
    await appendStoreChanges(store, [a]);
    const log = deltaPath(indexPath(dir));
    // A crash halfway through the next record: its frame says more bytes than made it to disk.
    const torn = Buffer.alloc(20);
    torn.writeUInt32LE(5000, 0);
    appendFileSync(log, torn);
    const read = await readDeltaLog(log, await baseIdentity(indexPath(dir)));
    assert.deepEqual(read.records.map((r) => r.id), [a]);
    assert.equal(read.fileBytes - read.validBytes, 20);

    let reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0, 'the record before the torn tail was read from the log');
    assert.deepEqual(ids(await reader.index.search('防汛')), [a]);
    await reader.close();
    assert.equal(statSync(log).size, read.fileBytes, 'a reader never writes the log');

    const b = await add(store, article('山区学校', ['山区学校的孩子们迎来了新教室。']));
    await appendStoreChanges(store, [b]);
    reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0, 'the torn bytes were cut, so the new record follows the first');
    assert.deepEqual(ids(await reader.index.search('新教室')), [b]);
    assert.deepEqual(ids(await reader.index.search('防汛')), [a]);
    await reader.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a log left from before a compaction (a crash between the two writes) is stale and ignored', async () => {
  const { dir, store } = await archiveWithBase(2);
  try {
    const a = await add(store, article('旧闻', ['去年的洪水冲毁了桥梁。']));
    await appendStoreChanges(store, [a]);
    const log = deltaPath(indexPath(dir));
    copyFileSync(log, `${log}.before`);
    const index = await SearchIndex.open(store);
    await index.ready();
    await index.save();
    await index.close();
    copyFileSync(`${log}.before`, log);
    const reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0, 'the new base already holds what the old log had');
    assert.deepEqual(ids(await reader.index.search('洪水')), [a]);
    await reader.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a removal and a new title travel through the log', async () => {
  const { dir, store } = await archiveWithBase(2);
  try {
    const a = await add(store, article('Harbour notes', ['The ferry timetable changes in spring.']));
    const b = await add(store, article('Market day', ['Fishmongers at the harbour market.']));
    await appendStoreChanges(store, [a, b]);
    await store.update(a, { title: 'Lighthouse keepers' });
    await appendStoreChanges(store, [a]);
    await store.remove([b]);
    await appendStoreChanges(store, [b]);
    const reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0);
    assert.deepEqual(ids(await reader.index.search('lighthouse')), [a], 'the new title is indexed');
    assert.deepEqual(ids(await reader.index.search('harbour')), [], 'nor the old title nor the removed article');
    assert.deepEqual(ids(await reader.index.search('ferry')), [a]);
    assert.equal(reader.index.status().documents, 3);
    await reader.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a log past its share is folded into a new base by a process that loaded it, and the log starts over', async () => {
  const { dir, store } = await archiveWithBase(2);
  try {
    const paragraph = '各地教育部门推进义务教育优质均衡发展，改善乡村学校办学条件，加强教师队伍建设。'.repeat(400);
    const added: string[] = [];
    for (let i = 0; i < 30; i++) added.push(await add(store, article(`教育报道${i}`, [`第${i}篇。${paragraph}`])));
    await appendStoreChanges(store, added);
    const log = deltaPath(indexPath(dir));
    assert.ok(statSync(log).size > COMPACT_FLOOR, `the log holds ${statSync(log).size} bytes`);
    const baseBefore = statSync(indexPath(dir)).size;

    const index = await SearchIndex.open(store);
    assert.equal(index.progress().total, 0, 'base and log held every article');
    await index.ready();
    assert.equal(await index.persist(), true);
    await index.close();
    assert.equal(statSync(log).size, 40, 'only the header of an empty log is left');
    assert.ok(statSync(indexPath(dir)).size > baseBefore);

    const reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0);
    assert.equal((await reader.index.search('乡村学校')).total, 30);
    assert.deepEqual(ids(await reader.index.search('第7篇')), [added[7]]);
    await reader.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Bytes under search/ after logging one more article, and whether the base was rewritten. */
async function bytesForOneMore(baseArticles: number): Promise<{ written: number; baseRewritten: boolean }> {
  const { dir, store } = await archiveWithBase(baseArticles);
  try {
    const base = statSync(indexPath(dir));
    const before = base.size + (statSync(deltaPath(indexPath(dir)), { throwIfNoEntry: false })?.size ?? 0);
    const id = await add(store, article('One more article', ['移民新村的道路、水电和学校都已建成投用。'.repeat(20)]));
    const written = await appendStoreChanges(store, [id]);
    const after = statSync(indexPath(dir));
    const total = after.size + statSync(deltaPath(indexPath(dir))).size;
    assert.equal(total - before, written, 'what the append reports is what the files grew by');
    return { written, baseRewritten: after.mtimeMs !== base.mtimeMs || after.ino !== base.ino };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('logging one more article writes its own text only, whatever the size of the base', async () => {
  const small = await bytesForOneMore(5);
  const large = await bytesForOneMore(120);
  assert.equal(small.baseRewritten, false);
  assert.equal(large.baseRewritten, false);
  assert.equal(large.written, small.written, 'the same article costs the same bytes next to a base 24 times larger');
  assert.ok(small.written < 4096, `one article took ${small.written} bytes`);
});

test('a reader that had to catch up writes its result only when it can take the archive lock', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'delta-test-'));
  const writer = await ArchiveStore.open(dir);
  try {
    const a = await add(writer, article('港口', ['港口的集装箱吞吐量创新高。']));
    let reader = await openReader(dir);
    assert.equal(reader.caughtUp, 1);
    assert.deepEqual(ids(await reader.index.search('集装箱')), [a]);
    await reader.close();
    assert.equal(statSync(indexPath(dir), { throwIfNoEntry: false }), undefined, 'the writer holds the lock: nothing written');
    await writer.close();

    reader = await openReader(dir);
    assert.equal(reader.caughtUp, 1);
    await reader.close();
    assert.ok(statSync(indexPath(dir)).size > 0, 'with the lock free, the rebuilt index is saved');
    reader = await openReader(dir);
    assert.equal(reader.caughtUp, 0);
    assert.deepEqual(ids(await reader.index.search('集装箱')), [a]);
    await reader.close();
  } finally {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
