import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArgument, InvalidArgument } from '../contract.ts';
import { excerptOf, matchesLibraryFilters, recentSince, type ArticleSummary } from '../model.ts';
import { addPlainArticle, plainArticle } from '../testing/plain-article.ts';
import { SearchIndex } from '../search/index.ts';
import { SUMMARY_KEYS } from './catalog-file.ts';
import { LibraryIndex } from './library.ts';
import { ArchiveStore } from './store.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function summary(id: string, fields: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    title: `Article ${id}`,
    byline: null,
    source: 'Harbour Times',
    publishedAt: '2024-01-01',
    importedAt: new Date(NOW - 30 * DAY).toISOString(),
    url: null,
    lang: 'en',
    tags: [],
    length: 100,
    ...fields,
  };
}

/** Six records: two imported this week, two pages imported whole, two with highlights. */
function sampleRecords(): Record<string, ArticleSummary> {
  const records = [
    summary('a1', { importedAt: new Date(NOW - 1 * DAY).toISOString() }),
    summary('a2', { importedAt: new Date(NOW - 6 * DAY).toISOString(), extraction: 'whole-page' }),
    summary('a3', { importedAt: new Date(NOW - 8 * DAY).toISOString(), extraction: 'whole-page' }),
    summary('a4', { highlightCount: 3 }),
    summary('a5', { highlightCount: 0 }),
    summary('a6', { highlightCount: 1, source: 'Example Gazette' }),
  ];
  return Object.fromEntries(records.map((r) => [r.id, r]));
}

const ids = (page: { items: ArticleSummary[] }): string[] => page.items.map((m) => m.id).sort();

test('each collection lists its articles, and its count matches the list', () => {
  const index = new LibraryIndex(() => sampleRecords(), () => NOW);
  assert.deepEqual(ids(index.list({ collection: 'recent' })), ['a1', 'a2']);
  assert.deepEqual(ids(index.list({ collection: 'needs-review' })), ['a2', 'a3']);
  assert.deepEqual(ids(index.list({ collection: 'highlighted' })), ['a4', 'a6']);
  assert.equal(index.list({}).total, 6);
  assert.deepEqual(index.facets().collections, { all: 6, recent: 2, needsReview: 2, highlighted: 2 });
  // The counts the window asks for (limit 0) come from the same counts.
  assert.equal(index.list({ collection: 'recent', limit: 0 }).total, 2);
  assert.equal(index.list({ collection: 'highlighted', limit: 0 }).total, 2);
});

test('a collection combines with the other filters', () => {
  const index = new LibraryIndex(() => sampleRecords(), () => NOW);
  assert.deepEqual(ids(index.list({ collection: 'highlighted', source: 'Example Gazette' })), ['a6']);
  assert.equal(index.list({ collection: 'highlighted', source: 'Example Gazette', limit: 0 }).total, 1);
  assert.deepEqual(ids(index.list({ collection: 'needs-review', extraction: 'article' })), []);
});

test('articles leave "recently imported" as the clock moves on, with no change to the archive', () => {
  let now = NOW;
  const index = new LibraryIndex(() => sampleRecords(), () => now);
  assert.equal(index.facets().collections.recent, 2);
  now = NOW + 2 * DAY;
  // a2 was imported 6 days before NOW: 8 days old now.
  assert.deepEqual(ids(index.list({ collection: 'recent' })), ['a1']);
  assert.equal(index.facets().collections.recent, 1);
  assert.equal(index.list({ collection: 'recent', limit: 0 }).total, 1);
});

test('the recent cutoff is seven days back, to the minute', () => {
  assert.equal(recentSince(Date.UTC(2026, 10, 30, 12, 34, 56, 789)), '2026-11-23T12:34:00.000Z');
  const record = summary('x', { importedAt: '2026-11-23T12:34:00.000Z' });
  assert.equal(matchesLibraryFilters(record, { collection: 'recent' }, '2026-11-23T12:34:00.000Z'), true);
  assert.equal(matchesLibraryFilters(record, { collection: 'recent' }, '2026-11-23T12:35:00.000Z'), false);
});

test('an excerpt is 120 columns of the text on one line: Chinese characters count two', () => {
  const english = excerptOf(['  The council met on   Tuesday.', '', `It ${'talked '.repeat(40)}`]);
  assert.ok(english.startsWith('The council met on Tuesday. It talked talked'));
  assert.ok(english.endsWith('…'));
  assert.ok(english.length <= 121, `${english.length} characters`);
  const chinese = excerptOf(['臨江縣教育局今天公佈了新學期的招生計劃，'.repeat(10)]);
  assert.equal(chinese.length, 61);
  assert.ok(chinese.endsWith('…'));
  assert.equal(excerptOf(['短文。']), '短文。');
  assert.equal(excerptOf([]), '');
});

function tempArchive(): string {
  return mkdtempSync(join(tmpdir(), 'collections-test-'));
}

test('the store counts collections, tags and sources, and keeps the counts right after retagging and removal', async () => {
  const dir = tempArchive();
  try {
    const store = await ArchiveStore.open(dir);
    const kept = await addPlainArticle(store, plainArticle('Kept article', ['The harbour reopened after the storm.'], { source: 'Harbour Times' }));
    const whole = await addPlainArticle(store, plainArticle('Whole page', ['Menu Home News Sport'], { source: 'Harbour Times', extraction: 'whole-page' }));
    const other = await addPlainArticle(store, plainArticle('Other article', ['The museum opened a new wing.'], { source: 'Example Gazette' }));
    await store.update(kept, { tags: ['harbour', 'weather'] });
    await store.update(other, { tags: ['harbour'] });
    let facets = store.facets();
    // Everything was imported just now: all of it is recent.
    assert.deepEqual(facets.collections, { all: 3, recent: 3, needsReview: 1, highlighted: 0 });
    assert.deepEqual(facets.tags, [{ value: 'harbour', count: 2 }, { value: 'weather', count: 1 }]);
    assert.deepEqual(facets.sources, [{ value: 'Harbour Times', count: 2 }, { value: 'Example Gazette', count: 1 }]);
    assert.deepEqual(store.list({ collection: 'needs-review' }).items.map((m) => m.id), [whole]);

    await store.update(other, { tags: ['museum'] });
    facets = store.facets();
    assert.deepEqual(facets.tags.map((f) => [f.value, f.count]), [['harbour', 1], ['museum', 1], ['weather', 1]]);
    assert.equal(store.list({ tag: 'harbour', limit: 0 }).total, 1);

    await store.remove([whole]);
    facets = store.facets();
    assert.deepEqual(facets.collections, { all: 2, recent: 2, needsReview: 0, highlighted: 0 });
    assert.deepEqual(facets.sources.map((f) => [f.value, f.count]), [['Example Gazette', 1], ['Harbour Times', 1]]);
    assert.equal(store.list({ collection: 'needs-review' }).total, 0);
    assert.equal(store.list({ collection: 'needs-review', limit: 0 }).total, 0);
    await store.close();

    const again = await ArchiveStore.open(dir, { readOnly: true });
    assert.deepEqual(again.facets().collections, { all: 2, recent: 2, needsReview: 0, highlighted: 0 });
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('list rows carry the excerpt and the capture count, and no provenance', async () => {
  const dir = tempArchive();
  try {
    const store = await ArchiveStore.open(dir);
    const article = plainArticle('Two captures', ['The harbour reopened after the storm, and the ferries ran again on Monday morning.'], {
      url: 'https://news.example.org/harbour',
    });
    const id = await addPlainArticle(store, article);
    const second = await store.addArticle({ article, original: { bytes: new TextEncoder().encode('another save of the same page'), fileName: 'again.html', ext: 'html' } });
    assert.equal(second.status, 'capture');
    await addPlainArticle(store, plainArticle('One capture', ['短文。']));
    const rows = store.list({ sort: 'title', order: 'desc' }).items;
    assert.deepEqual(rows.map((r) => [r.title, r.captureCount, r.excerpt]), [
      ['Two captures', 2, 'The harbour reopened after the storm, and the ferries ran again on Monday morning.'],
      ['One capture', 1, '短文。'],
    ]);
    assert.ok(!('captures' in rows[0]!) && !('assets' in rows[0]!), 'provenance stays out of the list');
    assert.equal(store.get(id)?.captures.length, 2);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an archive whose records have no excerpt (stored before it was kept) still lists', async () => {
  const dir = tempArchive();
  try {
    const store = await ArchiveStore.open(dir);
    await addPlainArticle(store, plainArticle('Older record', ['Text from an older version of the app.']));
    await store.close();
    // Both the shards and the manifest's head, as an older version wrote them.
    const manifestPath = join(dir, 'catalog.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { head: { rows: { excerpt?: string }[] } };
    for (const row of manifest.head.rows) delete row.excerpt;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    for (const name of readdirSync(join(dir, 'catalog')).filter((n) => /^[0-9a-f]{2}\.json$/.test(n))) {
      const path = join(dir, 'catalog', name);
      const shard = JSON.parse(readFileSync(path, 'utf8')) as { records: Record<string, { excerpt?: string }> };
      for (const record of Object.values(shard.records)) delete record.excerpt;
      writeFileSync(path, JSON.stringify(shard));
    }

    const again = await ArchiveStore.open(dir);
    const [row] = again.list({}).items;
    assert.equal(row?.title, 'Older record');
    assert.equal(row?.excerpt, undefined);
    assert.equal((await again.verify()).ok, true);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the contract takes a collection in the list and in search, and refuses any other value', () => {
  for (const collection of ['recent', 'needs-review', 'highlighted']) {
    assert.deepEqual(checkArgument('listArticles', { collection }), { collection });
    assert.deepEqual(checkArgument('search', { query: 'harbour', collection }), { query: 'harbour', collection });
  }
  for (const bad of ['all', 'Recent', '', 3, null]) {
    assert.throws(() => checkArgument('listArticles', { collection: bad }), (e: unknown) => e instanceof InvalidArgument && /listArticles\.collection/.test(e.message));
    assert.throws(() => checkArgument('search', { query: 'x', collection: bad }), InvalidArgument);
  }
});

test('search keeps to the collection chosen, as the list does', async () => {
  const dir = tempArchive();
  try {
    const store = await ArchiveStore.open(dir);
    const article = await addPlainArticle(store, plainArticle('Ferry timetable', ['The ferry to the island leaves at nine.']));
    const whole = await addPlainArticle(store, plainArticle('Ferry company home page', ['Home Ferry Tickets Contact'], { extraction: 'whole-page' }));
    const index = await SearchIndex.open(store);
    await index.ready();
    const found = async (collection?: 'recent' | 'needs-review' | 'highlighted'): Promise<string[]> =>
      (await index.search('ferry', collection ? { collection } : {})).hits.map((h) => h.id).sort();
    assert.deepEqual(await found(), [article, whole].sort());
    assert.deepEqual(await found('needs-review'), [whole]);
    assert.deepEqual(await found('recent'), [article, whole].sort());
    assert.deepEqual(await found('highlighted'), []);
    await index.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a listed row keeps every field catalog.json keeps, and leaves provenance out', () => {
  const record = {
    ...summary('full', { extraction: 'whole-page', editor: '李編輯', excerpt: 'The start of the text.', highlightCount: 2, tags: ['t'] }),
    captures: [{}, {}, {}],
    textSha256: 'a'.repeat(64),
    bodySha256: 'b'.repeat(64),
    assets: [],
  } as unknown as ArticleSummary;
  for (const key of SUMMARY_KEYS) assert.ok(key in record, `the test record sets ${key}`);
  const [row] = new LibraryIndex(() => ({ full: record }), () => NOW).list({}).items;
  assert.deepEqual(Object.keys(row!).sort(), [...SUMMARY_KEYS, 'captureCount'].sort());
  assert.equal(row!.captureCount, 3);
  for (const key of SUMMARY_KEYS) assert.deepEqual(row![key], (record as unknown as Record<string, unknown>)[key], key);
});

test('a row is made again when its record changes, in place or replaced', () => {
  const withProvenance = (fields: Partial<ArticleSummary>): ArticleSummary =>
    ({ ...summary('r1', fields), captures: [{}], textSha256: '', bodySha256: '', assets: [] }) as unknown as ArticleSummary;
  const records: Record<string, ArticleSummary> = { r1: withProvenance({ tags: ['old'] }) };
  const index = new LibraryIndex(() => records, () => NOW);
  assert.deepEqual(index.list({}).items[0]?.tags, ['old']);
  records.r1 = withProvenance({ tags: ['new'] });
  index.changed('updated', 'r1');
  assert.deepEqual(index.list({}).items[0]?.tags, ['new']);
  (records.r1 as { highlightCount?: number }).highlightCount = 4;
  index.changed('updated', 'r1');
  assert.equal(index.list({}).items[0]?.highlightCount, 4);
  assert.deepEqual(index.list({ collection: 'highlighted' }).items.map((m) => m.id), ['r1']);
});
