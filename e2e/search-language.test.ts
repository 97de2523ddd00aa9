/**
 * The search box's query language in the real renderer against the real service: a phrase, an
 * exclusion and a `source:` filter each narrow the library, typed in either script; a malformed
 * query is explained, and the box shows a short help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractedArticle } from '../archive/model.ts';
import { plainArticle } from '../archive/testing/plain-article.ts';
import { describeApp, until } from './support/app.ts';

const article = (title: string, source: string, lang: string, paragraphs: string[]): ExtractedArticle =>
  plainArticle(title, paragraphs, { source, lang, publishedAt: '2021-03-04' });

const ARTICLES = [
  article('山區的教育', '臨江教育網', 'zh-Hant', ['政府推動教育脫貧，山區學校的老師越來越多。']),
  article('两件事', '城市生活报', 'zh-Hans', ['教育和脱贫是两件事，城市学校的老师并不多。']),
  article('农村报道', '临江教育网', 'zh-Hans', ['农村教育脱贫的报道，记者走访了三个村。']),
  article('學校圖書館', '西部晨報', 'zh-Hant', ['學校的圖書館週末也開放了。']),
  article('Museum day', 'Harbour Times', 'en', ['The railway museum opened on Sunday, near the old station.']),
  article('Exhibits', 'Example Gazette', 'en', ['The museum now has a railway exhibit in its east wing.']),
];

describeApp('search language', 120_000, (harness) => {
  test('a phrase, an exclusion and a source: filter narrow the library in both scripts; a bad query is explained', async () => {
    const app = await harness.open({ articles: ARTICLES });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      const box = page.locator('library-header input[type="search"]');
      const status = page.locator('search-results .status');
      const shows = async (query: string, titles: string[]): Promise<void> => {
        await box.fill(query);
        const expected = titles.length === 0 ? 'No articles match.' : titles.length === 1 ? '1 article matches.' : `${titles.length} articles match.`;
        const same = (shown: string[]) => shown.length === titles.length && shown.every((t) => titles.includes(t));
        let last: { text: string | null; shown: string[] } = { text: null, shown: [] };
        // Results of the previous query can have the same count: wait for these titles too.
        await until(`results of ${query}`, async () => {
          last = { text: await status.textContent().catch(() => null), shown: await page.locator('search-results .hit .title').allTextContents() };
          return last.text === expected && same(last.shown);
        }).catch(() => assert.fail(`${query}: shows "${last.text}" ${JSON.stringify(last.shown)}, expected "${expected}" ${JSON.stringify(titles)}`));
      };
      // Words anywhere, then the same words as a phrase: the article that has them apart drops out.
      await shows('教育 脱贫', ['山區的教育', '两件事', '农村报道']);
      await shows('"教育脱贫"', ['山區的教育', '农村报道']);
      await shows('“教育脫貧”', ['山區的教育', '农村报道']);
      await shows('railway museum', ['Museum day', 'Exhibits']);
      await shows('"railway museum"', ['Museum day']);
      // Exclusions, in either script.
      await shows('学校 -脱贫', ['學校圖書館']);
      await shows('學校 -脫貧', ['學校圖書館']);
      await shows('museum -"railway museum"', ['Exhibits']);
      // A source filter matches the source's name in either script, and combines with the rest.
      await shows('source:临江教育网', ['山區的教育', '农村报道']);
      await shows('source：臨江教育網 -農村', ['山區的教育']);
      await shows('source:"Harbour Times" OR source:西部晨报', ['Museum day', '學校圖書館']);
      // A malformed query says what is wrong instead of guessing.
      await box.fill('"教育');
      await page.locator('search-results .status.error[role="alert"]', { hasText: 'has no closing quote' }).waitFor();
      // The short help opens from the search box.
      await page.locator('library-header .search-help-toggle').click();
      await page.locator('library-header #search-help li', { hasText: '-word' }).waitFor();
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });
});
