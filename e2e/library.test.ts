/**
 * The first screen (issue 2): the real renderer bundle in Chromium shows the articles of a real
 * archive on disk, and opening one shows its header and body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from './support/app.ts';
import { english, simplified, traditional, wholePage, withRuby } from './fixtures/articles.ts';
import { addSampleArticles, sampleArticles } from '../archive/sample.ts';
import { until } from './support/app.ts';
import { seriousA11yViolations } from './support/reader-page.ts';

describeApp('library and article view', 180_000, (harness) => {

  test('lists the articles of an archive on disk, newest first, with source and date', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      const rows = app.page.locator('library-list .row[data-id]');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 3);
      const titles = await rows.locator('.title').allTextContents();
      assert.deepEqual(titles, [simplified.title, traditional.title, english.title]);
      assert.equal(await rows.nth(0).locator('.source').textContent(), simplified.source);
      assert.match((await rows.nth(0).locator('.date').textContent()) ?? '', /2022/);
      assert.match((await app.page.locator('library-header .count').textContent()) ?? '', /3 articles/);
      assert.deepEqual(app.leaks, []);
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);
    } finally {
      await app.close();
    }
  });

  test('opening an article shows its title, byline, source, date and body in an isolated frame', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      await app.page.locator('library-list .row', { hasText: traditional.title }).click();
      const frame = app.page.frameLocator('article-frame iframe');
      await frame.locator('h1').waitFor();
      assert.equal(await frame.locator('h1').textContent(), traditional.title);
      assert.equal(await frame.locator('.byline').textContent(), traditional.byline);
      assert.equal(await frame.locator('.source').textContent(), traditional.source);
      assert.equal(await frame.locator('time').getAttribute('datetime'), traditional.publishedAt);
      const paragraphs = await frame.locator('.content p').allTextContents();
      assert.deepEqual(paragraphs, traditional.paragraphs);
      assert.equal(await app.page.locator('article-frame iframe').getAttribute('sandbox'), 'allow-same-origin');
      assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-Hant');
      assert.deepEqual(app.leaks, []);
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);
    } finally {
      await app.close();
    }
  });

  test('the sample archive shows its articles and is removed in one step, leaving the empty state', async () => {
    const app = await harness.open({ articles: [], prepare: async (store) => void (await addSampleArticles(store)) });
    try {
      const { page } = app;
      const rows = page.locator('library-list .row[data-id]');
      await rows.first().waitFor();
      assert.deepEqual((await rows.locator('.title').allTextContents()).sort(), sampleArticles().map((a) => a.title).sort());
      await page.locator('.samples button.remove-samples').click();
      await page.locator('empty-state h2').waitFor();
      await until('the archive emptied', () => app.store.size === 0);
      assert.equal(await page.locator('.samples').count(), 0);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('filters: source, tag and publication dates narrow the list, with counts; Clear shows everything again', async () => {
    const app = await harness.open({
      articles: [traditional, simplified, english, withRuby],
      prepare: async (store) => {
        for (const meta of store.all()) if (meta.lang?.startsWith('zh')) await store.update(meta.id, { tags: ['中文'] });
      },
    });
    try {
      const { page } = app;
      const rows = page.locator('library-list .row[data-id]');
      const titles = async (): Promise<string[]> => (await rows.locator('.title').allTextContents()).sort();
      const count = page.locator('library-header .count');
      await rows.first().waitFor();
      const toggle = page.locator('library-header button.filters-toggle');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      // Sources come with their counts, most used first, then by name.
      const sources = await page.locator('library-header select.source-filter option').allTextContents();
      assert.equal(sources.length, 5);
      assert.ok(sources.includes(`${simplified.source} (1)`), sources.join(' | '));

      await page.locator('library-header select.source-filter').selectOption(traditional.source!);
      await until('one source', async () => (await count.textContent()) === '1 article');
      assert.deepEqual(await titles(), [traditional.title]);
      assert.equal(await toggle.textContent(), 'Filters (1)');

      await page.locator('library-header select.source-filter').selectOption('');
      await page.locator('library-header select.tag-filter').selectOption('中文');
      await until('the tagged three', async () => (await count.textContent()) === '3 articles');
      assert.deepEqual(await titles(), [traditional.title, simplified.title, withRuby.title].sort());

      // Published 2020-11-25 … 2021-12-31, among the tagged: 網上課堂 (2020-11-25) and 山區學校 (2021-03-14).
      await page.locator('library-header input.date-from').fill('2020-11-25');
      await page.locator('library-header input.date-to').fill('2021-12-31');
      await until('two in range', async () => (await count.textContent()) === '2 articles');
      assert.deepEqual(await titles(), [traditional.title, withRuby.title].sort());
      assert.equal(await toggle.textContent(), 'Filters (2)');
      assert.deepEqual(await seriousA11yViolations(page), []);

      await page.locator('library-header .filters button.clear').click();
      await until('all four', async () => (await count.textContent()) === '4 articles');
      assert.equal(await page.locator('library-header input.date-from').inputValue(), '');
      assert.equal(await toggle.textContent(), 'Filters');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('a whole-page capture says so in its row, and the Text filter shows articles found or whole pages only', async () => {
    const app = await harness.open({ articles: [english, wholePage] });
    try {
      const { page } = app;
      const rows = page.locator('library-list .row[data-id]');
      const count = page.locator('library-header .count');
      await rows.first().waitFor();
      assert.equal(await rows.filter({ hasText: english.title }).locator('.whole-page').count(), 0);
      assert.equal(await rows.filter({ hasText: wholePage.title }).locator('.whole-page').textContent(), 'whole page');

      await page.locator('library-header button.filters-toggle').click();
      await page.locator('library-header select.extraction-filter').selectOption('whole-page');
      await until('the whole page alone', async () => (await count.textContent()) === '1 article');
      assert.deepEqual(await rows.locator('.title').allTextContents(), [wholePage.title]);
      await page.locator('library-header select.extraction-filter').selectOption('article');
      await until('the article alone', async () => (await rows.locator('.title').allTextContents()).join() === english.title);
      assert.equal(await page.locator('library-header button.filters-toggle').textContent(), 'Filters (1)');
      await page.locator('library-header .filters button.clear').click();
      await until('both', async () => (await count.textContent()) === '2 articles');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('files dragged over the window show where to drop them, and the highlight goes when they leave', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const { page } = app;
      const target = page.locator('reader-app .drop-target');
      assert.equal(await target.count(), 0);
      const drag = (type: string): Promise<void> =>
        page.evaluate((kind) => {
          const data = new DataTransfer();
          data.items.add(new File(['<p>x</p>'], 'page.html', { type: 'text/html' }));
          const app = document.querySelector('reader-app')!;
          app.shadowRoot!.querySelector('library-list')!.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, composed: true }));
        }, type);
      await drag('dragenter');
      await target.waitFor();
      assert.equal(await target.textContent(), 'Drop files or folders to import them');
      await drag('dragleave');
      await target.waitFor({ state: 'detached' });
      // Text dragged from a page is not a drop of files: no highlight.
      await page.evaluate(() => {
        const data = new DataTransfer();
        data.setData('text/plain', 'hello');
        document.querySelector('reader-app')!.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, composed: true }));
      });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.equal(await target.count(), 0);
    } finally {
      await app.close();
    }
  });
});
