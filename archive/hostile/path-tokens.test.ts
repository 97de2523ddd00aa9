/**
 * Issue 11, class 9: "The window's API takes any path." importFiles, exportArticles and the
 * backup calls accepted any file-system path from the renderer, so a compromised renderer could
 * read and overwrite files anywhere. Now the window holds tokens that main issued (dialogs,
 * drops, the menu) and the contract refuses anything else. These tests play the renderer through
 * the service's `dispatch` (the one entry IPC and the e2e bridge use): raw paths, forged, reused,
 * expired, foreign and misdirected tokens are refused before anything is read or written; tokens
 * main issued still carry every flow. Each ends with `verify` clean and no byte from outside the
 * chosen files in the archive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgument, PATH_TOKEN_PATTERN, type ReaderEvent, type ReaderMethod } from '../contract.ts';
import { PathTokens } from '../path-tokens.ts';
import { ReaderService, type ServiceHost } from '../service.ts';
import { ArchiveStore } from '../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

const TIMEOUT = { timeout: 120_000 };

/** A saved page whose every paragraph carries `marker`, so its bytes can be looked for later. */
function savedPage(title: string, marker: string): string {
  const paragraphs = [
    `The river park opened on Saturday with three hundred new trees and a cycle path along the water. ${marker}`,
    `Residents said the ground had been an empty lot for years; now children come after school to play. ${marker}`,
    `The park office plans a playground and a small reading room for next spring, paid for by the district. ${marker}`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** The archive's files that hold `marker` (text from outside what the user chose). */
async function filesHolding(dir: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const rel of await filesUnder(dir)) if ((await readFile(join(dir, rel))).includes(marker)) found.push(rel);
  return found;
}

interface Bench {
  dir: string;
  store: ArchiveStore;
  service: ReaderService;
  /** Events the service emitted, by name: an import, export or backup that started would show here. */
  events: ReaderEvent[];
  /** Dialogs the host was asked to show. */
  asked: string[];
  close(): Promise<void>;
}

async function bench(host: ServiceHost = {}): Promise<Bench> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-tokens-archive-'));
  const store = await ArchiveStore.open(dir);
  const events: ReaderEvent[] = [];
  const asked: string[] = [];
  const recordingHost: ServiceHost = {
    chooseImportPaths: async (kind) => (asked.push('import'), (await host.chooseImportPaths?.(kind)) ?? null),
    chooseExportFolder: async () => (asked.push('export'), (await host.chooseExportFolder?.()) ?? null),
    chooseBackupFile: async () => (asked.push('backup'), (await host.chooseBackupFile?.()) ?? null),
    chooseRestoreFile: async () => (asked.push('restore'), (await host.chooseRestoreFile?.()) ?? null),
  };
  const service = new ReaderService(store, recordingHost);
  for (const event of ['importProgress', 'exportProgress', 'backupProgress', 'archiveChanged', 'settingsChanged'] as const) service.on(event, () => events.push(event));
  return {
    dir,
    store,
    service,
    events,
    asked,
    close: async () => {
      await service.dispose();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Files outside the archive a hostile window would aim at, each holding `marker`. */
async function outsideFiles(marker: string) {
  const root = await mkdtemp(join(tmpdir(), 'hostile-tokens-outside-'));
  const page = join(root, 'private', 'diary.html');
  await mkdir(join(root, 'private'));
  await writeFile(page, savedPage('My private diary', marker));
  const exportFolder = join(root, 'export-here');
  await mkdir(exportFolder);
  const backupTarget = join(root, 'overwrite-me.backup');
  // A real, valid backup holding one article of someone else's: restoring it by path must not work.
  const other = await bench();
  const article = { ...syntheticArticle(7), title: `Someone else's ${marker}` };
  await other.store.addArticle({ article, original: syntheticOriginal(7, article) });
  const backup = join(root, 'valid.backup');
  await other.service.dispatch('backupArchive', { fileToken: other.service.pathTokens.issue('backup', [backup]) });
  await other.close();
  return { root, page, folder: join(root, 'private'), exportFolder, backupTarget, backup };
}

/** verify is clean and nothing carrying `marker` reached the archive. */
async function assertArchiveClean(b: Bench, marker: string): Promise<void> {
  const report = await b.service.dispatch('verifyArchive', {});
  assert.deepEqual(report.problems, []);
  assert.equal(report.ok, true);
  assert.deepEqual(await filesHolding(b.dir, marker), [], 'no byte from outside the chosen files is in the archive');
}

test('a raw path sent to importFiles, exportArticles, backupArchive or restoreArchive is refused with a clear error, and nothing is read or written', TIMEOUT, async () => {
  const marker = `OUTSIDE-${randomBytes(6).toString('hex')}`;
  const outside = await outsideFiles(marker);
  const b = await bench();
  try {
    const article = syntheticArticle(1);
    const { id } = await b.store.addArticle({ article, original: syntheticOriginal(1, article) });
    b.events.length = 0;
    const exportBase = { ids: [id], format: 'md', script: 'original', fontSize: 18 };
    const attempts: [ReaderMethod, unknown, RegExp][] = [
      ['importFiles', { paths: ['/etc/passwd'] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { paths: [outside.page] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { paths: [outside.folder] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { token: '/etc/passwd' }, /importFiles\.token: expected a token the app issued/],
      ['importFiles', { token: outside.page }, /importFiles\.token: expected a token the app issued/],
      ['importFiles', { token: `pt-../../${outside.page}` }, /importFiles\.token: expected a token/],
      ['importFiles', { token: [outside.page] }, /importFiles\.token: expected a token/],
      ['importFiles', { token: 'pt-' + 'a'.repeat(32), paths: [outside.page] }, /importFiles\.paths: the window cannot name files/],
      ['exportArticles', { ...exportBase, outDir: outside.exportFolder }, /exportArticles\.outDir: the window cannot name files/],
      ['exportArticles', { ...exportBase, outDir: '/tmp' }, /exportArticles\.outDir: the window cannot name files/],
      ['exportArticles', { ...exportBase, folderToken: outside.exportFolder }, /exportArticles\.folderToken: expected a token/],
      ['exportArticles', { ...exportBase, outFile: join(outside.exportFolder, 'x.md') }, /exportArticles\.outFile: the window cannot name files/],
      ['backupArchive', { outFile: outside.backupTarget }, /backupArchive\.outFile: the window cannot name files/],
      ['backupArchive', { fileToken: outside.backupTarget }, /backupArchive\.fileToken: expected a token/],
      ['backupArchive', { file: '/etc/passwd' }, /backupArchive\.file: the window cannot name files/],
      ['restoreArchive', { file: outside.backup }, /restoreArchive\.file: the window cannot name files/],
      ['restoreArchive', { fileToken: outside.backup }, /restoreArchive\.fileToken: expected a token/],
      ['restoreArchive', { fileToken: '/etc/passwd' }, /restoreArchive\.fileToken: expected a token/],
      ['restoreArchive', { path: outside.backup }, /restoreArchive\.path: the window cannot name files/],
    ];
    for (const [method, arg, message] of attempts) {
      await assert.rejects(b.service.dispatch(method, arg), (error: Error) => {
        assert.ok(error instanceof InvalidArgument, `${method} ${JSON.stringify(arg)}: ${error.name}`);
        assert.match(error.message, message);
        return true;
      });
    }
    assert.deepEqual(b.events, [], 'no import, export, backup or restore started');
    assert.deepEqual(b.asked, [], 'no dialog was opened in place of the path');
    assert.deepEqual(await readdir(outside.exportFolder), [], 'nothing exported outside');
    assert.equal(existsSync(outside.backupTarget), false, 'no backup written outside');
    assert.equal(b.store.stats().articles, 1, 'nothing imported or restored');
    await assertArchiveClean(b, marker);
  } finally {
    await b.close();
    await rm(outside.root, { recursive: true, force: true });
  }
});

test('a forged, reused, misdirected or foreign token is refused, and a refused token is spent', TIMEOUT, async () => {
  const marker = `OUTSIDE-${randomBytes(6).toString('hex')}`;
  const outside = await outsideFiles(marker);
  const chosen = await mkdtemp(join(tmpdir(), 'hostile-tokens-chosen-'));
  await writeFile(join(chosen, 'park.html'), savedPage('The river park', 'chosen-by-the-user'));
  const b = await bench();
  const stranger = await bench();
  try {
    // Forged: the right shape, never issued.
    for (let i = 0; i < 20; i++) {
      await assert.rejects(b.service.dispatch('importFiles', { token: `pt-${randomBytes(16).toString('hex')}` }), /importFiles\.token: this token was not issued to this window/);
    }
    // Reused: the first import works, the same token again is refused.
    const once = b.service.pathTokens.issue('import', [chosen]);
    assert.equal((await b.service.dispatch('importFiles', { token: once })).imported.length, 1);
    await assert.rejects(b.service.dispatch('importFiles', { token: once }), /was used already/);
    // Misdirected: a token to read files in cannot write a backup over them, nor export into them.
    const readOnly = b.service.pathTokens.issue('restore', [outside.backup]);
    const before = await readFile(outside.backup);
    await assert.rejects(b.service.dispatch('backupArchive', { fileToken: readOnly }), /backupArchive\.fileToken: this token was issued to restore, not to backup/);
    assert.deepEqual(await readFile(outside.backup), before, 'the backup file is untouched');
    await assert.rejects(b.service.dispatch('restoreArchive', { fileToken: readOnly }), /was used already/, 'the refused token is spent');
    const importToken = b.service.pathTokens.issue('import', [outside.exportFolder]);
    const [id] = b.store.list({}).items.map((m) => m.id);
    await assert.rejects(
      b.service.dispatch('exportArticles', { ids: [id], format: 'md', script: 'original', fontSize: 18, folderToken: importToken }),
      /exportArticles\.folderToken: this token was issued to import, not to export/,
    );
    assert.deepEqual(await readdir(outside.exportFolder), []);
    // Foreign: a token another session issued means nothing here.
    const theirs = stranger.service.pathTokens.issue('import', [outside.folder]);
    await assert.rejects(b.service.dispatch('importFiles', { token: theirs }), /not issued to this window/);
    assert.equal(b.store.stats().articles, 1);
    await assertArchiveClean(b, marker);
  } finally {
    await b.close();
    await stranger.close();
    await rm(outside.root, { recursive: true, force: true });
    await rm(chosen, { recursive: true, force: true });
  }
});

test('tokens are 128 random bits, expire, stay few, and main can only register absolute paths (one for a write)', () => {
  let now = 1_000_000;
  const tokens = new PathTokens({ ttlMs: 60_000, now: () => now });
  const issued = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const token = tokens.issue('import', ['/home/reader/saved']);
    assert.match(token, PATH_TOKEN_PATTERN);
    issued.add(token);
  }
  assert.equal(issued.size, 200, 'no two tokens alike');
  assert.ok(tokens.size <= 64, `at most 64 held at once, not ${tokens.size}`);
  const late = tokens.issue('backup', ['/home/reader/archive.backup']);
  now += 60_000;
  assert.throws(() => tokens.redeem(late, 'backup', 'backupArchive.fileToken'), /expired/);
  assert.equal(tokens.size, 0, 'expired tokens are forgotten');
  assert.throws(() => tokens.issue('import', ['relative/page.html']), /absolute paths/);
  assert.throws(() => tokens.issue('import', ['/home/reader/a\0b']), /absolute paths/);
  assert.throws(() => tokens.issue('import', []), /from 1 to/);
  assert.throws(() => tokens.issue('backup', ['/a.backup', '/b.backup']), /one path/);
  const good = tokens.issue('export', ['/home/reader/exports']);
  assert.deepEqual(tokens.redeem(good, 'export', 'exportArticles.folderToken'), ['/home/reader/exports']);
});

test('tokens main issued carry every flow: dialog import, drop import, export to a chosen folder, backup, restore', TIMEOUT, async () => {
  const marker = `OUTSIDE-${randomBytes(6).toString('hex')}`;
  const outside = await outsideFiles(marker);
  const work = await mkdtemp(join(tmpdir(), 'hostile-tokens-work-'));
  const dialogFolder = join(work, 'dialog');
  const dropped = join(work, 'dropped.html');
  const exportFolder = join(work, 'exports');
  await mkdir(dialogFolder);
  await mkdir(exportFolder);
  await writeFile(join(dialogFolder, 'park.html'), savedPage('The river park', 'chosen-in-the-dialog'));
  await writeFile(dropped, savedPage('The night market', 'dropped-on-the-window'));
  const b = await bench({ chooseImportPaths: async () => [dialogFolder], chooseExportFolder: async () => exportFolder });
  const restoredInto = await bench();
  try {
    const fromDialog = await b.service.dispatch('chooseAndImport', { kind: 'folder' });
    assert.equal(fromDialog?.imported.length, 1);
    // A drop: main registers the dropped paths and hands over the token.
    const fromDrop = await b.service.dispatch('importFiles', { token: b.service.pathTokens.issue('import', [dropped]) });
    assert.equal(fromDrop.imported.length, 1);
    const ids = b.store.list({}).items.map((m) => m.id);
    const exported = await b.service.dispatch('exportArticles', { ids, format: 'md', script: 'original', fontSize: 18 });
    assert.equal(exported?.files.length, 2);
    assert.deepEqual((await readdir(exportFolder)).sort(), ['The night market.md', 'The river park.md']);
    const backupFile = join(work, 'all.backup');
    const backedUp = await b.service.dispatch('backupArchive', { fileToken: b.service.pathTokens.issue('backup', [backupFile]) });
    assert.equal(backedUp?.articles, 2);
    const restored = await restoredInto.service.dispatch('restoreArchive', { fileToken: restoredInto.service.pathTokens.issue('restore', [backupFile]) });
    assert.equal(restored?.articles, 2);
    assert.deepEqual(restoredInto.store.list({}).items.map((m) => m.id).sort(), [...ids].sort());
    assert.equal(b.service.pathTokens.size + restoredInto.service.pathTokens.size, 0, 'every token was spent');
    await assertArchiveClean(b, marker);
    await assertArchiveClean(restoredInto, marker);
  } finally {
    await b.close();
    await restoredInto.close();
    await rm(outside.root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
});
