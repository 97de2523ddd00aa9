import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from './store/store.ts';
import { addSampleArticles, SAMPLE_TAG, sampleArticles } from './sample.ts';

test('the sample archive holds Traditional, Simplified and English articles, one with ruby on its characters', () => {
  const articles = sampleArticles();
  assert.deepEqual(articles.map((a) => a.lang).sort(), ['en', 'zh-Hans', 'zh-Hant', 'zh-Hant']);
  const withRuby = articles.filter((a) => a.ruby.length > 0);
  assert.equal(withRuby.length, 1);
  for (const r of withRuby[0]!.ruby) {
    assert.equal(withRuby[0]!.paragraphs[r.paragraph]!.slice(r.offset, r.offset + r.base.length), r.base, `${r.base} at ${r.offset}`);
  }
});

test('sample articles are added once, tagged, and removed in one step by their tag', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sample-'));
  const store = await ArchiveStore.open(dir);
  try {
    const ids = await addSampleArticles(store);
    assert.equal(new Set(ids).size, 4);
    assert.equal(store.list({ tag: SAMPLE_TAG }).total, 4);
    const again = await addSampleArticles(store);
    assert.deepEqual(again, ids, 'adding twice gives the same articles, no duplicates');
    assert.equal(store.size, 4);
    const tagged = store.list({ tag: SAMPLE_TAG, limit: 1000 }).items.map((m) => m.id);
    await store.remove(tagged);
    assert.equal(store.size, 0);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
