import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../store/store.ts';
import type { NewHighlight } from '../contract.ts';
import { addShowcase, addShowcaseHighlights, SHOWCASE_ARTICLES, type ShowcaseEntry } from './index.ts';

async function withShowcase(fn: (store: ArchiveStore, entries: ShowcaseEntry[]) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'showcase-'));
  const store = await ArchiveStore.open(dir);
  try {
    await fn(store, await addShowcase(store));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const count = <T>(items: readonly T[], pick: (item: T) => boolean): number => items.filter(pick).length;

test('the showcase is written like real articles: distinct titles and paragraphs, several paragraphs each, no generated titles', () => {
  const titles = SHOWCASE_ARTICLES.map((a) => a.title);
  assert.equal(new Set(titles).size, titles.length, 'no title repeats');
  assert.ok(SHOWCASE_ARTICLES.length >= 8 && SHOWCASE_ARTICLES.length <= 10, `${SHOWCASE_ARTICLES.length} articles`);
  for (const a of SHOWCASE_ARTICLES) {
    assert.ok(a.paragraphs.length >= 5, `${a.slug}: ${a.paragraphs.length} paragraphs`);
    assert.doesNotMatch(a.title, /#\d+$|lorem|ipsum/i, `${a.slug}: not a synthetic title`);
    assert.ok(a.paragraphs.every((p) => p.length >= 30), `${a.slug}: every paragraph is prose, not a fragment`);
  }
  const paragraphs = SHOWCASE_ARTICLES.flatMap((a) => a.paragraphs);
  assert.equal(new Set(paragraphs).size, paragraphs.length, 'no paragraph is used twice');
  assert.equal(new Set(SHOWCASE_ARTICLES.map((a) => a.slug)).size, SHOWCASE_ARTICLES.length);
  assert.ok(new Set(SHOWCASE_ARTICLES.map((a) => a.source)).size >= 8, 'from many sources');
});

test('imported into a fresh archive: both scripts (Taiwan and Hong Kong too), English, pinyin as ruby, one page whole, two saved twice', async () => {
  await withShowcase(async (store, entries) => {
    assert.equal(entries.length, SHOWCASE_ARTICLES.length);
    assert.equal(store.size, SHOWCASE_ARTICLES.length, 'one article per showcase article, captures included');
    const metas = entries.map((e) => store.get(e.id)!);
    assert.ok(count(metas, (m) => m.lang === 'zh-Hans') >= 3, 'Simplified');
    assert.ok(count(metas, (m) => m.lang === 'zh-Hant') >= 3, 'Traditional');
    assert.ok(count(metas, (m) => m.lang === 'en') >= 2, 'English');
    const traditional = entries.filter((e) => store.get(e.id)!.lang === 'zh-Hant').map((e) => e.article.region);
    assert.ok(traditional.includes('tw') && traditional.includes('hk'), 'one from Taiwan, one from Hong Kong');

    const whole = metas.filter((m) => m.extraction === 'whole-page');
    assert.deepEqual(whole.map((m) => m.title), ['秋天去婺源看晒秋'], 'the old homepage is the one imported whole (needs review)');
    assert.equal(whole[0]!.captures[0]!.extraction, 'whole-page');

    const twice = entries.filter((e) => e.article.savedTwice);
    assert.equal(twice.length, 2);
    for (const e of entries) assert.equal(store.get(e.id)!.captures.length, e.article.savedTwice ? 2 : 1, `${e.article.slug} captures`);
    for (const e of twice) {
      const [first, second] = store.get(e.id)!.captures;
      assert.notEqual(first!.sha256, second!.sha256, 'two different saved files of one article');
    }
  });
});

test('every article comes in with its title, byline, source, date, tags and text as written', async () => {
  await withShowcase(async (store, entries) => {
    for (const { article, id } of entries) {
      const meta = store.get(id)!;
      const body = await store.getBody(id);
      assert.equal(meta.title, article.title, article.slug);
      assert.equal(meta.byline, article.byline, `${article.slug} byline`);
      assert.equal(meta.publishedAt, article.publishedAt, `${article.slug} date`);
      assert.deepEqual(meta.tags, article.tags, `${article.slug} tags`);
      assert.ok(body.paragraphs.length >= 3, `${article.slug}: ${body.paragraphs.length} paragraphs`);
      if (meta.extraction === 'whole-page') {
        // The whole page: its text is all there, among the page's own lines (title, footer).
        for (const p of article.paragraphs) assert.ok(body.paragraphs.includes(p), `${article.slug}: ${p.slice(0, 12)}…`);
        continue;
      }
      assert.equal(meta.source, article.source, `${article.slug} source`);
      assert.equal(meta.url, article.url, `${article.slug} url`);
      if (article.layout === 'cn-lesson') continue;
      assert.deepEqual(body.paragraphs, article.paragraphs, `${article.slug}: the text, and only the text, without the page's furniture`);
    }
  });
});

test('the lesson page keeps its inline readings as ruby on their characters, out of the text', async () => {
  await withShowcase(async (store, entries) => {
    const lesson = entries.find((e) => e.article.layout === 'cn-lesson')!;
    const body = await store.getBody(lesson.id);
    const written = lesson.article.paragraphs.join('\n');
    const readings = [...written.matchAll(/(\p{Script=Han})\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+)\)/gu)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(readings, ['网:wǎng', '鱼:yú', '渔:yú', '洋:yáng']);
    assert.deepEqual(body.ruby.map((r) => `${r.base}:${r.text}`), readings);
    for (const r of body.ruby) assert.equal(body.paragraphs[r.paragraph]!.slice(r.offset, r.offset + r.base.length), r.base, `${r.base} at ${r.offset}`);
    assert.ok(!body.paragraphs.join('\n').includes('('), 'no reading left in the text');
    assert.deepEqual(body.paragraphs, lesson.article.paragraphs.map((p) => p.replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)/gu, '')));
  });
});

test('adding the showcase again finds the same articles: nothing is duplicated', async () => {
  await withShowcase(async (store, entries) => {
    const again = await addShowcase(store, ['sample']);
    assert.deepEqual(again.map((e) => e.id), entries.map((e) => e.id));
    assert.equal(store.size, SHOWCASE_ARTICLES.length);
    assert.ok(again.every((e) => store.get(e.id)!.tags.includes('sample')), 'extra tags are added to each');
  });
});

test('highlights: each quote anchored on its paragraph in the original script', async () => {
  await withShowcase(async (store, entries) => {
    const getArticle = async ({ id }: { id: string }) => ({ body: await store.getBody(id) });
    const calls: NewHighlight[] = [];
    const outcome = await addShowcaseHighlights({ getArticle, addHighlight: async (arg) => void calls.push(arg) }, entries);
    const expected = SHOWCASE_ARTICLES.flatMap((a) => a.highlights ?? []);
    assert.ok(count(SHOWCASE_ARTICLES, (a) => (a.highlights?.length ?? 0) > 0) >= 1, 'at least one article carries highlights');
    assert.equal(outcome, expected.length);
    for (const [i, call] of calls.entries()) {
      const anchor = call.anchor as { paragraph: number; start: number; end: number };
      assert.deepEqual(Object.keys(anchor).sort(), ['end', 'paragraph', 'start'], 'the contract\'s HighlightSpan, nothing else');
      const body = await store.getBody(call.articleId as string);
      assert.equal(body.paragraphs[anchor.paragraph]!.slice(anchor.start, anchor.end), expected[i]!.quote);
      assert.equal(call.script, 'original');
      assert.equal(call.note, expected[i]!.note);
    }
    assert.deepEqual(calls.map((c) => c.color), expected.map((h) => h.color));
  });
});
