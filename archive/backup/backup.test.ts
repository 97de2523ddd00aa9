import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ExtractedArticle } from '../model.ts';
import { ArchiveStore, bodyRelPath, originalRelPath } from '../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';
import { writeBackup } from './backup.ts';
import { BadBackupError, checkBackup, restoreBackup } from './restore.ts';
import { scanTar } from './tar.ts';

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A small PNG-like asset, distinct per index. */
function assetFor(index: number): ExtractedArticle['assets'][number] {
  const bytes = new Uint8Array(300 + index);
  bytes.set([0x89, 0x50, 0x4e, 0x47]);
  for (let i = 4; i < bytes.length; i++) bytes[i] = (i * 31 + index) & 0xff;
  return { sha256: createHash('sha256').update(bytes).digest('hex'), ext: 'png', bytes };
}

/** An archive of `n` articles, some with images, one with a second capture, one tagged and retitled. */
async function sampleArchive(n: number, from = 0): Promise<string> {
  const dir = tempDir('backup-src-');
  const store = await ArchiveStore.open(dir);
  for (let i = from; i < from + n; i++) {
    const base = syntheticArticle(i);
    const article = i % 3 === 0 ? { ...base, html: `${base.html}<img src="asset:${assetFor(i).sha256}.png" alt="x">`, assets: [assetFor(i), assetFor(i + 1000)] } : base;
    const { id } = await store.addArticle({ article, original: syntheticOriginal(i, article) });
    if (i === from + 1) {
      const again = { bytes: new TextEncoder().encode(`<!-- again -->${article.html}`), fileName: 'again.html', ext: 'html' };
      await store.addArticle({ article, original: again });
      await store.update(id, { title: 'A retitled article', tags: ['kept', '重要'] });
      await store.saveReadingState(id, 0.4);
    }
  }
  await store.close();
  return dir;
}

/** Every file under the folder (relative path → bytes), except the lock. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function articleFiles(dir: string): Promise<Map<string, Buffer>> {
  const store = await ArchiveStore.open(dir, { readOnly: true });
  const files = new Map<string, Buffer>();
  for (const meta of store.all()) {
    files.set(bodyRelPath(meta.id), readFileSync(join(dir, bodyRelPath(meta.id))));
    for (const c of meta.captures) files.set(originalRelPath(c), readFileSync(join(dir, originalRelPath(c))));
    for (const a of meta.assets) files.set(join('assets', a), readFileSync(join(dir, 'assets', a)));
  }
  await store.close();
  return files;
}

test('backup then restore into an empty folder gives a clean archive with every article byte for byte', async () => {
  const source = await sampleArchive(12);
  const file = join(tempDir('backup-file-'), 'archive.tar');
  const store = await ArchiveStore.open(source);
  const before = [...store.all()].sort((a, b) => a.id.localeCompare(b.id));
  const reading = before.map((m) => store.getReadingState(m.id));
  const backup = await writeBackup(store, file);
  await store.close();
  assert.equal(backup.articles, 12);
  assert.equal(backup.bytes, statSync(file).size);

  const target = join(tempDir('backup-dst-'), 'restored');
  const result = await restoreBackup(target, file);
  assert.equal(result.articles, 12);
  assert.equal(result.conflicts.length, 0);

  const restored = await ArchiveStore.open(target);
  const report = await restored.verify();
  assert.deepEqual(report, { ok: true, problems: [] });
  const after = [...restored.all()].sort((a, b) => a.id.localeCompare(b.id));
  assert.deepEqual(after, before);
  assert.deepEqual(after.map((m) => restored.getReadingState(m.id)), reading);
  assert.ok(after.some((m) => m.assets.length > 0) && after.some((m) => m.captures.length === 2));
  await restored.close();

  const want = await articleFiles(source);
  const got = await articleFiles(target);
  assert.equal(got.size, want.size);
  for (const [path, bytes] of want) assert.ok(got.get(path)?.equals(bytes), `${path} differs after restore`);
});

test('a backup is a plain tar whose first entries are the manifest and its checksum', async () => {
  const source = await sampleArchive(3);
  const file = join(tempDir('backup-file-'), 'a.tar');
  const store = await ArchiveStore.open(source);
  await writeBackup(store, file);
  await store.close();
  const names: string[] = [];
  await scanTar(file, (e) => {
    names.push(e.name);
    return null;
  });
  assert.deepEqual(names.slice(0, 4), ['manifest.json', 'manifest.json.sha256', 'records.jsonl', 'settings.json']);
  assert.ok(names.some((n) => n.startsWith('originals/')) && names.some((n) => n.startsWith('articles/')) && names.some((n) => n.startsWith('assets/')));
  const checked = await checkBackup(file);
  assert.equal(checked.records.length, 3);
});

test('a backup with one flipped byte anywhere is refused before the target folder changes at all', async () => {
  const source = await sampleArchive(4);
  const file = join(tempDir('backup-file-'), 'a.tar');
  const store = await ArchiveStore.open(source);
  await writeBackup(store, file);
  await store.close();
  const good = readFileSync(file);

  const target = await sampleArchive(2, 100);
  const before = snapshot(target);
  // A byte inside the manifest, inside the records, inside a body, inside an original, and in a tar header.
  const text = good.toString('latin1');
  const positions = [600, text.indexOf('"meta"') + 3, text.indexOf('"html"') + 10, text.indexOf('<!doctype html>') + 5, text.indexOf('records.jsonl\u0000') + 2];
  for (const at of positions) {
    const bad = Buffer.from(good);
    bad[at] = bad[at]! ^ 0x01;
    const badFile = `${file}.bad-${at}`;
    writeFileSync(badFile, bad);
    await assert.rejects(restoreBackup(target, badFile), BadBackupError, `flipping byte ${at} was not caught`);
    assert.deepEqual(snapshot(target), before, `flipping byte ${at} changed the target`);
  }
  const fresh = join(tempDir('backup-dst-'), 'never-created');
  const bad = Buffer.from(good);
  bad[positions[2]!] = bad[positions[2]!]! ^ 0x01;
  writeFileSync(`${file}.bad`, bad);
  await assert.rejects(restoreBackup(fresh, `${file}.bad`), /does not match its checksum.*nothing was changed/);
  assert.equal(existsSync(fresh), false);
});

test('a flipped byte anywhere in the file (headers, data, padding, end marker) fails the check', async () => {
  const source = await sampleArchive(3);
  const file = join(tempDir('backup-file-'), 'a.tar');
  const store = await ArchiveStore.open(source);
  await writeBackup(store, file);
  await store.close();
  const good = readFileSync(file);
  const step = Math.max(1, Math.floor(good.length / 400));
  for (let at = 0; at < good.length; at += step) {
    const bad = Buffer.from(good);
    bad[at] = bad[at]! ^ 0x04;
    writeFileSync(`${file}.flip`, bad);
    await assert.rejects(checkBackup(`${file}.flip`), BadBackupError, `a flip at byte ${at} of ${good.length} passed`);
  }
});

test('a truncated backup is refused with the offset where it ends', async () => {
  const source = await sampleArchive(2);
  const file = join(tempDir('backup-file-'), 'a.tar');
  const store = await ArchiveStore.open(source);
  await writeBackup(store, file);
  await store.close();
  const good = readFileSync(file);
  writeFileSync(`${file}.cut`, good.subarray(0, good.length - 3000));
  await assert.rejects(checkBackup(`${file}.cut`), /truncated.*at byte \d+/);
});

test('restore merges by id: new articles added, identical ones left, a changed one reported and kept', async () => {
  const source = await sampleArchive(5);
  const file = join(tempDir('backup-file-'), 'a.tar');
  let store = await ArchiveStore.open(source);
  await writeBackup(store, file);
  const ids = [...store.all()].map((m) => m.id).sort();
  await store.close();

  // The target already has two of the articles, one of them retitled since.
  const target = tempDir('backup-dst-');
  await restoreBackup(target, file);
  store = await ArchiveStore.open(target);
  await store.remove(ids.slice(2));
  await store.update(ids[0]!, { title: 'Changed here' });
  await store.close();

  const result = await restoreBackup(target, file);
  assert.equal(result.articles, ids.length - 2);
  assert.equal(result.unchanged, 1);
  assert.deepEqual(result.conflicts.map((c) => c.id), [ids[0]]);
  store = await ArchiveStore.open(target);
  assert.equal(store.get(ids[0]!)?.title, 'Changed here');
  assert.equal(store.size, ids.length);
  assert.equal((await store.verify()).ok, true);
  await store.close();

  const again = await restoreBackup(target, file);
  assert.equal(again.articles, 0);
  assert.equal(again.unchanged, ids.length - 1);
});

test('a backup refuses to be made from an archive whose file is damaged', async () => {
  const source = await sampleArchive(2);
  const store = await ArchiveStore.open(source);
  const meta = [...store.all()][0]!;
  const path = join(source, originalRelPath(meta.captures[0]!));
  const bytes = readFileSync(path);
  bytes[5] = bytes[5]! ^ 0x20;
  writeFileSync(path, bytes);
  const file = join(tempDir('backup-file-'), 'a.tar');
  await assert.rejects(writeBackup(store, file), /does not match its checksum/);
  assert.equal(existsSync(file), false);
  await store.close();
});

test("a backup's preferences come back into a new archive, never over an archive's own", async () => {
  const source = await sampleArchive(3);
  const store = await ArchiveStore.open(source);
  await store.updateSettings({ script: 'tw', fontSize: 22, theme: 'sepia', firstLineIndent: true });
  const file = join(tempDir('backup-file-'), 'archive.tar');
  await writeBackup(store, file);
  await store.close();

  // A new folder: the articles and the preferences.
  const fresh = join(tempDir('backup-dst-'), 'restored');
  const result = await restoreBackup(fresh, file);
  assert.equal(result.settingsRestored, true);
  const restored = await ArchiveStore.open(fresh);
  const settings = restored.getSettings();
  assert.deepEqual([settings.script, settings.fontSize, settings.theme, settings.firstLineIndent], ['tw', 22, 'sepia', true]);
  await restored.close();

  // An archive whose reader chose their own preferences keeps them.
  const own = join(tempDir('backup-own-'), 'archive');
  const mine = await ArchiveStore.open(own);
  await mine.updateSettings({ fontSize: 30 });
  await mine.close();
  const second = await restoreBackup(own, file);
  assert.equal(second.settingsRestored, false);
  assert.equal(second.articles, 3);
  const kept = await ArchiveStore.open(own);
  assert.equal(kept.getSettings().fontSize, 30);
  assert.equal(kept.getSettings().script, 'original');
  await kept.close();
});
