/**
 * The library's sidebar (issue 15): its collections (All, Recently imported, Needs review,
 * Highlighted), tags and sources each show their count and filter the list; the list's rows
 * show source, date, excerpt, a language and script badge and the capture count; the sidebar is
 * one Tab stop walked with the arrow keys; and the screen passes axe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ArticleMeta, ExtractedArticle } from '../archive/model.ts';
import { writeCatalogFiles } from '../archive/store/catalog-file.ts';
import { sha256 } from '../archive/store/durable.ts';
import { emptyCatalog } from '../archive/store/schema.ts';
import { bodyRelPath, newArticleRecord, normalizedText } from '../archive/store/store.ts';
import { IMPORTER_VERSION } from '../archive/version.ts';
import { describeApp, until } from './support/app.ts';
import { seriousA11yViolations } from './support/reader-page.ts';
import { english, simplified, traditional, wholePage, withRuby } from './fixtures/articles.ts';

const DAY = 86_400_000;

interface Placed {
  article: ExtractedArticle;
  /** How long ago it was imported. */
  daysAgo: number;
  tags?: string[];
  highlightCount?: number;
  /** Saved this many times (captures of the same article). */
  captures?: number;
}

/**
 * The archive of these tests, written in the store's own format (as the bench writes its large
 * ones) so that import times, tags and highlight counts are what each test needs: two articles
 * imported this week, one page imported whole, one article with highlights, two tags, four sources.
 */
const PLACED: Placed[] = [
  { article: traditional, daysAgo: 30, tags: ['education'], captures: 2 },
  { article: simplified, daysAgo: 1, tags: ['education', 'library'], highlightCount: 2 },
  { article: english, daysAgo: 40 },
  { article: wholePage, daysAgo: 2 },
  { article: withRuby, daysAgo: 20 },
];

async function writeArchive(dir: string): Promise<void> {
  const catalog = emptyCatalog();
  for (const [i, placed] of PLACED.entries()) {
    const { article } = placed;
    const importedAt = new Date(Date.now() - placed.daysAgo * DAY).toISOString();
    const captures = Array.from({ length: placed.captures ?? 1 }, (_, n) => {
      const bytes = new TextEncoder().encode(`<!-- sidebar ${i}.${n} --><html><body>${article.html}</body></html>`);
      return { sha256: sha256(bytes), ext: 'html', fileName: `page-${i}-${n}.html`, bytes: bytes.byteLength, importedAt, importerVersion: IMPORTER_VERSION, format: 'html', charset: 'utf-8' } as const;
    });
    const id = captures[0]!.sha256.slice(0, 16);
    const { meta, bodyText } = newArticleRecord(id, article, captures[0]!, normalizedText(article.paragraphs));
    const record: ArticleMeta = { ...meta, tags: placed.tags ?? [], captures, ...(placed.highlightCount ? { highlightCount: placed.highlightCount } : {}) };
    catalog.articles[id] = record;
    await mkdir(join(dir, 'articles', id.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, bodyRelPath(id)), bodyText);
  }
  for (const sub of ['originals', 'assets', 'backups']) await mkdir(join(dir, sub), { recursive: true });
  await writeCatalogFiles(dir, catalog);
}

const sidebar = (page: Page, selector: string) => page.locator(`library-sidebar ${selector}`);

async function shownTitles(page: Page): Promise<string[]> {
  return (await page.locator('library-list .row[data-id] .title').allTextContents()).sort();
}

/** Waits until the list shows exactly `titles` (in any order). */
async function expectTitles(page: Page, titles: string[], what: string): Promise<void> {
  const want = [...titles].sort();
  await until(`the list to show ${what}`, async () => JSON.stringify(await shownTitles(page)) === JSON.stringify(want)).catch(async (error: unknown) => {
    assert.deepEqual(await shownTitles(page), want, String(error));
  });
}

async function countOf(page: Page, selector: string): Promise<string> {
  return ((await sidebar(page, `${selector} .count`).textContent()) ?? '').trim();
}

/** The sidebar entry that has focus (its data-* hook), or null when focus is elsewhere. */
function focusedEntry(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) {
      if (active.tagName === 'LIBRARY-SIDEBAR') {
        const entry = active.shadowRoot.activeElement as HTMLElement;
        const hook = ['collection', 'tag', 'source'].find((k) => entry.dataset[k] !== undefined);
        return hook ? `${hook}=${entry.dataset[hook]}` : null;
      }
      active = active.shadowRoot.activeElement;
    }
    return null;
  });
}

describeApp('library sidebar', 240_000, (harness) => {
  const open = () => harness.open({ prepareDir: writeArchive });

  test('each collection shows its count and filters the list to its articles', async () => {
    const app = await open();
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await until('the counts', async () => (await countOf(page, '[data-collection="all"]')) === '5');
      assert.equal(await countOf(page, '[data-collection="recent"]'), '2');
      assert.equal(await countOf(page, '[data-collection="needs-review"]'), '1');
      assert.equal(await countOf(page, '[data-collection="highlighted"]'), '1');
      assert.equal(await sidebar(page, '[data-collection="all"]').getAttribute('aria-current'), 'true');

      await sidebar(page, '[data-collection="recent"]').click();
      await expectTitles(page, [simplified.title, wholePage.title], 'the articles imported this week');
      assert.equal(await sidebar(page, '[data-collection="recent"]').getAttribute('aria-current'), 'true');
      assert.equal(await sidebar(page, '[data-collection="all"]').getAttribute('aria-current'), null);

      await sidebar(page, '[data-collection="needs-review"]').click();
      await expectTitles(page, [wholePage.title], 'the page imported whole');
      await sidebar(page, '[data-collection="highlighted"]').click();
      await expectTitles(page, [simplified.title], 'the article with highlights');
      await sidebar(page, '[data-collection="all"]').click();
      await expectTitles(page, PLACED.map((p) => p.article.title), 'every article');
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);
    } finally {
      await app.close();
    }
  });

  test('each tag and each source is an entry with its count, and shows its articles', async () => {
    const app = await open();
    try {
      const { page } = app;
      await sidebar(page, '[data-tag="education"]').waitFor();
      assert.equal(await countOf(page, '[data-tag="education"]'), '2');
      assert.equal(await countOf(page, '[data-tag="library"]'), '1');
      const sources = await sidebar(page, '[data-source]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.source));
      assert.deepEqual([...sources].sort(), [english.source, simplified.source, traditional.source, withRuby.source].sort());
      assert.equal(await countOf(page, `[data-source="${traditional.source}"]`), '1');

      await sidebar(page, '[data-tag="education"]').click();
      await expectTitles(page, [traditional.title, simplified.title], 'the articles tagged education');
      assert.equal(await sidebar(page, '[data-tag="education"]').getAttribute('aria-current'), 'true');
      await sidebar(page, `[data-source="${english.source}"]`).click();
      await expectTitles(page, [english.title], `the articles from ${english.source}`);
      assert.equal(await sidebar(page, `[data-source="${english.source}"]`).getAttribute('aria-current'), 'true');
      assert.equal(await sidebar(page, '[data-tag="education"]').getAttribute('aria-current'), null);
    } finally {
      await app.close();
    }
  });

  test('rows show source, date, excerpt, a language and script badge and the capture count', async () => {
    const app = await open();
    try {
      const { page } = app;
      const row = (title: string) => page.locator('library-list .row[data-id]', { hasText: title });
      await row(traditional.title).waitFor();
      const hant = row(traditional.title);
      assert.equal(await hant.locator('.source').textContent(), traditional.source);
      assert.match((await hant.locator('.date').textContent()) ?? '', /2021/);
      assert.equal(await hant.locator('.badge [aria-hidden]').textContent(), '繁');
      assert.equal(await hant.locator('.badge').getAttribute('title'), 'Traditional Chinese');
      assert.ok(((await hant.locator('.excerpt').textContent()) ?? '').startsWith(traditional.paragraphs[0]!.slice(0, 20)));
      await until('the capture count', () => hant.locator('.captures').count());
      assert.equal(await hant.locator('.captures span[aria-hidden]').textContent(), '2');
      assert.equal(await hant.locator('.captures .visually-hidden').textContent(), '2 captures');

      assert.equal(await row(simplified.title).locator('.badge [aria-hidden]').textContent(), '简');
      assert.equal(await row(english.title).locator('.badge [aria-hidden]').textContent(), 'EN');
      assert.equal(await row(english.title).locator('.captures').getAttribute('title'), '1 capture');
      // The excerpt runs on into the next paragraph and stops at 120 characters of English.
      const excerpt = (await row(english.title).locator('.excerpt').textContent()) ?? '';
      assert.ok(excerpt.startsWith(`${english.paragraphs[0]} Residents lined`), excerpt);
      assert.ok(excerpt.endsWith('…') && excerpt.length <= 121, excerpt);
    } finally {
      await app.close();
    }
  });

  test('the sidebar is one Tab stop: arrows move between entries, Enter shows one', async () => {
    const app = await open();
    try {
      const { page } = app;
      await sidebar(page, '[data-tag="library"]').waitFor();
      // The sidebar comes right after the app bar, whose last button is the shortcuts sheet.
      await page.locator('[data-action="shortcuts"]').focus();
      await page.keyboard.press('Tab');
      assert.equal(await focusedEntry(page), 'collection=all');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedEntry(page), 'collection=recent');
      await page.keyboard.press('Enter');
      await expectTitles(page, [simplified.title, wholePage.title], 'the articles imported this week');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedEntry(page), 'tag=education');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedEntry(page), 'tag=library');
      await page.keyboard.press(' ');
      await expectTitles(page, [simplified.title], 'the articles tagged library');
      await page.keyboard.press('End');
      assert.match((await focusedEntry(page)) ?? '', /^source=/);
      await page.keyboard.press('Home');
      assert.equal(await focusedEntry(page), 'collection=all');
      // One Tab leaves the sidebar; Shift+Tab comes back to the entry last focused.
      await page.keyboard.press('Tab');
      assert.equal(await focusedEntry(page), null);
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focusedEntry(page), 'collection=all');
    } finally {
      await app.close();
    }
  });

  test('the sidebar speaks the interface language', async () => {
    const app = await harness.open({ prepareDir: writeArchive, settings: { uiLanguage: 'zh-Hant' } });
    try {
      const { page } = app;
      await sidebar(page, '[data-collection="recent"]').waitFor();
      assert.equal(await sidebar(page, '[data-collection="recent"] .name').textContent(), '最近匯入');
      assert.equal(await sidebar(page, '[data-collection="needs-review"] .name').textContent(), '待檢查');
      assert.equal(await sidebar(page, 'nav').getAttribute('aria-label'), '文庫分類');
    } finally {
      await app.close();
    }
  });

  test('the library screen with the sidebar passes axe, with a collection and a tag chosen', async () => {
    const app = await open();
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await sidebar(page, '[data-tag="education"]').waitFor();
      assert.deepEqual(await seriousA11yViolations(page), []);
      await sidebar(page, '[data-collection="highlighted"]').click();
      await expectTitles(page, [simplified.title], 'the article with highlights');
      assert.deepEqual(await seriousA11yViolations(page), []);
      await sidebar(page, '[data-tag="education"]').click();
      await expectTitles(page, [traditional.title, simplified.title], 'the articles tagged education');
      assert.deepEqual(await seriousA11yViolations(page), []);
    } finally {
      await app.close();
    }
  });
});
