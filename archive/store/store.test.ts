import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore, bodyRelPath, originalRelPath } from './store.ts';
import { ArchiveError } from './errors.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { sha256 } from './durable.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

/** The record of `id` in its summary shard (`catalog`) or provenance shard (`provenance`) on disk. */
function shardRecord(dir: string, kind: 'catalog' | 'provenance', id: string): Record<string, unknown> | undefined {
  return (JSON.parse(readFileSync(join(dir, kind, `${id.slice(0, 2)}.json`), 'utf8')) as { records: Record<string, Record<string, unknown>> }).records[id];
}

function tempArchive(): string {
  return mkdtempSync(join(tmpdir(), 'store-test-'));
}

async function addN(store: ArchiveStore, from: number, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + n; i++) {
    const article = syntheticArticle(i);
    ids.push((await store.addArticle({ article, original: syntheticOriginal(i, article) })).id);
  }
  return ids;
}

test('an added article survives close and reopen, with its body and original byte for byte', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const article = syntheticArticle(1);
  const original = syntheticOriginal(1, article);
  const result = await store.addArticle({ article, original });
  assert.equal(result.status, 'added');
  await store.close();

  const again = await ArchiveStore.open(dir);
  const meta = again.get(result.id);
  assert.ok(meta);
  assert.equal(meta.title, article.title);
  assert.equal(meta.captures.length, 1);
  const body = await again.getBody(result.id);
  assert.deepEqual(body.paragraphs, article.paragraphs);
  assert.deepEqual(new Uint8Array(await again.readOriginal(meta.captures[0]!)), original.bytes);
  await again.close();
});

test('identical bytes imported twice give one article, reported as a duplicate of the first', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const article = syntheticArticle(2);
  const first = await store.addArticle({ article, original: syntheticOriginal(2, article) });
  const second = await store.addArticle({ article, original: syntheticOriginal(2, article) });
  assert.equal(second.status, 'duplicate');
  assert.equal(second.id, first.id);
  assert.equal(store.size, 1);
  await store.close();
});

test('the same text in other bytes becomes another capture of the existing article', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const article = syntheticArticle(3);
  const first = await store.addArticle({ article, original: syntheticOriginal(3, article) });
  const other = { bytes: new TextEncoder().encode(`<!-- saved again -->${article.html}`), fileName: 'again.html', ext: 'html' };
  const second = await store.addArticle({ article: { ...article, paragraphs: article.paragraphs.map((p) => ` ${p}  `) }, original: other });
  assert.equal(second.status, 'capture');
  assert.equal(second.id, first.id);
  assert.equal(store.size, 1);
  assert.equal(store.get(first.id)?.captures.length, 2);
  assert.equal(store.get(first.id)?.captures[1]?.fileName, 'again.html');
  await store.close();
});

test('list sorts newest first by default, filters and pages', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  await addN(store, 10, 30);
  const page = store.list({ limit: 10 });
  assert.equal(page.total, 30);
  assert.equal(page.items.length, 10);
  const dates = page.items.map((m) => m.publishedAt ?? '');
  assert.deepEqual(dates, [...dates].sort().reverse());
  const second = store.list({ limit: 10, offset: 10 });
  assert.ok(second.items.every((m) => !page.items.includes(m)));
  const source = page.items[0]!.source!;
  const bySource = store.list({ source, limit: 1000 });
  assert.ok(bySource.items.length > 0);
  assert.ok(bySource.items.every((m) => m.source === source));
  assert.equal(bySource.total, bySource.items.length);
  const byTitle = store.list({ sort: 'title', limit: 1000 }).items.map((m) => m.title.toLowerCase());
  assert.deepEqual(byTitle, [...byTitle].sort());
  const from = '2015-01-01';
  assert.ok(store.list({ from, limit: 1000 }).items.every((m) => (m.publishedAt ?? '') >= from));
  await store.close();
});

test('update, remove, reading state and settings persist; removal deletes the files', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const [a, b] = await addN(store, 50, 2);
  await store.update(a!, { title: '新的標題', tags: ['教育', ' 教育 ', 'news'] });
  await store.saveReadingState(a!, 0.42);
  await store.updateSettings({ fontSize: 24, script: 'hans' });
  const removedMeta = store.get(b!)!;
  assert.deepEqual(await store.remove([b!, 'no-such-id']), [b!]);
  assert.equal(existsSync(join(dir, bodyRelPath(b!))), false);
  assert.equal(existsSync(join(dir, originalRelPath(removedMeta.captures[0]!))), false);
  await store.close();

  const again = await ArchiveStore.open(dir);
  assert.equal(again.get(a!)?.title, '新的標題');
  assert.deepEqual(again.get(a!)?.tags, ['教育', 'news']);
  assert.equal(again.getReadingState(a!)?.progress, 0.42);
  assert.equal(again.getSettings().fontSize, 24);
  assert.equal(again.getSettings().script, 'hans');
  assert.equal(again.get(b!), undefined);
  assert.equal((await again.verify()).ok, true);
  await again.close();
});

test('saving reading state appends to the journal and leaves catalog.json untouched', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const [id] = await addN(store, 60, 1);
  await store.compact();
  const before = readFileSync(join(dir, 'catalog.json'));
  for (let i = 1; i <= 20; i++) await store.saveReadingState(id!, i / 20);
  assert.deepEqual(readFileSync(join(dir, 'catalog.json')), before);
  const journal = readdirSync(dir).filter((n) => n.startsWith('journal-'));
  assert.equal(journal.length, 1);
  assert.equal(readFileSync(join(dir, journal[0]!), 'utf8').trim().split('\n').length, 20);
  await store.close();
});

test('a second writer is refused with a message naming the holder', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  await assert.rejects(ArchiveStore.open(dir), (error: unknown) => {
    assert.ok(error instanceof ArchiveError);
    assert.equal(error.kind, 'locked');
    assert.match(error.message, /in use by .* \(process \d+/);
    return true;
  });
  const reader = await ArchiveStore.open(dir, { readOnly: true });
  assert.equal(reader.size, 0);
  await reader.close();
  await store.close();
  const after = await ArchiveStore.open(dir);
  await after.close();
});

test('a stale lock left by a dead process is taken over, with a notice', async () => {
  const dir = tempArchive();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: Number(dead.stdout), host: (await import('node:os')).hostname(), startedAt: 'then', app: 'crashed app' }));
  const store = await ArchiveStore.open(dir);
  assert.ok(store.notices.some((n) => /lock left by crashed app .* no longer running/.test(n)));
  await store.close();
});

for (const [name, damage] of [
  ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
  ['garbage', () => '\u0000\u00ff not json at all {{{'],
] as const) {
  test(`a ${name} catalog.json is kept aside and the newest good backup is opened, with a notice`, async () => {
    const dir = tempArchive();
    let store = await ArchiveStore.open(dir);
    const first = await addN(store, 100, 5);
    await store.close();
    store = await ArchiveStore.open(dir); // this open backs up the good catalog
    const later = await addN(store, 200, 3);
    await store.close();
    const catalog = join(dir, 'catalog.json');
    const bad = damage(readFileSync(catalog, 'utf8'));
    writeFileSync(catalog, bad);

    store = await ArchiveStore.open(dir);
    assert.ok(store.notices.some((n) => /catalog\.json could not be read .*kept as catalog\.damaged-.*opened from backups\/catalog-/.test(n)), store.notices.join('\n'));
    const kept = readdirSync(dir).find((n) => n.startsWith('catalog.damaged-'));
    assert.ok(kept);
    assert.equal(readFileSync(join(dir, kept), 'utf8'), bad);
    for (const id of [...first, ...later]) assert.ok(store.get(id), `article ${id} is back`);
    assert.equal((await store.verify()).ok, true);
    await store.close();
  });
}

test('NODE_ENV=test does not switch the catalog to memory: another process sees the data on disk', async () => {
  const dir = tempArchive();
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'test';
  try {
    const store = await ArchiveStore.open(dir);
    const [id] = await addN(store, 300, 1);
    await store.close();
    assert.ok(shardRecord(dir, 'catalog', id!));
    const script = `import('${join(import.meta.dirname, 'store.ts')}').then(async ({ ArchiveStore }) => { const s = await ArchiveStore.open(process.argv[1], { readOnly: true }); process.stdout.write(JSON.stringify(s.list({}).items.map((m) => m.id))); await s.close(); })`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, dir], { env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [id]);
  } finally {
    process.env.NODE_ENV = previous;
  }
});

test('verify finds missing files and checksum mismatches, and removes orphans', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  const [a, b] = await addN(store, 400, 2);
  const metaA = store.get(a!)!;
  rmSync(join(dir, originalRelPath(metaA.captures[0]!)));
  writeFileSync(join(dir, bodyRelPath(b!)), '{"tampered":true}');
  writeFileSync(join(dir, 'originals', `${'0'.repeat(64)}.html`), 'left by a crash');
  const report = await store.verify();
  assert.equal(report.ok, false);
  const kinds = report.problems.map((p) => `${p.kind}:${p.id ?? p.path}`).sort();
  assert.deepEqual(kinds, [`checksum-mismatch:${b}`, `missing-file:${a}`, `orphan-file:${join('originals', `${'0'.repeat(64)}.html`)}`].sort());
  assert.equal(existsSync(join(dir, 'originals', `${'0'.repeat(64)}.html`)), false);
  await store.close();
});

test('a catalog of an older schema is migrated; one from a newer app is refused', async () => {
  const dir = tempArchive();
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ schemaVersion: 0, settings: {}, articles: {} }));
  const store = await ArchiveStore.open(dir);
  assert.equal(store.stats().schemaVersion, SCHEMA_VERSION);
  await store.close();
  assert.equal(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')).schemaVersion, SCHEMA_VERSION);

  const newer = tempArchive();
  writeFileSync(join(newer, 'catalog.json'), JSON.stringify({ schemaVersion: 99, settings: {}, articles: {}, reading: {}, journalGen: 0 }));
  await assert.rejects(ArchiveStore.open(newer), /schema version 99; .* update the app/);
});

test('changes made while the catalog is being compacted are not lost', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir, { compactAfter: 1_000_000 });
  const before = await addN(store, 500, 40);
  const compaction = store.compact();
  const during = await addN(store, 600, 10);
  await compaction;
  await store.close();
  const again = await ArchiveStore.open(dir, { readOnly: true });
  for (const id of [...before, ...during]) assert.ok(again.get(id));
  await again.close();
});

test('damaged provenance is kept aside and comes back from the backup and the body files', async () => {
  // Two articles of one shard: one there when the backup is made, one added after it.
  const shardOfIndex = (i: number): string => sha256(syntheticOriginal(i, syntheticArticle(i)).bytes).slice(0, 2);
  const firstIndex = 700;
  let laterIndex = 800;
  while (shardOfIndex(laterIndex) !== shardOfIndex(firstIndex)) laterIndex++;
  const dir = tempArchive();
  let store = await ArchiveStore.open(dir);
  const first = [...(await addN(store, firstIndex, 1)), ...(await addN(store, 701, 2))];
  await store.close();
  store = await ArchiveStore.open(dir); // backs up catalog.json and the shards
  const later = [...(await addN(store, laterIndex, 1)), ...(await addN(store, 8000, 1))];
  const captures = new Map([...first, ...later].map((id) => [id, store.get(id)!.captures]));
  await store.close();
  const shard = first[0]!.slice(0, 2);
  const rebuilt = later.filter((id) => id.startsWith(shard)).length;
  writeFileSync(join(dir, 'provenance', `${shard}.json`), '{"version":1,"records":{"trunc');

  store = await ArchiveStore.open(dir);
  for (const [id, expected] of captures) assert.deepEqual(store.get(id)?.captures, expected, id);
  assert.ok(store.notices.some((n) => new RegExp(`provenance/${shard}\\.json could not be read .*kept as provenance-${shard}\\.damaged-.*backups/provenance-[^/]+/${shard}\\.json was used`).test(n)), store.notices.join('\n'));
  assert.ok(store.notices.some((n) => n.includes(`provenance of ${rebuilt} article(s) was rebuilt from their body files`)), store.notices.join('\n'));
  assert.equal((await store.verify()).ok, true);
  await store.close();
});

test('a summary shard holds only what the library lists, provenance its own shard; a version-1 catalog with provenance inside is split on open, with a backup kept', async () => {
  const dir = tempArchive();
  let store = await ArchiveStore.open(dir);
  const [id] = await addN(store, 900, 1);
  const full = store.get(id!)!;
  await store.close();
  assert.deepEqual(Object.keys(shardRecord(dir, 'catalog', id!)!).sort(), ['byline', 'excerpt', 'id', 'importedAt', 'lang', 'length', 'publishedAt', 'source', 'tags', 'title', 'url']);
  assert.deepEqual(shardRecord(dir, 'provenance', id!)!.captures, full.captures);
  const manifest = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
  assert.equal(manifest.articles, undefined, 'the manifest holds no articles');
  assert.deepEqual(manifest.shards, { [id!.slice(0, 2)]: 1 });

  const { shards: _shards, head: _head, ...rest } = manifest;
  const old = JSON.stringify({ ...rest, schemaVersion: 1, articles: { [id!]: full } });
  writeFileSync(join(dir, 'catalog.json'), old);
  rmSync(join(dir, 'provenance'), { recursive: true });
  rmSync(join(dir, 'catalog'), { recursive: true });
  rmSync(join(dir, 'backups'), { recursive: true });
  store = await ArchiveStore.open(dir);
  assert.deepEqual(store.get(id!), full);
  await store.close();
  assert.equal(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')).schemaVersion, SCHEMA_VERSION);
  assert.equal(shardRecord(dir, 'catalog', id!)!.captures, undefined);
  assert.deepEqual(shardRecord(dir, 'provenance', id!)!.captures, full.captures);
  const kept = readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.json'));
  assert.equal(kept.length, 1);
  assert.equal(readFileSync(join(dir, 'backups', kept[0]!), 'utf8'), old, 'the old catalog is kept as it was');
});

test('facets: sources and tags by use, the span of dates, and fresh after every change', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  try {
    const ids: string[] = [];
    const shapes = [
      { source: '白銀新聞網', publishedAt: '2020-11-25' },
      { source: '白銀新聞網', publishedAt: '2019-03-02T08:00:00+08:00' },
      { source: 'Example Times', publishedAt: null },
      { source: null, publishedAt: '2021-06-30' },
    ];
    for (const [i, shape] of shapes.entries()) {
      const article = { ...syntheticArticle(i), ...shape };
      ids.push((await store.addArticle({ article, original: syntheticOriginal(i, article) })).id);
    }
    await store.update(ids[0]!, { tags: ['教育', 'long read'] });
    await store.update(ids[2]!, { tags: ['教育'] });
    const facets = store.facets();
    assert.deepEqual(facets.sources, [
      { value: '白銀新聞網', count: 2 },
      { value: 'Example Times', count: 1 },
    ]);
    assert.deepEqual(facets.tags, [
      { value: '教育', count: 2 },
      { value: 'long read', count: 1 },
    ]);
    assert.equal(facets.firstDate, '2019-03-02');
    assert.equal(facets.lastDate, '2021-06-30');

    // Added after the count: counted in.
    const later = { ...syntheticArticle(9), source: 'Example Times', publishedAt: '2023-01-05', tags: [] };
    ids.push((await store.addArticle({ article: later, original: syntheticOriginal(9, later) })).id);
    assert.deepEqual(store.facets().sources, [
      { value: 'Example Times', count: 2 },
      { value: '白銀新聞網', count: 2 },
    ]);
    assert.equal(store.facets().lastDate, '2023-01-05');

    await store.remove([ids[0]!]);
    const after = store.facets();
    assert.deepEqual(after.sources.map((f) => [f.value, f.count]), [['Example Times', 2], ['白銀新聞網', 1]]);
    assert.deepEqual(after.tags, [{ value: '教育', count: 1 }]);
    // The filter the facets feed narrows the list to the same counts, counted or listed.
    assert.equal(store.list({ source: '白銀新聞網' }).total, 1);
    assert.equal(store.list({ source: '白銀新聞網', limit: 0 }).total, 1);
    assert.equal(store.list({ tag: '教育', limit: 0 }).total, store.list({ tag: '教育' }).total);
    assert.equal(store.list({ tag: 'no such tag', limit: 0 }).total, 0);
    assert.equal(store.list({ from: '2020-01-01', to: '2021-12-31' }).total, 1);
  } finally {
    await store.close();
  }
});

test('a filtered list pages through the same matches as one long page, and follows changes at once', async () => {
  const dir = tempArchive();
  const store = await ArchiveStore.open(dir);
  try {
    await addN(store, 0, 40);
    const lang = store.list({ limit: 1 }).items[0]!.lang!.slice(0, 2);
    const whole = store.list({ lang, limit: 1000 });
    const paged: string[] = [];
    for (let offset = 0; offset < whole.total; offset += 7) {
      const page = store.list({ lang, offset, limit: 7 });
      assert.equal(page.total, whole.total);
      paged.push(...page.items.map((m) => m.id));
    }
    assert.deepEqual(paged, whole.items.map((m) => m.id));
    // A removal and an edit show in the next page asked for.
    const [first, second] = whole.items;
    await store.remove([first!.id]);
    assert.equal(store.list({ lang, limit: 1000 }).total, whole.total - 1);
    assert.ok(!store.list({ lang, limit: 1000 }).items.some((m) => m.id === first!.id));
    await store.update(second!.id, { tags: ['later'] });
    assert.deepEqual(store.list({ lang, tag: 'later', limit: 10 }).items.map((m) => m.id), [second!.id]);
    const added = syntheticArticle(100);
    const { id } = await store.addArticle({ article: { ...added, lang: whole.items[0]!.lang }, original: syntheticOriginal(100, added) });
    assert.ok(store.list({ lang, limit: 1000 }).items.some((m) => m.id === id));
  } finally {
    await store.close();
  }
});
