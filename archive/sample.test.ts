import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from './store/store.ts';
import { addSampleArticles, openArchiveWithSamples, SAMPLE_TAG, sampleArticles } from './sample.ts';

test('the sample archive holds Traditional, Simplified and English articles, one with ruby on its characters', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sample-'));
  const store = await openArchiveWithSamples(join(dir, 'archive'));
  try {
    const metas = [...store.all()];
    const langs = new Set(metas.map((m) => m.lang));
    assert.deepEqual([...langs].sort(), ['en', 'zh-Hans', 'zh-Hant']);
    assert.deepEqual(metas.map((m) => m.title).sort(), sampleArticles().map((a) => a.title).sort());
    const bodies = await Promise.all(metas.map((m) => store.getBody(m.id)));
    const withRuby = bodies.filter((b) => b.ruby.length > 0);
    assert.equal(withRuby.length, 1);
    for (const r of withRuby[0]!.ruby) assert.equal(withRuby[0]!.paragraphs[r.paragraph]!.slice(r.offset, r.offset + r.base.length), r.base, `${r.base} at ${r.offset}`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('sample articles are added once, tagged, and removed in one step by their tag', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sample-'));
  const store = await ArchiveStore.open(dir);
  const n = sampleArticles().length;
  try {
    const ids = await addSampleArticles(store);
    assert.equal(new Set(ids).size, n);
    assert.equal(store.list({ tag: SAMPLE_TAG }).total, n);
    const again = await addSampleArticles(store);
    assert.deepEqual(again, ids, 'adding twice gives the same articles, no duplicates');
    assert.equal(store.size, n);
    const tagged = store.list({ tag: SAMPLE_TAG, limit: 1000 }).items.map((m) => m.id);
    await store.remove(tagged);
    assert.equal(store.size, 0);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a second start on the same folder adds no samples, even after the user removed them all', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sample-'));
  try {
    const first = await openArchiveWithSamples(dir);
    assert.equal(first.size, sampleArticles().length);
    await first.remove([...first.all()].map((m) => m.id));
    await first.close();
    const second = await openArchiveWithSamples(dir);
    assert.equal(second.size, 0, 'removed samples stay removed');
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
