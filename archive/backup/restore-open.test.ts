import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';
import { writeBackup } from './backup.ts';
import { restoreIntoStore } from './restore.ts';

test('a restore into an archive the app has open commits through the store: new ids appear at once, present ones are left alone', async () => {
  const source = await ArchiveStore.open(mkdtempSync(join(tmpdir(), 'restore-src-')));
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const article = syntheticArticle(2000 + i);
    ids.push((await source.addArticle({ article, original: syntheticOriginal(2000 + i, article) })).id);
  }
  await source.saveReadingState(ids[0]!, 0.25);
  const file = join(mkdtempSync(join(tmpdir(), 'restore-file-')), 'archive.backup');
  await writeBackup(source, file);

  const target = await ArchiveStore.open(mkdtempSync(join(tmpdir(), 'restore-dst-')));
  const shared = syntheticArticle(2001);
  await target.addArticle({ article: shared, original: syntheticOriginal(2001, shared) });
  const added: string[] = [];
  target.onChange((change) => {
    if (change.type === 'added') added.push(change.id);
  });
  await restoreIntoStore(target, file);
  assert.deepEqual([...added].sort(), ids.filter((id) => id !== ids[1]).sort());
  for (const id of ids) {
    assert.deepEqual((await target.getBody(id)).paragraphs, (await source.getBody(id)).paragraphs);
    // The article the target had already keeps its own capture (imported there, at its own time).
    if (id !== ids[1]) assert.deepEqual(target.get(id)?.captures, source.get(id)?.captures);
  }
  assert.equal(target.getReadingState(ids[0]!)?.progress, 0.25);
  assert.equal(target.list({}).total, 4);
  assert.equal((await target.verify()).ok, true);
  await source.close();
  await target.close();
});
