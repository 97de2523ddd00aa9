import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedArticle } from '../model.ts';
import { ArchiveStore, bodyRelPath } from '../store/store.ts';
import { SearchIndex } from './index.ts';
import { addPlainArticle as add, plainArticle as article } from '../testing/plain-article.ts';

async function withArchive(fn: (dir: string, store: ArchiveStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'search-test-'));
  const store = await ArchiveStore.open(dir);
  try {
    await fn(dir, store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id);

test('a Simplified query finds Traditional text and a Traditional query finds Simplified text', async () => {
  await withArchive(async (_dir, store) => {
    const trad = await add(store, article('鄉村學校', ['政府推動教育脫貧，讓山區兒童都能上學。'], { lang: 'zh-TW' }));
    const simp = await add(store, article('乡村学校', ['这是一篇关于教育脱贫的报道，记者走访了三所学校。'], { lang: 'zh-CN' }));
    await add(store, article('Weather', ['Rain in the river valley.'], { lang: 'en' }));
    const index = await SearchIndex.open(store);
    await index.ready();
    assert.deepEqual(new Set(ids(await index.search('教育脱贫'))), new Set([trad, simp]));
    assert.deepEqual(new Set(ids(await index.search('教育脫貧'))), new Set([trad, simp]));
    assert.deepEqual(ids(await index.search('记者走访')), [simp]);
    assert.deepEqual(ids(await index.search('記者走訪')), [simp]);
    const hit = (await index.search('教育脱贫', { script: 'tw' })).hits.find((h) => h.id === simp)!;
    assert.match(hit.snippet, /教育脫貧/);
    assert.equal(hit.title, '鄉村學校');
    const [a, b] = hit.marks[0]!;
    assert.equal(hit.snippet.slice(a, b), '教育脫貧');
    assert.match(hit.snippetHtml, /<mark>教育脫貧<\/mark>/);
    await index.close();
  });
});

test('台灣 and 台湾 both find articles written 臺灣 or 台灣', async () => {
  await withArchive(async (_dir, store) => {
    const a = await add(store, article('臺灣的鐵路', ['臺灣的鐵路網很發達。']));
    const b = await add(store, article('旅遊', ['去台灣旅遊的人越來越多。']));
    const c = await add(store, article('经济', ['台湾海峡两岸的贸易。']));
    await add(store, article('其他', ['北京的天气很好。']));
    const index = await SearchIndex.open(store);
    await index.ready();
    for (const q of ['台灣', '台湾', '臺灣']) assert.deepEqual(new Set(ids(await index.search(q))), new Set([a, b, c]), q);
    await index.close();
  });
});

test('single characters and pairs match anywhere; longer runs must be contiguous', async () => {
  await withArchive(async (_dir, store) => {
    const a = await add(store, article('一', ['教育部门在农村推动发展。']));
    const b = await add(store, article('二', ['教学和育人是两回事，部门也不同。']));
    const index = await SearchIndex.open(store);
    await index.ready();
    assert.deepEqual(ids(await index.search('育')).sort(), [a, b].sort());
    assert.deepEqual(ids(await index.search('教育')), [a]);
    assert.deepEqual(ids(await index.search('教育部门')), [a]);
    assert.deepEqual(ids(await index.search('育部')), [a]);
    await index.close();
  });
});

test('English queries ignore case and diacritics and match word prefixes', async () => {
  await withArchive(async (_dir, store) => {
    const a = await add(store, article('The Harbour Report', ['A café in Zürich reopened after the Renovation.'], { lang: 'en' }));
    const b = await add(store, article('Markets', ['Prices at the harbour market rose again.'], { lang: 'en' }));
    const index = await SearchIndex.open(store);
    await index.ready();
    assert.deepEqual(ids(await index.search('CAFE zurich')), [a]);
    assert.deepEqual(ids(await index.search('renov')), [a]);
    assert.deepEqual(ids(await index.search('harbour')), [a, b], 'the title hit ranks first');
    assert.deepEqual(ids(await index.search('HARBOUR market')), [b]);
    assert.deepEqual(ids(await index.search('arbour')), [], 'a word is matched from its start');
    await index.close();
  });
});

test('filters by source, tag, script and date', async () => {
  await withArchive(async (_dir, store) => {
    const a = await add(store, article('教育一', ['教育新闻。'], { source: '白银新闻网', publishedAt: '2020-01-02' }));
    const b = await add(store, article('教育二', ['教育新聞。'], { source: '臨江教育網', publishedAt: '2023-06-07' }));
    await store.update(b, { tags: ['saved'] });
    const index = await SearchIndex.open(store);
    await index.ready();
    assert.deepEqual(ids(await index.search('教育', { source: '白银新闻网' })), [a]);
    assert.deepEqual(ids(await index.search('教育', { tag: 'saved' })), [b]);
    assert.deepEqual(ids(await index.search('教育', { textScript: 'hant' })), [b]);
    assert.deepEqual(ids(await index.search('教育', { from: '2021-01-01' })), [b]);
    assert.deepEqual(ids(await index.search('教育', { to: '2021-01-01' })), [a]);
    assert.deepEqual(ids(await index.search('教育')), [b, a], 'equal density: the newer first');
    await index.close();
  });
});

test('additions and new titles are found once indexed, and removals drop out at once', async () => {
  await withArchive(async (_dir, store) => {
    const index = await SearchIndex.open(store);
    await index.ready();
    const a = await add(store, article('脱贫攻坚', ['山区的脱贫攻坚。']));
    await index.ready();
    assert.deepEqual(ids(await index.search('脫貧')), [a]);
    await store.update(a, { title: 'Renamed headline' });
    await index.ready();
    assert.deepEqual(ids(await index.search('renamed')), [a]);
    assert.deepEqual(ids(await index.search('攻坚')), [a], 'still found by its text');
    await store.remove([a]);
    assert.deepEqual(ids(await index.search('脫貧')), []);
    await index.close();
  });
});

test('the saved index is reused, caught up with changes made while closed, and rebuilt when missing or corrupt', async () => {
  await withArchive(async (dir, store) => {
    const a = await add(store, article('教育', ['教育脱贫的故事。']));
    let index = await SearchIndex.open(store);
    await index.ready();
    await index.close();
    const file = join(dir, 'search', 'manifest.json');
    assert.ok(existsSync(file));

    const b = await add(store, article('教育二', ['又一个教育脱贫的故事。']));
    await store.remove([a]);
    index = await SearchIndex.open(store);
    assert.deepEqual(index.notices, []);
    await index.ready();
    assert.deepEqual(ids(await index.search('教育脱贫')), [b]);
    await index.close();

    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    writeFileSync(file, bytes);
    index = await SearchIndex.open(store);
    assert.match(index.notices.join('\n'), /checksum/);
    await index.ready();
    assert.deepEqual(ids(await index.search('教育脱贫')), [b]);
    await index.close();

    writeFileSync(file, 'not an index');
    index = await SearchIndex.open(store);
    assert.match(index.notices.join('\n'), /not usable/);
    await index.ready();
    assert.deepEqual(ids(await index.search('故事')), [b]);
    await index.close();

    rmSync(file);
    index = await SearchIndex.open(store);
    assert.match(index.notices.join('\n'), /missing/);
    await index.ready();
    assert.deepEqual(ids(await index.search('故事')), [b]);
    await index.rebuild();
    assert.deepEqual(ids(await index.search('故事')), [b]);
    await index.close();
  });
});

test('an article whose body file is gone still comes up by its indexed text, without failing the search', async () => {
  await withArchive(async (dir, store) => {
    const a = await add(store, article('教育新闻', ['教育脱贫的故事。']));
    const index = await SearchIndex.open(store);
    await index.ready();
    rmSync(join(dir, bodyRelPath(a)));
    const results = await index.search('教育');
    assert.deepEqual(ids(results), [a]);
    assert.equal(results.hits[0]!.title, '教育新闻');
    assert.deepEqual(ids(await index.search('教育脱贫')), [a], 'a long run is matched from the positions in the index');
    await index.close();
  });
});

test('a phrase of several words shows its first page at once and says the total is still being counted', async () => {
  await withArchive(async (_dir, store) => {
    const phrase: string[] = [];
    for (let i = 0; i < 4; i++) phrase.push(await add(store, article(`Line ${i}`, [`The railway museum opened its hall number ${i}.`], { lang: 'en' })));
    for (let i = 0; i < 3; i++) await add(store, article(`Apart ${i}`, [`A museum by the railway, item ${i}.`], { lang: 'en' }));
    const index = await SearchIndex.open(store);
    await index.ready();
    const first = await index.search('"railway museum"', { limit: 1 });
    assert.equal(first.hits.length, 1);
    assert.ok(phrase.includes(first.hits[0]!.id));
    assert.equal(first.totalExact, false, 'not every candidate was checked for the first page');
    assert.ok(first.total >= 1 && first.total <= 4, `a lower bound, not a guess: ${first.total}`);
    const counted = await index.search('"railway museum"', { limit: 1, waitForTotal: true });
    assert.deepEqual([counted.total, counted.totalExact, counted.exact], [4, true, true]);
    assert.deepEqual(new Set(await index.matchingIds('"railway museum"')), new Set(phrase));
    assert.deepEqual((await index.search('railway museum')).total, 7, 'without quotes, the words anywhere');
    const bad = await index.search('railway "museum');
    assert.deepEqual([bad.hits, bad.syntaxError?.code], [[], 'unclosed-quote']);
    await index.close();
  });
});
