import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArticleMeta, ListQuery } from '../model.ts';
import { shardOf, writeCatalogFiles } from './catalog-file.ts';
import { buildArticles } from './fixtures/archive-builder.ts';
import { CatalogShards } from './shards.ts';
import { ArchiveStore } from './store.ts';

const TIMEOUT = { timeout: 120_000 };

/** An archive of `count` articles with row indexes, some whole-page, highlighted, tagged or of several captures. */
async function indexedArchive(count: number): Promise<{ dir: string; records: Record<string, ArticleMeta> }> {
  const dir = mkdtempSync(join(tmpdir(), 'rows-test-'));
  const catalog = buildArticles(dir, count);
  const records = catalog.articles as Record<string, ArticleMeta>;
  Object.values(records).forEach((meta, i) => {
    if (i % 11 === 0) meta.extraction = 'whole-page';
    if (i % 13 === 0) meta.highlightCount = 2;
    if (i % 5 === 0) meta.publishedAt = null;
    if (i % 17 === 0) meta.captures = [...meta.captures, { ...meta.captures[0]!, sha256: `${meta.captures[0]!.sha256.slice(0, 60)}ffff` }];
  });
  await writeCatalogFiles(dir, catalog);
  return { dir, records };
}

function rowsFiles(dir: string): string[] {
  return readdirSync(join(dir, 'catalog')).filter((n) => n.endsWith('.rows.json') || n.endsWith('.titles.json'));
}

const QUERIES: ListQuery[] = [
  {}, { order: 'asc' }, { offset: 37, limit: 20 }, { sort: 'importedAt' }, { sort: 'source' }, { sort: 'title', limit: 30 },
  { tag: '港口' }, { lang: 'zh' }, { from: '2015-01-01', to: '2020-12-31' }, { extraction: 'whole-page' },
  { collection: 'needs-review' }, { collection: 'highlighted' }, { collection: 'recent' }, { tag: '港口', limit: 0 },
];

test('a catalog with row indexes loads without reading its records, and lists, filters and counts as one read whole', TIMEOUT, async () => {
  const { dir, records } = await indexedArchive(400);
  const whole = mkdtempSync(join(tmpdir(), 'rows-test-whole-'));
  try {
    assert.ok(rowsFiles(dir).length > 100, 'a row index beside every shard written');
    // The same archive as written before row indexes: every shard read whole.
    cpSync(dir, whole, { recursive: true });
    for (const name of rowsFiles(whole)) rmSync(join(whole, 'catalog', name));

    const manifest = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { shards: Record<string, number> };
    const articles: Record<string, ArticleMeta> = {};
    const shards = new CatalogShards(dir, true, [], () => articles, manifest.shards, false);
    const loaded = await shards.loadInBackground();
    assert.equal(loaded?.ascending.length, 400);
    assert.equal(Object.keys(articles).length, 0, 'no record was read');
    assert.equal(shards.known, true);
    assert.equal(shards.complete, false);
    // A sort by title reads the titles files, not the records.
    shards.readTitles();
    assert.equal(Object.keys(articles).length, 0, 'no record was read for the titles');
    const titled = Object.keys(records).find((id) => shards.fields(id)?.title === records[id]!.title);
    assert.ok(titled, 'the titles are read');

    const a = await ArchiveStore.open(dir, { readOnly: true });
    const b = await ArchiveStore.open(whole, { readOnly: true });
    await a.loaded;
    await b.loaded;
    for (const query of QUERIES) assert.deepEqual(a.list(query), b.list(query), JSON.stringify(query));
    assert.deepEqual(a.facets(), b.facets());
    assert.equal(a.size, b.size);
    const some = Object.keys(records).slice(0, 25);
    for (const id of some) {
      const meta = records[id]!;
      assert.deepEqual(a.summary(id), b.summary(id));
      assert.equal(a.dateOf(id), meta.publishedAt ?? meta.importedAt);
      const fields = a.filterFields(id)!;
      assert.deepEqual([fields.id, fields.source, fields.lang, fields.publishedAt, fields.importedAt, fields.tags, fields.extraction, fields.highlightCount], [meta.id, meta.source, meta.lang, meta.publishedAt, meta.importedAt, meta.tags, meta.extraction, meta.highlightCount]);
    }
    assert.equal(a.summary('ffffffffffffffff'), undefined);
    assert.deepEqual([...a.ids()].sort(), Object.keys(records).sort());
    // A reader's record with provenance, and every summary, as before.
    assert.deepEqual(a.get(some[0]!), b.get(some[0]!));
    assert.deepEqual([...a.summaries()].map((m) => m.id).sort(), Object.keys(records).sort());
    await a.close();
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(whole, { recursive: true, force: true });
  }
});

test('a write to an article known by its row index reads its shard first; the compaction writes the shard and a fresh index', TIMEOUT, async () => {
  const { dir, records } = await indexedArchive(120);
  try {
    const ids = Object.keys(records);
    const [retitled, read, removed] = [ids[3]!, ids[40]!, ids[77]!];
    const store = await ArchiveStore.open(dir);
    await store.loaded;
    await store.update(retitled, { title: 'Retitled while indexed' });
    await store.saveReadingState(read, 0.25);
    await store.remove([removed]);
    assert.equal(store.summary(retitled)?.title, 'Retitled while indexed');
    assert.equal(store.get(removed), undefined);
    assert.equal(store.list({ limit: 1000 }).items.length, 119);
    assert.equal(store.list({ limit: 1000 }).items.find((r) => r.id === retitled)?.title, 'Retitled while indexed');
    // A filtered list reads rows by their place in the loaded order: those of shards read since, by id.
    await store.update(ids[7]!, { tags: ['港口'] });
    const tagged = Object.values(records).filter((m) => m.id !== removed && (m.tags.includes('港口') || m.id === ids[7])).map((m) => m.id);
    assert.deepEqual(store.list({ tag: '港口', limit: 1000 }).items.map((r) => r.id).sort(), tagged.sort());
    assert.deepEqual(store.list({ collection: 'needs-review', limit: 1000 }).items.map((r) => r.id).sort(), Object.values(records).filter((m) => m.id !== removed && m.extraction === 'whole-page').map((m) => m.id).sort());
    await store.compact();
    await store.close();

    for (const prefix of new Set([shardOf(retitled), shardOf(removed)])) {
      const shard = readFileSync(join(dir, 'catalog', `${prefix}.json`), 'utf8');
      const rows = JSON.parse(readFileSync(join(dir, 'catalog', `${prefix}.rows.json`), 'utf8')) as { stamp: string; ids: string[] };
      assert.ok(shard.startsWith(`{"stamp":"${rows.stamp}"`), `${prefix}: the index is the shard's`);
      assert.deepEqual(rows.ids, Object.keys(JSON.parse(shard).records));
    }
    const again = await ArchiveStore.open(dir, { readOnly: true });
    await again.loaded;
    assert.equal(again.list({ limit: 1000 }).items.find((r) => r.id === retitled)?.title, 'Retitled while indexed');
    assert.equal(again.summary(removed), undefined);
    assert.equal(again.getReadingState(read)?.progress, 0.25);
    assert.equal(again.size, 119);
    const report = await again.verify();
    // The second captures this fixture made up have no original file: the only problem.
    assert.deepEqual(report.problems.filter((p) => !(p.kind === 'missing-file' && p.path.startsWith('originals/') && p.path.includes('ffff'))), []);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a row index that is not its shard’s (a crash between the two renames, or an older app) is not used', TIMEOUT, async () => {
  const { dir, records } = await indexedArchive(80);
  try {
    const id = Object.keys(records)[5]!;
    const rowsPath = join(dir, 'catalog', `${shardOf(id)}.rows.json`);
    const before = readFileSync(rowsPath);
    const store = await ArchiveStore.open(dir);
    await store.update(id, { title: 'A title much longer than the one the old index measured the bytes of' });
    await store.close();
    // The shard renamed into place, the crash before its index was.
    writeFileSync(rowsPath, before);

    const again = await ArchiveStore.open(dir, { readOnly: true });
    await again.loaded;
    const rows = again.list({ limit: 1000 }).items;
    assert.equal(rows.length, 80);
    assert.equal(rows.find((r) => r.id === id)?.title, 'A title much longer than the one the old index measured the bytes of');
    for (const row of rows) assert.equal(row.title, again.get(row.id)?.title);
    await again.close();

    // A shard rewritten by an older app, without a stamp: read whole; a writer gives it an index at its next compaction.
    const shardPath = join(dir, 'catalog', `${shardOf(id)}.json`);
    const shard = JSON.parse(readFileSync(shardPath, 'utf8')) as { stamp?: string };
    delete shard.stamp;
    writeFileSync(shardPath, JSON.stringify(shard));
    const writer = await ArchiveStore.open(dir);
    await writer.loaded;
    assert.equal(writer.summary(id)?.title, 'A title much longer than the one the old index measured the bytes of');
    await writer.compact();
    await writer.close();
    const stamp = (JSON.parse(readFileSync(rowsPath, 'utf8')) as { stamp: string }).stamp;
    assert.ok(readFileSync(shardPath, 'utf8').startsWith(`{"stamp":"${stamp}"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows not in the default order are sorted on load, and their places are not taken for rows', TIMEOUT, async () => {
  const { dir } = await indexedArchive(200);
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { shards: Record<string, number> };
    const [prefix] = Object.entries(manifest.shards).sort((a, b) => b[1] - a[1])[0]!;
    const path = join(dir, 'catalog', `${prefix}.rows.json`);
    const rows = JSON.parse(readFileSync(path, 'utf8')) as { ids: string[]; imported: string[]; published: number[] };
    assert.ok(rows.ids.length >= 2);
    // Oldest first: the opposite of the order a shard keeps.
    rows.imported = rows.imported.map((_, r) => new Date(Date.UTC(2020, 0, 1) + r * 60_000).toISOString());
    rows.published = rows.published.map(() => -1);
    writeFileSync(path, JSON.stringify(rows));

    const articles: Record<string, ArticleMeta> = {};
    const shards = new CatalogShards(dir, true, [], () => articles, manifest.shards, false);
    const loaded = (await shards.loadInBackground())!;
    const place = new Map(loaded.ascending.map((id, k) => [id, k]));
    const mine = loaded.ascending.filter((id) => id.startsWith(prefix));
    assert.deepEqual(mine, [...rows.ids], 'sorted by their dates, oldest first in ascending order');
    for (const id of rows.ids) assert.equal(loaded.locs[place.get(id)!], -1, `${id}: no row location once its run was sorted`);
    const other = loaded.ascending.find((id) => !id.startsWith(prefix))!;
    const loc = loaded.locs[place.get(other)!]!;
    assert.ok(loc >= 0);
    assert.equal(shards.fieldsAt(loc)?.id, other);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
