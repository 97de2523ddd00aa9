/**
 * The index's catch-up in the window: the service's `indexProgress` events draw a bar over the
 * library with the counts, and the bar goes away when the index has caught up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractedArticle } from '../archive/model.ts';
import { describeApp, until } from './support/app.ts';

const ARTICLE: ExtractedArticle = {
  title: '港口的一天',
  byline: null,
  source: null,
  publishedAt: '2021-03-04',
  url: null,
  lang: 'zh-Hans',
  html: '<p>港口的集装箱吞吐量创新高。</p>',
  paragraphs: ['港口的集装箱吞吐量创新高。'],
  ruby: [],
  excerpt: null,
  format: 'html',
  charset: 'utf-8',
  assets: [],
};

describeApp('index progress', 60_000, (harness) => {
  test('the window shows how far the index is while it catches up, and hides the bar when it is done', async () => {
    const app = await harness.open({ articles: [ARTICLE] });
    try {
      const { page, service } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      const bar = page.locator('index-progress progress');
      assert.equal(await bar.count(), 0, 'nothing to catch up: no bar');
      service.emit('indexProgress', { done: 120, total: 480 });
      await bar.waitFor();
      assert.equal(await bar.getAttribute('max'), '480');
      assert.equal(await bar.evaluate((el) => (el as HTMLProgressElement).value), 120);
      assert.match((await page.locator('index-progress [role="status"]').textContent()) ?? '', /120 of 480/);
      service.emit('indexProgress', { done: 480, total: 480 });
      await until('the bar to go', async () => (await bar.count()) === 0);
    } finally {
      await app.close();
    }
  });
});
