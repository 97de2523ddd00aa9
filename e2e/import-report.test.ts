/**
 * Every import reports the same way: whoever starts it (the app bar's Import menu, the menu, a drop,
 * a second launch), the window's import panel shows its whole report (each failed file with the
 * reason, each warning) from the service's `importFinished` event. The menu needs Electron, so
 * its import is started here as main starts it: a call on the service, outside the window.
 * And opening an article, or switching its script, asks the service for it once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportReport } from '../archive/contract.ts';
import { describeApp, until, type AppSession } from './support/app.ts';
import { articleFrame, importFromAppBar, openArticle, waitForArticle } from './support/reader-page.ts';
import { english, traditional } from './fixtures/articles.ts';

const goodPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The night market moves to the pier</title></head><body><article>
  <h1>The night market moves to the pier</h1>
  <p>From next month the night market opens on the old pier, where the stalls have room for twice as many sellers as in the car park.</p>
  <p>Traders said the move was overdue: the car park flooded twice last summer and the stalls had to close for a week each time.</p>
  <p>The council will light the pier and run an extra late bus on Fridays and Saturdays until the end of the year.</p>
</article></body></html>`;

/** UTF-8 bytes under a GB2312 declaration: imported, with a warning saying how it was read. */
const misdeclaredPage = `<!doctype html><html lang="zh-Hans"><head><meta charset="gb2312"><title>老街的新书店</title></head><body><article>
  <h1>老街的新书店</h1>
  <p>老街上新开了一家书店，店主说他想让附近的孩子放学后有一个安静读书的地方。</p>
  <p>书店里有两千多本书，周末还会请作者来和读者见面，第一场活动就来了五十多人。</p>
  <p>街坊们说，这条街很久没有这么热闹了，希望书店能一直开下去。</p>
</article></body></html>`;

describeApp('import report', 240_000, (harness) => {
  let scratch: string;
  let folder: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'reader-e2e-report-'));
    folder = join(scratch, 'saved');
    await mkdir(folder);
    await writeFile(join(folder, 'market.html'), goodPage);
    await writeFile(join(folder, 'bookshop.html'), misdeclaredPage);
    // Not a page at all: NUL runs mean binary data.
    await writeFile(join(folder, 'broken.html'), Buffer.concat([Buffer.from('<html>'), Buffer.alloc(4096), Buffer.from('</html>')]));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  /** The panel's list `kind` (failures, warnings …) as text, one entry per line. */
  async function panelList(app: AppSession, kind: string): Promise<string[]> {
    return app.page.locator(`import-panel ul.${kind} li`).allTextContents();
  }

  /** Checks that the panel shows `report` whole: counts, every failure and every warning, each once. */
  async function assertPanelShows(app: AppSession, report: ImportReport): Promise<void> {
    const panel = app.page.locator('import-panel');
    await panel.locator('h2', { hasText: 'Import finished' }).waitFor({ timeout: 60_000 });
    assert.match((await panel.locator('.counts').textContent()) ?? '', new RegExp(`${report.imported.length} imported.*${report.failed.length} failed`, 's'));
    assert.deepEqual(await panelList(app, 'failures'), report.failed.map((f) => `${f.file}: ${f.error}`));
    assert.deepEqual(await panelList(app, 'warnings'), report.warnings.map((w) => `${w.file}: ${w.warning}`));
    assert.equal(await app.page.locator('import-panel').count(), 1, 'one panel, one report');
  }

  test('an import started outside the window, as the menu does, shows each broken file and its reason in the panel', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      // Main's part: the menu's dialog answered with the folder, registered, imported on the service.
      const report = await app.service.dispatch('importFiles', { token: app.grant('import', [folder]) });
      assert.deepEqual(report.failed.map((f) => f.file), [join(folder, 'broken.html')]);
      assert.ok(report.failed[0]!.error.length > 0);
      assert.ok(report.warnings.some((w) => w.file === join(folder, 'bookshop.html')), JSON.stringify(report.warnings));
      assert.equal(app.bridge.calls.filter((c) => c.method === 'importFiles' || c.method === 'chooseAndImport').length, 0, 'the window started nothing');
      await assertPanelShows(app, report);
      const failure = (await panelList(app, 'failures'))[0]!;
      assert.ok(failure.includes('broken.html') && failure.includes(report.failed[0]!.error));
      await page.locator('library-list .row', { hasText: 'The night market moves to the pier' }).waitFor();

      // A second import from outside replaces the report: the panel shows the new one only.
      await writeFile(join(scratch, 'empty.html'), '');
      const second = await app.service.dispatch('importFiles', { token: app.grant('import', [join(scratch, 'empty.html')]) });
      await until('the second report shown', async () => (await panelList(app, 'failures')).some((f) => f.includes('empty.html')));
      await assertPanelShows(app, second);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('the app bar\'s Import menu shows its report once, from the same event', async () => {
    const app = await harness.open({ articles: [english], host: { chooseImportPaths: async () => [folder] } });
    try {
      const { page } = app;
      const finished = new Promise<ImportReport>((resolve) => {
        const stop = app.service.on('importFinished', (report) => {
          stop();
          resolve(report);
        });
      });
      await importFromAppBar(page);
      const report = await finished;
      await assertPanelShows(app, report);
      assert.deepEqual(app.bridge.calls.filter((c) => c.method === 'chooseAndImport').map((c) => c.arg), [{ kind: 'files' }]);
      await page.locator('import-panel button.close').click();
      await until('the panel closed', async () => (await page.locator('import-panel').count()) === 0);
    } finally {
      await app.close();
    }
  });

  test('a drop reaches the window as a token, which it imports through importFiles, with the same report', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const report = await app.drop([folder]);
      const calls = app.bridge.calls.filter((c) => c.method === 'importFiles');
      assert.equal(calls.length, 1);
      assert.match(JSON.stringify(calls[0]!.arg), /^\{"token":"pt-[0-9a-f]{32}"\}$/, 'the window passed a token, never a path');
      await assertPanelShows(app, report);
    } finally {
      await app.close();
    }
  });

  test('opening an article in another script, and switching its script, asks for it once each time', async () => {
    const app = await harness.open({ articles: [traditional, english], settings: { script: 'hans' } });
    try {
      const { page } = app;
      const gets = (): unknown[] => app.bridge.calls.filter((c) => c.method === 'getArticle').map((c) => c.arg);
      const before = gets().length;
      await openArticle(page, '山区学校的脱贫之路');
      const id = app.ids[0];
      assert.deepEqual(gets().slice(before), [{ id, script: 'hans' }]);
      await page.locator('script-switch [data-script="tw"]').click();
      await articleFrame(page).locator('html[lang="zh-TW"]').waitFor();
      assert.deepEqual(gets().slice(before), [{ id, script: 'hans' }, { id, script: 'tw' }]);
      await page.locator('script-switch [data-script="original"]').click();
      await articleFrame(page).locator('html[lang="zh-Hant"]').waitFor();
      await waitForArticle(page, traditional.title);
      assert.deepEqual(gets().slice(before), [{ id, script: 'hans' }, { id, script: 'tw' }, { id, script: 'original' }]);
    } finally {
      await app.close();
    }
  });
});
