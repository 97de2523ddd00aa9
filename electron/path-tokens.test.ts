/**
 * Issue 11, class 9: "The window's API takes any path", through the real main and preload bundles
 * (with the recorded stand-in for Electron). A window that sends paths over IPC to importFiles,
 * exportArticles, backupArchive or restoreArchive is refused before anything is read or written;
 * a forged token is refused; paths come from main only (its dialogs, the menu, the preload's
 * handling of the user's drops), and with them every flow still works.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { channels, eventChannels, type ReaderMethod, type ReaderResult } from '../archive/contract.ts';
import { ReaderService } from '../archive/service.ts';
import { ArchiveStore } from '../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../archive/testing/synthetic.ts';
import { DROP_CHANNEL } from './bridge.ts';
import type { FakeWindow, Recorder } from './testing/fake-electron.ts';
import { loadMain, until, type LoadedMain } from './testing/main-bundle.ts';

let main: LoadedMain;
let recorder: Recorder;
let window: FakeWindow;
let outside: string;
const archiveDir = (): string => join(main.dir, 'archive');
const marker = `OUTSIDE-${randomBytes(6).toString('hex')}`;

function savedPage(title: string, words: string): string {
  const paragraphs = [
    `The harbour ferry now runs every twenty minutes on weekdays, and the new pier opened on Monday. ${words}`,
    `Commuters said the crossing takes eight minutes, half the time of the bridge in the morning traffic. ${words}`,
    `The port authority will add two boats in the summer and keep the old timetable on Sundays. ${words}`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

/** Calls a contract method over IPC as the app's own window would. */
async function call<M extends ReaderMethod>(method: M, arg: unknown): Promise<ReaderResult<M>> {
  const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return (await recorder.ipcHandlers.get(channels[method])!(trusted, arg)) as ReaderResult<M>;
}

function clickFileMenu(label: string): void {
  const menu = recorder.menu as { template: { label?: string; submenu?: { label?: string; click?: () => void }[] }[] };
  const item = menu.template.find((m) => m.label === '&File')!.submenu!.find((i) => i.label === label);
  assert.ok(item?.click, label);
  item.click();
}

/** Message boxes main showed, by their message. */
const messages = (): string[] => recorder.dialogs.map((d) => (Array.isArray(d) && typeof d[0] === 'object' && d[0] !== null ? String((d[0] as { message?: string }).message ?? '') : '')).filter(Boolean);

const progressSent = (): string[] =>
  window.webContents.sent.map(([channel]) => channel).filter((c) => c === eventChannels.importProgress || c === eventChannels.exportProgress || c === eventChannels.backupProgress);

/** The archive's files that hold `text`. */
async function archiveFilesHolding(text: string, dir = archiveDir(), prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await archiveFilesHolding(text, dir, rel)));
    else if ((await readFile(join(dir, rel))).includes(text)) found.push(rel);
  }
  return found;
}

async function assertArchiveClean(): Promise<void> {
  const report = await call('verifyArchive', {});
  assert.deepEqual(report.problems, []);
  assert.deepEqual(await archiveFilesHolding(marker), [], 'nothing from outside the chosen files is in the archive');
}

/** A valid backup of another archive holding one article whose title carries the marker. */
async function foreignBackup(file: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tokens-foreign-'));
  const store = await ArchiveStore.open(dir);
  const service = new ReaderService(store);
  try {
    const article = { ...syntheticArticle(11), title: `Someone else's ${marker}` };
    await store.addArticle({ article, original: syntheticOriginal(11, article) });
    await service.dispatch('backupArchive', { fileToken: service.pathTokens.issue('backup', [file]) });
  } finally {
    await service.dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('class 9: the window names no files; main hands out tokens (real main bundle, recorded Electron)', { timeout: 180_000 }, () => {
  before(async () => {
    main = await loadMain((dir) => join(dir, 'archive'));
    recorder = main.recorder;
    recorder.becomeReady();
    window = await until('the window to load', () => recorder.windows.find((w) => w.loadedUrls.length > 0));
    outside = await mkdtemp(join(tmpdir(), 'tokens-outside-'));
  });
  after(async () => {
    await main?.close();
    if (outside) await rm(outside, { recursive: true, force: true });
  });

  test('over IPC, a raw path or a forged token to importFiles, exportArticles, backupArchive or restoreArchive is refused with a clear error, and nothing is read or written', async () => {
    const page = join(outside, 'private', 'letter.html');
    await mkdir(join(outside, 'private'));
    await writeFile(page, savedPage('A private letter', marker));
    const exportFolder = join(outside, 'export-here');
    await mkdir(exportFolder);
    const backupTarget = join(outside, 'overwrite.backup');
    const backup = join(outside, 'foreign.backup');
    await foreignBackup(backup);
    const before = (await call('getStats', {})).articles;
    const [id] = (await call('listArticles', {})).items.map((m) => m.id);
    const exportBase = { ids: [id], format: 'html', script: 'original', fontSize: 18 };
    const forged = `pt-${randomBytes(16).toString('hex')}`;
    const sentBefore = progressSent().length;
    const attempts: [ReaderMethod, unknown, RegExp][] = [
      ['importFiles', { paths: ['/etc/passwd'] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { paths: [page] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { paths: [join(outside, 'private')] }, /importFiles\.paths: the window cannot name files/],
      ['importFiles', { token: '/etc/passwd' }, /importFiles\.token: expected a token the app issued/],
      ['importFiles', { token: forged }, /importFiles\.token: this token was not issued to this window/],
      ['exportArticles', { ...exportBase, outDir: exportFolder }, /exportArticles\.outDir: the window cannot name files/],
      ['exportArticles', { ...exportBase, folderToken: exportFolder }, /exportArticles\.folderToken: expected a token/],
      ['exportArticles', { ...exportBase, folderToken: forged }, /exportArticles\.folderToken: this token was not issued/],
      ['backupArchive', { outFile: backupTarget }, /backupArchive\.outFile: the window cannot name files/],
      ['backupArchive', { fileToken: backupTarget }, /backupArchive\.fileToken: expected a token/],
      ['backupArchive', { fileToken: forged }, /backupArchive\.fileToken: this token was not issued/],
      ['restoreArchive', { file: backup }, /restoreArchive\.file: the window cannot name files/],
      ['restoreArchive', { fileToken: backup }, /restoreArchive\.fileToken: expected a token/],
      ['restoreArchive', { fileToken: forged }, /restoreArchive\.fileToken: this token was not issued/],
    ];
    for (const [method, arg, message] of attempts) {
      await assert.rejects(call(method, arg), (error: Error) => {
        assert.match(error.message, message, `${method} ${JSON.stringify(arg)}`);
        return true;
      });
    }
    assert.deepEqual(progressSent().slice(sentBefore), [], 'no import, export, backup or restore started');
    assert.deepEqual(recorder.dialogs.filter((d) => Array.isArray(d) && (d[0] === 'open' || d[0] === 'save')), [], 'no dialog opened in place of a path');
    assert.deepEqual(await readdir(exportFolder), []);
    assert.equal(existsSync(backupTarget), false);
    assert.equal((await call('getStats', {})).articles, before);
    await assertArchiveClean();
  });

  test('the preload passes on only the user\'s drops; main registers them for an import only and hands the window a token, which importFiles takes once', async () => {
    const listeners = new Map<string, (event: unknown) => void>();
    main.loadPreload({ addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn) });
    const drop = listeners.get('drop');
    assert.ok(drop);
    const dropped = join(outside, 'ferry.html');
    await writeFile(dropped, savedPage('The new harbour ferry', 'dropped on the window'));
    const invokedBefore = recorder.invoked.length;
    const event = (isTrusted: boolean) => ({ isTrusted, preventDefault() {}, dataTransfer: { files: [{ path: dropped }] } });
    drop(event(false));
    assert.equal(recorder.invoked.length, invokedBefore, 'a drop the page made up is ignored');
    drop(event(true));
    assert.deepEqual(recorder.invoked.at(-1), [DROP_CHANNEL, [dropped]]);

    const trusted = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const onDrop = recorder.ipcHandlers.get(DROP_CHANNEL)!;
    await assert.rejects(onDrop(trusted, ['relative/page.html']), /absolute file paths/);
    await assert.rejects(onDrop(trusted, '/etc/passwd'), /absolute file paths/);
    await assert.rejects(onDrop(trusted, []), /absolute file paths/);
    const tokensSent = (): string[] =>
      window.webContents.sent.filter(([channel]) => channel === eventChannels.filesDropped).map(([, payload]) => (payload as { token: string }).token);
    assert.deepEqual(tokensSent(), [], 'nothing registered for a refused drop');
    const before = (await call('getStats', {})).articles;
    // The fake ipcRenderer records the call; here it reaches main as Electron would carry it.
    assert.equal(await onDrop(trusted, recorder.invoked.at(-1)![1]), undefined, 'the preload gets nothing back: the token goes to the window');
    assert.equal((await call('getStats', {})).articles, before, 'registering a drop imports nothing by itself');
    const [token] = tokensSent();
    assert.ok(token);
    assert.doesNotMatch(JSON.stringify(window.webContents.sent.at(-1)), /ferry\.html|outside/, 'the window gets a token, never the path');

    // The window imports with the contract's importFiles, like any other import.
    const report = await call('importFiles', { token });
    assert.deepEqual(report.imported.map((i) => i.title), ['The new harbour ferry']);
    assert.ok(window.webContents.sent.some(([channel, payload]) => channel === eventChannels.importFinished && JSON.stringify(payload) === JSON.stringify(report)), 'the report reaches the window as importFinished');
    assert.equal((await call('getStats', {})).articles, before + 1);
    await assert.rejects(call('importFiles', { token }), /importFiles\.token: this token was not issued to this window, was used already/);

    // A drop's token is for reading in: it cannot name an export folder or a backup to restore.
    const ids = (await call('listArticles', {})).items.slice(0, 1).map((m) => m.id);
    await onDrop(trusted, [outside]);
    await assert.rejects(call('exportArticles', { ids, format: 'html', script: 'original', fontSize: 18, folderToken: tokensSent().at(-1) }), /folderToken: this token was issued to import, not to export/);
    await onDrop(trusted, [outside]);
    await assert.rejects(call('restoreArchive', { fileToken: tokensSent().at(-1) }), /fileToken: this token was issued to import, not to restore/);
    assert.equal((await call('getStats', {})).articles, before + 1);
    await assertArchiveClean();
  });

  test('with paths from main, every flow works: Import Files… from the menu, Export… into the folder main\'s dialog gives, Back Up and Restore from the menu', async () => {
    const chosen = join(outside, 'chosen.html');
    await writeFile(chosen, savedPage('Night buses return', 'chosen in the dialog'));
    const broken = join(outside, 'broken.html');
    await writeFile(broken, '');
    const before = (await call('getStats', {})).articles;
    const sentBefore = window.webContents.sent.length;
    recorder.openDialogAnswers.push([chosen, broken]);
    clickFileMenu('Import Files…');
    // Main drops nothing of the menu's import: its whole report reaches the window as importFinished.
    const finished = await until('the menu import\'s report to reach the window', () =>
      window.webContents.sent.slice(sentBefore).find(([channel]) => channel === eventChannels.importFinished)?.[1] as { imported: { title: string }[]; failed: { file: string; error: string }[] } | undefined, 30_000);
    assert.deepEqual(finished.imported.map((i) => i.title), ['Night buses return']);
    assert.deepEqual(finished.failed.map((f) => f.file), [broken]);
    assert.ok(finished.failed[0]!.error.length > 0);
    assert.equal((await call('getStats', {})).articles, before + 1);

    const exportFolder = join(outside, 'exports');
    await mkdir(exportFolder);
    const ids = (await call('listArticles', {})).items.filter((m) => m.title === 'Night buses return').map((m) => m.id);
    recorder.openDialogAnswers.push([exportFolder]);
    const exported = await call('exportArticles', { ids, format: 'html', script: 'original', fontSize: 18 });
    assert.deepEqual(exported?.files.map((f) => f.startsWith(exportFolder)), [true]);
    assert.deepEqual(await readdir(exportFolder), ['Night buses return.html']);

    const backupFile = join(outside, 'mine.backup');
    recorder.saveDialogAnswers.push(backupFile);
    clickFileMenu('Back Up Archive…');
    await until('the backup to be reported', () => messages().some((m) => m.startsWith('Backed up')), 60_000);
    assert.ok(existsSync(backupFile));

    const restoreFile = join(outside, 'restore-me.backup');
    await foreignBackup(restoreFile);
    const beforeRestore = (await call('getStats', {})).articles;
    recorder.openDialogAnswers.push([restoreFile]);
    clickFileMenu('Restore from Backup…');
    await until('the restore to be reported', () => messages().some((m) => m.startsWith('Restored')), 60_000);
    assert.ok(messages().includes('Restored 1 articles (0 already here)'), messages().join(' | '));
    assert.equal((await call('getStats', {})).articles, beforeRestore + 1);
    const report = await call('verifyArchive', {});
    assert.deepEqual(report.problems, []);
  });
});
