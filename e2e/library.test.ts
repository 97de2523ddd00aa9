/**
 * The first screen (issue 2): the real renderer bundle in Chromium shows the articles of a real
 * archive on disk, and opening one shows its header and body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2eHarness, skipReason } from './support/app.ts';
import { english, simplified, traditional } from './fixtures/articles.ts';
import { addSampleArticles, sampleArticles } from '../archive/sample.ts';
import { until } from './support/app.ts';

const skip = skipReason();
if (skip) console.log(`# e2e skipped: ${skip}`);

describe('library and article view', { skip, timeout: 180_000 }, () => {
  let harness: E2eHarness;
  before(async () => {
    harness = await E2eHarness.start();
  });
  after(async () => {
    await harness?.close();
  });

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

  test('the sample archive shows its four articles and is removed in one step, leaving the empty state', async () => {
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
});
