/**
 * Issue 11, class 9: "The window's API takes any path", in the real renderer against the real
 * service. A page that calls window.reader.importFiles, exportArticles, backupArchive or
 * restoreArchive with a path (as a compromised renderer would) is refused with a clear error
 * and nothing is read or written; a forged or reused token is refused; with paths from main (the
 * stand-in dialogs, drop and menu register them as tokens, as main does) every flow still works.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ReaderService } from '../archive/service.ts';
import { ArchiveStore } from '../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../archive/testing/synthetic.ts';
import { describeApp, until, type AppSession } from './support/app.ts';
import { importFromAppBar } from './support/reader-page.ts';
import { english } from './fixtures/articles.ts';

const marker = `OUTSIDE-${randomBytes(6).toString('hex')}`;

function savedPage(title: string, words: string): string {
  const paragraphs = [
    `The valley library now opens until nine on weekdays, and the reading room has forty new seats. ${words}`,
    `Students said the late hours help before exams, when the reading room used to fill by four. ${words}`,
    `The council will review the hours in the autumn and keep Sunday mornings for families. ${words}`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

/** Calls window.reader[method](arg) in the page, as any script there could; the outcome as text. */
function fromPage(page: Page, method: string, arg: unknown): Promise<string> {
  return page.evaluate(
    ([m, a]) => {
      const reader = (window as unknown as { reader: Record<string, (x: unknown) => Promise<unknown>> }).reader;
      return reader[m]!(a).then(
        (result) => `accepted: ${JSON.stringify(result)}`,
        (error: Error) => `${error.name}: ${error.message}`,
      );
    },
    [method, arg] as const,
  );
}

/** The archive's files holding `text`. */
async function filesHolding(dir: string, text: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await filesHolding(dir, text, rel)));
    else if ((await readFile(join(dir, rel))).includes(text)) found.push(rel);
  }
  return found;
}

async function assertArchiveClean(app: AppSession): Promise<void> {
  const report = await app.service.dispatch('verifyArchive', {});
  assert.deepEqual(report.problems, []);
  assert.deepEqual(await filesHolding(app.dir, marker), [], 'nothing from outside the chosen files is in the archive');
  assert.deepEqual(app.leaks, []);
}

describeApp('class 9: the window names no files', 300_000, (harness) => {
  let outside: string;
  let page: string;
  let backup: string;
  before(async () => {
    outside = await mkdtemp(join(tmpdir(), 'reader-e2e-outside-'));
    await mkdir(join(outside, 'private'));
    page = join(outside, 'private', 'notes.html');
    await writeFile(page, savedPage('Private notes', marker));
    // A valid backup of someone else's archive, whose one article carries the marker.
    backup = join(outside, 'foreign.backup');
    const dir = await mkdtemp(join(tmpdir(), 'reader-e2e-foreign-'));
    const store = await ArchiveStore.open(dir);
    const service = new ReaderService(store);
    const article = { ...syntheticArticle(5), title: `Someone else's ${marker}` };
    await store.addArticle({ article, original: syntheticOriginal(5, article) });
    await service.dispatch('backupArchive', { fileToken: service.pathTokens.issue('backup', [backup]) });
    await service.dispose();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  after(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  test('a path from the page to importFiles, exportArticles, backupArchive or restoreArchive is refused with a clear error, and nothing is read or written', async () => {
    const asked: string[] = [];
    const app = await harness.open({
      articles: [english],
      host: {
        chooseImportPaths: async () => (asked.push('import'), null),
        chooseExportFolder: async () => (asked.push('export'), null),
        chooseBackupFile: async () => (asked.push('backup'), null),
        chooseRestoreFile: async () => (asked.push('restore'), null),
      },
    });
    const exportFolder = join(outside, 'export-here');
    await mkdir(exportFolder, { recursive: true });
    const backupTarget = join(outside, 'overwrite.backup');
    const progress: string[] = [];
    for (const event of ['importProgress', 'exportProgress', 'backupProgress'] as const) app.service.on(event, () => progress.push(event));
    try {
      const exportBase = { ids: app.ids, format: 'html', script: 'original', fontSize: 18 };
      const attempts: [string, unknown, RegExp][] = [
        ['importFiles', { paths: ['/etc/passwd'] }, /^InvalidArgument: importFiles\.paths: the window cannot name files/],
        ['importFiles', { paths: [page] }, /^InvalidArgument: importFiles\.paths: the window cannot name files/],
        ['importFiles', { paths: [join(outside, 'private')] }, /^InvalidArgument: importFiles\.paths: the window cannot name files/],
        ['importFiles', { token: page }, /^InvalidArgument: importFiles\.token: expected a token the app issued/],
        ['exportArticles', { ...exportBase, outDir: exportFolder }, /^InvalidArgument: exportArticles\.outDir: the window cannot name files/],
        ['exportArticles', { ...exportBase, folderToken: exportFolder }, /^InvalidArgument: exportArticles\.folderToken: expected a token/],
        ['backupArchive', { outFile: backupTarget }, /^InvalidArgument: backupArchive\.outFile: the window cannot name files/],
        ['backupArchive', { fileToken: backupTarget }, /^InvalidArgument: backupArchive\.fileToken: expected a token/],
        ['restoreArchive', { file: backup }, /^InvalidArgument: restoreArchive\.file: the window cannot name files/],
        ['restoreArchive', { fileToken: backup }, /^InvalidArgument: restoreArchive\.fileToken: expected a token/],
      ];
      for (const [method, arg, expected] of attempts) assert.match(await fromPage(app.page, method, arg), expected, `${method} ${JSON.stringify(arg)}`);
      assert.deepEqual(progress, [], 'no import, export, backup or restore started');
      assert.deepEqual(asked, [], 'no dialog opened in place of a path');
      assert.deepEqual(await readdir(exportFolder), []);
      assert.equal(existsSync(backupTarget), false);
      assert.equal(app.store.stats().articles, 1);
      assert.equal(await app.page.locator('library-list .row[data-id]').count(), 1);
      await assertArchiveClean(app);
    } finally {
      await app.close();
    }
  });

  test('a forged token, a reused one, or one issued for another purpose is refused in the window', async () => {
    const app = await harness.open({ articles: [english] });
    const chosen = join(outside, 'chosen.html');
    await writeFile(chosen, savedPage('Late hours at the valley library', 'chosen by the user'));
    try {
      const forged = `pt-${randomBytes(16).toString('hex')}`;
      assert.match(await fromPage(app.page, 'importFiles', { token: forged }), /^InvalidArgument: importFiles\.token: this token was not issued to this window/);
      const token = app.grant('import', [chosen]);
      assert.match(await fromPage(app.page, 'importFiles', { token }), /^accepted: .*"imported":\[\{/);
      await app.page.locator('library-list .row', { hasText: 'Late hours at the valley library' }).waitFor();
      assert.match(await fromPage(app.page, 'importFiles', { token }), /^InvalidArgument: importFiles\.token: .*used already/);
      const readToken = app.grant('restore', [backup]);
      const before = await readFile(backup);
      assert.match(await fromPage(app.page, 'backupArchive', { fileToken: readToken }), /^InvalidArgument: backupArchive\.fileToken: this token was issued to restore, not to backup/);
      assert.deepEqual(await readFile(backup), before, 'the file a read token names is not written');
      assert.match(await fromPage(app.page, 'restoreArchive', { fileToken: readToken }), /used already/, 'a refused token is spent');
      assert.equal(app.store.stats().articles, 2);
      await assertArchiveClean(app);
    } finally {
      await app.close();
    }
  });

  test('with paths from main every flow works end to end: Import… through the dialog, a drop, Export… to the chosen folder, backup and restore', async () => {
    const work = await mkdtemp(join(tmpdir(), 'reader-e2e-flows-'));
    const dialogFolder = join(work, 'picked');
    const exportFolder = join(work, 'exports');
    await mkdir(dialogFolder);
    await mkdir(exportFolder);
    await writeFile(join(dialogFolder, 'hours.html'), savedPage('Late hours at the valley library', 'picked in the dialog'));
    const dropped = join(work, 'dropped.html');
    await writeFile(dropped, savedPage('The reading room gets forty seats', 'dropped on the window'));
    const app = await harness.open({ articles: [english], host: { chooseImportPaths: async () => [dialogFolder], chooseExportFolder: async () => exportFolder } });
    const other = await harness.open();
    try {
      const { page } = app;
      await importFromAppBar(page);
      await page.locator('import-panel h2', { hasText: 'Import finished' }).waitFor({ timeout: 60_000 });
      await page.locator('library-list .row', { hasText: 'Late hours at the valley library' }).waitFor();
      assert.equal((await app.drop([dropped])).imported.length, 1);
      await page.locator('library-list .row', { hasText: 'The reading room gets forty seats' }).waitFor();

      const ids = app.store.list({}).items.map((m) => m.id);
      assert.match(await fromPage(page, 'exportArticles', { ids, format: 'md', script: 'original', fontSize: 18 }), /^accepted: /);
      assert.deepEqual((await readdir(exportFolder)).sort(), ['A Railway Returns to the Valley.md', 'Late hours at the valley library.md', 'The reading room gets forty seats.md']);

      const backupFile = join(work, 'all.backup');
      assert.match(await fromPage(page, 'backupArchive', { fileToken: app.grant('backup', [backupFile]) }), /^accepted: \{"articles":3,/);
      assert.match(await fromPage(other.page, 'restoreArchive', { fileToken: other.grant('restore', [backupFile]) }), /^accepted: \{"articles":3,/);
      await until('the restored articles listed', async () => (await other.page.locator('library-list .row[data-id]').count()) === 3);
      assert.deepEqual(other.store.list({}).items.map((m) => m.id).sort(), [...ids].sort());
      await assertArchiveClean(app);
      await assertArchiveClean(other);
    } finally {
      await app.close();
      await other.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
