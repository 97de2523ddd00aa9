import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArticleMeta, Capture } from '../model.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';
import { sha256 } from './durable.ts';
import { WriteLookups } from './lookups.ts';
import { ArchiveStore } from './store.ts';

function record(id: string, originals: string[], textSha256: string, assets: string[] = []): ArticleMeta {
  const captures = originals.map((sha) => ({ sha256: sha }) as Capture);
  return { id, captures, textSha256, assets } as unknown as ArticleMeta;
}

test('hashes that share their first 28 bits are told apart by the records they belong to', () => {
  const a = `abcdef0${'1'.repeat(57)}`;
  const b = `abcdef0${'2'.repeat(57)}`;
  const records = new Map([
    ['one', record('one', [a], a, ['x.png'])],
    ['two', record('two', [b], b, ['x.png'])],
  ]);
  const lookups = new WriteLookups((id) => records.get(id));
  for (const meta of records.values()) lookups.count(meta, +1);
  assert.equal(lookups.ownerOf(a), 'one');
  assert.equal(lookups.ownerOf(b), 'two');
  assert.equal(lookups.ownerOf(`abcdef0${'3'.repeat(57)}`), undefined);
  assert.equal(lookups.assetRefs.get('x.png'), 2);
  lookups.count(records.get('one')!, -1);
  records.delete('one');
  assert.equal(lookups.ownerOf(a), undefined);
  assert.equal(lookups.ownerOf(b), 'two');
  assert.equal(lookups.assetRefs.get('x.png'), 1);
});

test('a reopened writer finds duplicates and other captures from provenance left on disk, and a compaction keeps every record of a shard it rewrites whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookups-test-'));
  const first = await ArchiveStore.open(dir);
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const article = syntheticArticle(i);
    ids.push((await first.addArticle({ article, original: syntheticOriginal(i, article) })).id);
  }
  await first.close();

  const store = await ArchiveStore.open(dir);
  await store.loaded;
  const article = syntheticArticle(7);
  const original = syntheticOriginal(7, article);
  assert.equal(store.findByOriginal(sha256(original.bytes)), ids[7]);
  const again = await store.addArticle({ article, original });
  assert.deepEqual([again.status, again.id], ['duplicate', ids[7]]);
  // The same text in other bytes: another capture of the article, found by its text's hash.
  const other = await store.addArticle({ article, original: { ...original, bytes: new TextEncoder().encode(`<!-- again -->${new TextDecoder().decode(original.bytes)}`) } });
  assert.deepEqual([other.status, other.id], ['capture', ids[7]]);
  // A new article whose shard holds others, none of them asked for since open.
  const prefixes = new Set(ids.filter((id) => id !== ids[7] && id.slice(0, 2) !== ids[7]!.slice(0, 2)).map((id) => id.slice(0, 2)));
  let n = 40;
  while (!prefixes.has(sha256(syntheticOriginal(n, syntheticArticle(n)).bytes).slice(0, 2))) n++;
  const added = await store.addArticle({ article: syntheticArticle(n), original: syntheticOriginal(n, syntheticArticle(n)) });
  assert.equal(added.status, 'added');
  ids.push(added.id);
  await store.close();

  // The shard of ids[7] was rewritten from records whose provenance was read for it: every one keeps its captures.
  const provenance = JSON.parse(readFileSync(join(dir, 'provenance', `${ids[7]!.slice(0, 2)}.json`), 'utf8')) as { records: Record<string, { captures: unknown[] }> };
  const inShard = ids.filter((id) => id.slice(0, 2) === ids[7]!.slice(0, 2));
  for (const id of inShard) assert.ok(provenance.records[id]?.captures.length, `provenance of ${id}`);
  assert.equal(provenance.records[ids[7]!]!.captures.length, 2);
  for (const id of ids.filter((i) => i.slice(0, 2) === added.id.slice(0, 2))) {
    const records = (JSON.parse(readFileSync(join(dir, 'provenance', `${id.slice(0, 2)}.json`), 'utf8')) as typeof provenance).records;
    assert.ok(records[id]?.captures.length, `provenance of ${id} beside the new article`);
  }
  const reopened = await ArchiveStore.open(dir, { readOnly: true });
  for (const id of ids) assert.ok(reopened.get(id)?.captures.length, `captures of ${id}`);
  assert.equal(reopened.get(ids[7]!)?.captures.length, 2);
  await reopened.close();
  // Stats count captures and their bytes from the provenance shards, and agree with the records.
  const fresh = await ArchiveStore.open(dir, { readOnly: true });
  const stats = fresh.stats();
  const records = [...fresh.all()];
  assert.equal(stats.articles, ids.length);
  assert.equal(stats.captures, ids.length + 1);
  assert.equal(stats.originalsBytes, records.reduce((sum, r) => sum + r.captures.reduce((s2, c) => s2 + c.bytes, 0), 0));
  assert.ok(stats.originalsBytes > 0);
  await fresh.close();
});
