/**
 * The reader's workflows through the real service: switching scripts (the text really changes),
 * searching across scripts, importing from the window with progress, exporting the open article.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeApp, until } from './support/app.ts';
import { articleFrame, exportOpenArticleAsHtml, importFromAppBar, openArticle, waitForArticle } from './support/reader-page.ts';
import { english, simplified, traditional } from './fixtures/articles.ts';

// Hong Kong's standard writes 脱 where OpenCC's Traditional and Taiwan's write 脫.
const SCRIPTS = [
  { mode: 'hans', title: '山区学校的脱贫之路', body: '教育脱贫', lang: 'zh-Hans' },
  { mode: 'hant', title: '山區學校的脫貧之路', body: '教育脫貧', lang: 'zh-Hant' },
  { mode: 'tw', title: '山區學校的脫貧之路', body: '教育脫貧', lang: 'zh-TW' },
  { mode: 'hk', title: '山區學校的脱貧之路', body: '教育脱貧', lang: 'zh-HK' },
  { mode: 'original', title: traditional.title, body: '教育脫貧', lang: 'zh-Hant' },
] as const;

describeApp('workflows', 300_000, (harness) => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'reader-e2e-files-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test('the script switch converts title and body at once (脫貧 → 脱贫) and sets lang, and is remembered', async () => {
    const app = await harness.open({ articles: [traditional, english] });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      const frame = articleFrame(page);
      for (const { mode, title, body: expected, lang } of SCRIPTS) {
        await page.locator(`script-switch [data-script="${mode}"]`).click();
        // hant and tw share a title here: the root's lang says which one is shown.
        await frame.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
        await frame.locator('h1', { hasText: title }).waitFor();
        const body = (await frame.locator('.content').textContent()) ?? '';
        assert.ok(body.includes(expected), `${mode}: ${body.slice(0, 60)}`);
        if (mode === 'hans') {
          assert.doesNotMatch(body, /[脫貧學]/);
          // The header's byline and source are in the same script as the title.
          assert.equal(await frame.locator('.byline').textContent(), '林晓雯');
          assert.equal(await frame.locator('.source').textContent(), '临江教育网');
        }
        assert.equal(await page.locator(`script-switch [data-script="${mode}"]`).getAttribute('aria-checked'), 'true');
      }
      await page.locator('script-switch [data-script="hans"]').click();
      await frame.locator('h1', { hasText: '山区学校的脱贫之路' }).waitFor();
      await until('the script saved', () => app.store.getSettings().script === 'hans');
      // The library's titles and sources follow the script, with lang to match.
      const row = page.locator('library-list .row[data-id]', { hasText: '山区学校的脱贫之路' });
      await row.waitFor();
      assert.equal(await row.locator('.title').getAttribute('lang'), 'zh-Hans');
      assert.equal(await row.locator('.source').textContent(), '临江教育网');
      await page.locator('script-switch [data-script="original"]').click();
      await page.locator('library-list .row .title', { hasText: traditional.title }).waitFor();
      await page.locator('script-switch [data-script="hans"]').click();
      await frame.locator('h1', { hasText: '山区学校的脱贫之路' }).waitFor();
      // English text passes through any script unchanged.
      await openArticle(page, english.title);
      assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
      assert.deepEqual(app.leaks, []);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('search finds across scripts with marked snippets, and j/k walk the results', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await page.keyboard.press('/');
      await until('focus in the search box', () => page.evaluate(() => document.activeElement?.tagName === 'READER-APP'));
      await page.keyboard.type('教育脱贫');
      const hits = page.locator('search-results .hit');
      await hits.first().waitFor();
      assert.deepEqual(await hits.locator('.title').allTextContents(), [traditional.title]);
      assert.match((await hits.first().locator('mark').first().textContent()) ?? '', /教育脫貧|脫貧/);
      await page.locator('library-header input').fill('railway');
      await hits.locator('.title', { hasText: english.title }).waitFor();
      await page.locator('library-header input').fill('圖書館');
      await hits.locator('.title', { hasText: simplified.title }).waitFor();
      await page.keyboard.press('Escape');
      await page.keyboard.press('j');
      await waitForArticle(page, simplified.title);
      await page.locator('library-header input').fill('');
      await page.locator('library-list .row[data-id]').first().waitFor();
      assert.equal(await page.locator('library-list .row[data-id]').count(), 3);
    } finally {
      await app.close();
    }
  });

  test('Import… runs the real import with a progress panel; new articles appear without a reload, failures say why', async () => {
    const folder = join(scratch, 'to-import');
    await rm(folder, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    const page1 = `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>河邊的新公園</title></head><body><article><h1>河邊的新公園</h1>
      <p>市政府在河邊修建了一座新公園，週末吸引了許多家庭前來散步。公園裡種了三百多棵樹，還有一條自行車道。</p>
      <p>附近的居民說，過去這裡是一片空地，現在孩子們放學後都喜歡來這裡玩。</p>
      <p>公園管理處表示，明年春天還會增加一座兒童遊樂場和一間小型圖書室。</p></article></body></html>`;
    await writeFile(join(folder, 'park.html'), page1);
    await writeFile(join(folder, 'empty.html'), '');
    const app = await harness.open({ articles: [english], host: { chooseImportPaths: async () => [folder] } });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await importFromAppBar(page);
      const panel = page.locator('import-panel');
      await panel.locator('h2', { hasText: 'Import finished' }).waitFor({ timeout: 60_000 });
      assert.match((await panel.locator('.counts').textContent()) ?? '', /1 imported.*1 failed/s);
      assert.match((await panel.locator('.failures').textContent()) ?? '', /empty\.html/);
      await page.locator('library-list .row', { hasText: '河邊的新公園' }).waitFor();
      assert.equal(await page.locator('library-list .row[data-id]').count(), 2);
      await panel.locator('button.close').click();
      await until('the panel closed', async () => (await page.locator('import-panel').count()) === 0);
      assert.deepEqual(app.leaks, []);
    } finally {
      await app.close();
    }
  });

  test('Export… writes the open article in the shown script through the contract', async () => {
    const outDir = join(scratch, 'exported');
    await rm(outDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(outDir, { recursive: true }));
    const app = await harness.open({ articles: [traditional], host: { chooseExportFolder: async () => outDir }, settings: { script: 'hans' } });
    try {
      const { page } = app;
      // The list and the reader both show the chosen script.
      await page.locator('library-list .row', { hasText: '山区学校的脱贫之路' }).click();
      await waitForArticle(page, '山区学校的脱贫之路');
      const text = await exportOpenArticleAsHtml(page, outDir);
      assert.match(text, /教育脱贫/);
      await page.keyboard.press('Escape');
      await until('the dialog closed', async () => !(await page.locator('export-dialog dialog').isVisible()));
    } finally {
      await app.close();
    }
  });

  test('find in article (Ctrl+F) works on the converted text, steps through matches, and Esc clears them', async () => {
    const app = await harness.open({ articles: [traditional], settings: { script: 'hans' } });
    try {
      const { page } = app;
      await page.locator('library-list .row', { hasText: '山区学校的脱贫之路' }).click();
      await waitForArticle(page, '山区学校的脱贫之路');
      await page.keyboard.press('Control+f');
      const bar = page.locator('find-bar');
      await bar.locator('input').waitFor();
      await page.keyboard.type('脱贫');
      const marks = articleFrame(page).locator('mark.find');
      await until('two matches (title and body)', async () => (await marks.count()) === 2);
      assert.equal(await bar.locator('.count').textContent(), '1 of 2');
      assert.equal(await articleFrame(page).locator('mark.find.current').textContent(), '脱贫');
      await page.keyboard.press('Enter');
      await until('the second match', async () => (await bar.locator('.count').textContent()) === '2 of 2');
      // The stored (Traditional) spelling is not what is shown, so it is not found.
      await bar.locator('input').fill('脫貧');
      await until('no match', async () => (await bar.locator('.count').textContent()) === 'Not found');
      await bar.locator('input').fill('脱贫');
      await until('matches again', async () => (await marks.count()) === 2);
      await page.keyboard.press('Escape');
      await until('the bar closed and the marks cleared', async () => (await bar.count()) === 0 && (await marks.count()) === 0);
      assert.match((await articleFrame(page).locator('.content').textContent()) ?? '', /教育脱贫/);
    } finally {
      await app.close();
    }
  });

  test('tags are edited on the open article, filter the library, and Remove asks before deleting', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      const { page } = app;
      const [tradId] = app.ids;
      await openArticle(page, traditional.title);
      const actions = page.locator('article-actions');
      await actions.locator('input.add-tag').fill('教育');
      await actions.locator('input.add-tag').press('Enter');
      await actions.locator('button.tag', { hasText: '教育' }).waitFor();
      await until('the tag saved', () => app.store.get(tradId!)?.tags.includes('教育'));
      await actions.locator('button.tag', { hasText: '教育' }).click();
      await until('the library filtered by tag', async () => (await page.locator('library-list .row[data-id]').count()) === 1);
      await page.locator('button.clear-tag').click();
      await until('all articles again', async () => (await page.locator('library-list .row[data-id]').count()) === 3);
      await actions.locator('button.remove').click();
      const confirm = actions.locator('dialog');
      await until('asked first', () => confirm.isVisible());
      await confirm.locator('button.keep').click();
      assert.equal(app.store.size, 3, 'nothing removed when the user keeps it');
      await actions.locator('button.remove').click();
      await confirm.locator('button.confirm').click();
      await until('removed', () => app.store.size === 2 && !app.store.get(tradId!));
      await until('gone from the list', async () => (await page.locator('library-list .row[data-id]').count()) === 2);
      assert.equal(await page.locator('article-frame').count(), 0);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('multi-select (Ctrl+click, Shift+click, Space) tags, exports and removes several articles at once', async () => {
    const outDir = join(scratch, 'exported-many');
    await rm(outDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(outDir, { recursive: true }));
    const app = await harness.open({ articles: [traditional, simplified, english], host: { chooseExportFolder: async () => outDir } });
    try {
      const { page } = app;
      const rows = page.locator('library-list .row[data-id]');
      await rows.first().waitFor();
      await rows.nth(0).click({ modifiers: ['Control'] });
      await rows.nth(2).click({ modifiers: ['Shift'] });
      const bar = page.locator('selection-bar');
      await until('three selected', async () => (await bar.locator('.count').textContent()) === '3 selected');
      await rows.nth(1).click({ modifiers: ['Control'] });
      await until('two selected', async () => (await bar.locator('.count').textContent()) === '2 selected');
      assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-checked'))), ['true', 'false', 'true']);
      const chosen = await rows.evaluateAll((els) => els.filter((el) => el.getAttribute('aria-checked') === 'true').map((el) => el.getAttribute('data-id')!));
      await bar.locator('input.tag-selected').fill('讀過');
      await bar.locator('input.tag-selected').press('Enter');
      await until('both tagged', () => chosen.every((id) => app.store.get(id)?.tags.includes('讀過')));
      await bar.locator('button.export-selected').click();
      const dialog = page.locator('export-dialog dialog');
      await until('the export dialog', () => dialog.isVisible());
      assert.equal(await dialog.locator('.what').textContent(), '2 articles');
      await dialog.locator('wa-radio-group.format wa-radio[value="md"]').click();
      await dialog.locator('wa-button.run').click();
      await dialog.locator('[role="status"]').waitFor({ timeout: 60_000 });
      assert.equal((await readdir(outDir)).filter((f) => f.endsWith('.md')).length, 2);
      await page.keyboard.press('Escape');
      await until('the dialog closed', async () => !(await dialog.isVisible()));
      await bar.locator('button.remove-selected').click();
      await bar.locator('dialog button.confirm').click();
      await until('both removed', () => app.store.size === 1 && chosen.every((id) => !app.store.get(id)));
      await until('the list shows one', async () => (await rows.count()) === 1);
      assert.equal(await page.locator('selection-bar').count(), 0);
      // Space on the current row toggles it.
      await page.locator('library-list .viewport').focus();
      await page.keyboard.press('Home');
      await page.locator('library-list .row[aria-selected="true"]').waitFor();
      await page.keyboard.press(' ');
      await until('one selected', async () => (await page.locator('selection-bar .count').textContent()) === '1 selected');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });
});
