import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArticleMeta, ListQuery } from '../model.ts';
import { HEAD_ROWS, writeCatalogFiles } from './catalog-file.ts';
import { CatalogShards } from './shards.ts';
import { buildArticles, writeVersion2Catalog } from './fixtures/archive-builder.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { ArchiveStore } from './store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

const TIMEOUT = { timeout: 120_000 };

function tempArchive(): string {
  return mkdtempSync(join(tmpdir(), 'shards-test-'));
}

/** An archive of `count` articles in the current format, and its records. */
async function currentArchive(count: number): Promise<{ dir: string; records: Record<string, ArticleMeta> }> {
  const dir = tempArchive();
  const catalog = buildArticles(dir, count);
  await writeCatalogFiles(dir, catalog);
  return { dir, records: catalog.articles as Record<string, ArticleMeta> };
}

/** Every shard file's inode and mtime. */
function shardStats(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const sub of ['catalog', 'provenance']) {
    for (const name of readdirSync(join(dir, sub))) {
      const s = statSync(join(dir, sub, name));
      seen.set(`${sub}/${name}`, `${s.ino}:${s.mtimeMs}`);
    }
  }
  return seen;
}

test('a compaction rewrites only the shards that changed; the others keep their inode and mtime', TIMEOUT, async () => {
  const { dir, records } = await currentArchive(60);
  const before = shardStats(dir);
  const ids = Object.keys(records);
  const retitled = ids[0]!;
  const removed = ids.find((id) => id.slice(0, 2) !== retitled.slice(0, 2))!;
  const store = await ArchiveStore.open(dir);
  await store.update(retitled, { title: 'A new title' });
  await store.remove([removed]);
  await store.close();
  const after = shardStats(dir);
  const changed = new Set([retitled.slice(0, 2), removed.slice(0, 2)]);
  for (const [file, stat] of before) {
    const prefix = file.split('/')[1]!.slice(0, 2);
    if (changed.has(prefix)) assert.notEqual(after.get(file), stat, `${file} was rewritten`);
    else assert.equal(after.get(file), stat, `${file} was left alone`);
  }
  const again = await ArchiveStore.open(dir, { readOnly: true });
  assert.equal(again.get(retitled)?.title, 'A new title');
  assert.equal(again.get(removed), undefined);
  await again.close();
  rmSync(dir, { recursive: true, force: true });
});

test('before the shards are loaded, the head answers the first page, size and facets as the whole catalog does after', TIMEOUT, async () => {
  const { dir } = await currentArchive(HEAD_ROWS + 150);
  const early = await ArchiveStore.open(dir, { readOnly: true });
  let loaded = false;
  void early.loaded.then(() => (loaded = true));
  const first = early.list({ limit: 50 });
  const second = early.list({ offset: 50, limit: 100 });
  const size = early.size;
  const facets = early.facets();
  const tagCount = early.list({ tag: '港口', limit: 0 }).total;
  assert.equal(loaded, false, 'these came from the head, before the shards were read');
  await early.loaded;
  assert.deepEqual(first, early.list({ limit: 50 }));
  assert.deepEqual(second, early.list({ offset: 50, limit: 100 }));
  assert.equal(size, early.size);
  assert.equal(size, HEAD_ROWS + 150);
  assert.deepEqual(facets, early.facets());
  assert.equal(tagCount, early.list({ tag: '港口', limit: 0 }).total);
  assert.ok(tagCount > 0);
  await early.close();
  rmSync(dir, { recursive: true, force: true });
});

test('before the shards are loaded, get(id) reads its shard, and a list the head cannot answer is read whole and correct', TIMEOUT, async () => {
  const { dir, records } = await currentArchive(HEAD_ROWS + 150);
  const queries: ListQuery[] = [{ offset: HEAD_ROWS - 10, limit: 50 }, { sort: 'title', limit: 30 }, { order: 'asc', limit: 20 }, { tag: '港口', limit: 100 }, { source: 'Harbour Times', from: '2000-01-01' }];
  const whole = await ArchiveStore.open(dir, { readOnly: true });
  await whole.loaded;
  const expected = queries.map((q) => whole.list(q));
  await whole.close();

  const ids = Object.keys(records);
  const probe = ids[ids.length - 1]!;
  const early = await ArchiveStore.open(dir, { readOnly: true });
  let loaded = false;
  void early.loaded.then(() => (loaded = true));
  assert.deepEqual(early.get(probe), records[probe], 'the record with its provenance');
  assert.equal(early.summary(probe)?.title, records[probe]!.title);
  assert.equal(early.get('ffffffffffffffff'), undefined);
  assert.equal(loaded, false, 'get(id) did not wait for the whole catalog');
  const first = early.summaries().next();
  assert.equal(first.done, false);
  assert.ok(records[first.value!.id]);
  assert.deepEqual(new Set([...early.summaries()].map((m) => m.id)), new Set(ids), 'summaries, shard by shard, are every article');
  for (const [i, q] of queries.entries()) assert.deepEqual(early.list(q), expected[i], JSON.stringify(q));
  await early.loaded;
  await early.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a crash after some shards were renamed but before the manifest: the journals are replayed over them and nothing is lost', TIMEOUT, async () => {
  const dir = tempArchive();
  let store = await ArchiveStore.open(dir);
  const ids: string[] = [];
  const add = async (i: number): Promise<void> => {
    const article = syntheticArticle(i);
    ids.push((await store.addArticle({ article, original: syntheticOriginal(i, article) })).id);
  };
  for (let i = 0; i < 5; i++) await add(i);
  await store.close();
  // The state a compaction leaves if killed just before its manifest: the old manifest, the journals, the new shards.
  store = await ArchiveStore.open(dir);
  for (let i = 5; i < 10; i++) await add(i);
  await store.update(ids[0]!, { tags: ['kept'] });
  await store.remove([ids[1]!]);
  const oldManifest = readFileSync(join(dir, 'catalog.json'));
  const journals = readdirSync(dir).filter((n) => n.startsWith('journal-'));
  const saved = journals.map((n) => [n, readFileSync(join(dir, n))] as const);
  await store.close();
  writeFileSync(join(dir, 'catalog.json'), oldManifest);
  for (const [name, bytes] of saved) writeFileSync(join(dir, name), bytes);

  store = await ArchiveStore.open(dir);
  assert.deepEqual(store.get(ids[0]!)?.tags, ['kept']);
  assert.equal(store.get(ids[1]!), undefined);
  for (const id of ids.slice(2)) assert.ok(store.get(id), id);
  assert.equal(store.size, 9);
  assert.equal((await store.verify()).ok, true);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a version-2 archive (one catalog.json, sixteen provenance files) opens read-only as it is, and is migrated at the first open for writing with its files kept in backups/', TIMEOUT, async () => {
  const dir = tempArchive();
  const catalog = buildArticles(dir, 120);
  catalog.reading = { [Object.keys(catalog.articles)[3]!]: { progress: 0.5, lastOpenedAt: '2026-01-02T03:04:05.000Z' } };
  writeVersion2Catalog(dir, catalog);
  const oldCatalog = readFileSync(join(dir, 'catalog.json'));
  const oldProvenance = readdirSync(join(dir, 'provenance')).sort();
  assert.equal(oldProvenance.length, 16);

  const reader = await ArchiveStore.open(dir, { readOnly: true });
  assert.equal(reader.size, 120);
  for (const [id, record] of Object.entries(catalog.articles)) assert.deepEqual(reader.get(id), record, id);
  await reader.close();
  assert.deepEqual(readFileSync(join(dir, 'catalog.json')), oldCatalog, 'a reader writes nothing');
  assert.equal(existsSync(join(dir, 'catalog')), false);

  const writer = await ArchiveStore.open(dir);
  await writer.close();
  const manifest = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
  assert.equal(manifest.schemaVersion, SCHEMA_VERSION);
  assert.equal(manifest.articles, undefined);
  assert.equal(Object.values(manifest.shards as Record<string, number>).reduce((a, b) => a + b, 0), 120);
  assert.deepEqual(readdirSync(join(dir, 'provenance')).filter((n) => /^[0-9a-f]\.json$/.test(n)), [], 'the old provenance files are gone');
  const backup = readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.json'));
  assert.equal(backup.length, 1);
  assert.deepEqual(readFileSync(join(dir, 'backups', backup[0]!)), oldCatalog);
  const keptProvenance = join(dir, 'backups', backup[0]!.replace(/^catalog/, 'provenance').replace(/\.json$/, ''));
  for (const name of oldProvenance) assert.ok(existsSync(join(keptProvenance, name)), `backups kept provenance/${name}`);

  const again = await ArchiveStore.open(dir);
  for (const [id, record] of Object.entries(catalog.articles)) assert.deepEqual(again.get(id), record, id);
  assert.equal(again.getReadingState(Object.keys(catalog.articles)[3]!)?.progress, 0.5);
  assert.equal((await again.verify()).ok, true);
  await again.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a damaged shard is kept aside and its newest backup is read, with a notice', TIMEOUT, async () => {
  const { dir, records } = await currentArchive(40);
  let store = await ArchiveStore.open(dir); // backs up the manifest and its shards
  await store.close();
  const prefix = Object.keys(records)[0]!.slice(0, 2);
  writeFileSync(join(dir, 'catalog', `${prefix}.json`), '{"version":1,"records":{"tor');
  store = await ArchiveStore.open(dir);
  for (const [id, record] of Object.entries(records)) assert.deepEqual(store.get(id), record, id);
  await store.loaded;
  assert.ok(store.notices.some((n) => new RegExp(`catalog/${prefix}\\.json could not be read .*kept as catalog-${prefix}\\.damaged-.*backups/catalog-[^/]+/${prefix}\\.json`).test(n)), store.notices.join('\n'));
  assert.ok(readdirSync(dir).some((n) => n.startsWith(`catalog-${prefix}.damaged-`)));
  assert.equal((await store.verify()).ok, true);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a shard of thousands of records is taken in over several turns, and one asked for meanwhile is finished at once', TIMEOUT, async () => {
  const dir = tempArchive();
  const catalog = buildArticles(dir, 1);
  const [meta] = Object.values(catalog.articles) as ArticleMeta[];
  catalog.articles = {};
  const ids: string[] = [];
  // Every id in the shard "00" (the first read), each with its own date: one shard of 2,500 records.
  for (let i = 0; i < 2500; i++) {
    const id = `00${i.toString(16).padStart(14, '0')}`;
    ids.push(id);
    catalog.articles[id] = { ...meta!, id, importedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), publishedAt: null };
  }
  await writeCatalogFiles(dir, catalog);
  // As written before row indexes: the shard is read whole, its records taken in.
  rmSync(join(dir, 'catalog', '00.rows.json'));
  const manifest = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { shards: Record<string, number> };
  const articles: Record<string, ArticleMeta> = {};
  const shards = new CatalogShards(dir, true, [], () => articles, manifest.shards, false);
  let done = false;
  const loading = shards.loadInBackground().then((result) => ((done = true), result));
  let partway = 0;
  while (!done) {
    const taken = shards.idsOf('00').length;
    if (taken > 0 && taken < ids.length) {
      partway++;
      // The oldest record is last in the file: not taken in yet.
      assert.equal(articles[ids[0]!], undefined);
      shards.ensure('00');
      assert.equal(articles[ids[0]!]?.id, ids[0]);
      assert.equal(shards.idsOf('00').length, ids.length);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(partway, 1, 'the shard was seen part way taken in');
  const result = await loading;
  assert.equal(result?.ascending.length, ids.length);
  assert.deepEqual(result?.ascending, [...ids]);
  assert.equal(Object.keys(articles).length, ids.length);
});
