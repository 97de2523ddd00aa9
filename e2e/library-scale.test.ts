/**
 * The library at scale: a few thousand articles (pages of 200 fetched on demand) keep a bounded
 * number of rows in the DOM, scroll to the end, and sort and filter through the service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeSyntheticArchive } from '../build/bench/store.ts';
import { describeApp, until } from './support/app.ts';

const COUNT = 3000;

describeApp('library at scale', 300_000, (harness) => {

  test(`${COUNT} articles: rows are virtual, pages load as they scroll into view, sort and filter work`, async () => {
    const app = await harness.open({ prepareDir: (dir) => writeSyntheticArchive(dir, COUNT, () => undefined) });
    try {
      const { page } = app;
      const rows = page.locator('library-list .row');
      await rows.first().waitFor();
      assert.equal(await page.locator('library-header .count').textContent(), `${COUNT.toLocaleString('en-US')} articles`);
      const inDom = await rows.count();
      assert.ok(inDom < 60, `${inDom} rows in the DOM for ${COUNT} articles`);
      const newest = app.store.list({ sort: 'publishedAt', limit: 1 }).items[0]!;
      assert.equal(await rows.first().locator('.title').textContent(), newest.title);
      // Jump to the end: the last page is fetched and the oldest article shows.
      await page.locator('library-list .viewport').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const oldest = app.store.list({ sort: 'publishedAt', order: 'asc', limit: 1 }).items[0]!;
      await page.locator('library-list .row', { hasText: oldest.title }).waitFor();
      assert.ok((await rows.count()) < 60);
      assert.ok(app.bridge.calls.filter((c) => c.method === 'listArticles').length >= 2, 'pages fetched on demand');
      // End and Home from the keyboard move the selection and open the article.
      await page.locator('library-list .viewport').focus();
      await page.keyboard.press('Home');
      await page.frameLocator('article-frame iframe').locator('h1', { hasText: newest.title }).waitFor();
      // Sort by title, then filter to English only.
      await page.locator('library-header select.sort').selectOption('title');
      const byTitle = app.store.list({ sort: 'title', limit: 1 }).items[0]!;
      await until('sorted by title', async () => (await rows.first().locator('.title').textContent()) === byTitle.title);
      await page.locator('library-header select.lang-filter').selectOption('en');
      const english = app.store.list({ lang: 'en', limit: 0 }).total;
      await until('filtered to English', async () => (await page.locator('library-header .count').textContent()) === `${english.toLocaleString('en-US')} articles`);
      const langs = await rows.locator('.title').evaluateAll((titles) => titles.map((t) => t.getAttribute('lang')));
      assert.ok(langs.length > 0 && langs.every((l) => l === 'en'), langs.join(','));
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });
});
