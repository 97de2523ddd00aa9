/**
 * View original, in the real window: a hostile saved page shown beside the article (or instead
 * of it) runs nothing, fetches nothing and goes nowhere, counted as the article frame's test
 * counts; its own CSS applies where it is local; every capture can be chosen; a page imported
 * whole says this is where to check it; the keys and axe hold with the original open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeApp, until, type AppSession } from './support/app.ts';
import { openArticle, seriousA11yViolations } from './support/reader-page.ts';
import { english, wholePage } from './fixtures/articles.ts';
import { HOSTILE_ORIGINAL, pierArticle, SECOND_ORIGINAL } from './fixtures/originals.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The app with the pier article, whose two captures are the hostile page and a second, plain one. */
function openWithPier(harness: { open: (o: object) => Promise<AppSession> }): Promise<AppSession> {
  return harness.open({
    articles: [english, wholePage],
    prepare: async (store: AppSession['store']) => {
      const first = await store.addArticle({ article: pierArticle, original: { bytes: bytes(HOSTILE_ORIGINAL), fileName: 'pier.html', ext: 'html' } });
      const second = await store.addArticle({ article: pierArticle, original: { bytes: bytes(SECOND_ORIGINAL), fileName: 'pier-evening.html', ext: 'html' } });
      assert.equal(second.status, 'capture');
      assert.equal(second.id, first.id);
    },
  });
}

const original = (page: Page) => page.frameLocator('original-frame iframe');
const viewButton = (page: Page) => page.locator('article-actions [data-action="view-original"]');

async function shownViews(page: Page): Promise<{ article: boolean; original: boolean }> {
  return { article: await page.locator('article-frame').isVisible(), original: await page.locator('original-frame').isVisible() };
}

describeApp('view original', 240_000, (harness) => {
  test('a hostile original shown beside the article runs no script, makes no request and goes nowhere', async () => {
    const app = await openWithPier(harness);
    const tripped: string[] = [];
    try {
      const { page } = app;
      await app.context.exposeBinding('__tripwire', (_source, what: string) => void tripped.push(what));
      await openArticle(page, pierArticle.title);
      await viewButton(page).click();
      const frame = original(page);
      await frame.locator('h1', { hasText: 'Harbour Times masthead' }).waitFor();
      assert.deepEqual(await shownViews(page), { article: true, original: true }, 'side by side');
      assert.equal(await viewButton(page).getAttribute('aria-pressed'), 'true');
      // Every trap gets its chance: hover the handler, click each kind of link, the form's button, the summary.
      await frame.locator('#hover').hover();
      for (const link of ['#remote-link', '#js-link', '#fragment-link']) await frame.locator(link).click();
      await frame.locator('#send').click({ force: true });
      await frame.locator('summary').click();
      await page.waitForTimeout(1500);
      assert.deepEqual(tripped, [], 'no script of the page ran');
      assert.ok(app.served.some((url) => url.endsWith('/app.js')), 'interception saw the app load');
      assert.deepEqual(app.leaks, [], 'no request left the app');
      assert.deepEqual(app.attempts, [], 'nothing even tried: remote resources were taken out before the frame saw them');
      assert.deepEqual(app.cspReports, [], 'nothing was left for the policy to refuse');
      assert.deepEqual(app.errors, []);
      // Clicking links navigated nothing: the window, and every frame, are where they were.
      assert.equal(await page.title(), 'Reader');
      for (const f of page.frames().slice(1)) assert.equal(f.url(), 'about:srcdoc', 'no frame navigated, no nested frame exists');
      assert.equal(await page.locator('original-frame iframe').getAttribute('sandbox'), 'allow-same-origin', 'no scripts, forms, popups or navigation');
      const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').evaluateAll((metas) => metas.map((m) => m.getAttribute('content')));
      assert.equal(csp.length, 1, "the page's own policy is gone, ours is the one");
      assert.match(csp[0] ?? '', /script-src 'none'/);
      // The page's own look, where it is local: its CSS applies, its inline image shows, nothing remote.
      const probes: [string, string][] = [['h1', 'color'], ['#styled', 'color'], ['#styled', 'background-image'], ['body', 'background-image'], ['#hover', 'background-image'], ['#hover', 'cursor'], ['#prop', 'background-image']];
      const values = await frame.locator('body').evaluate((body, list) => list.map(([sel, prop]) => getComputedStyle(body.ownerDocument.querySelector(sel!)!).getPropertyValue(prop!)), probes);
      const [masthead, styled, styledBg, bodyBg, hoverBg, cursor, propBg] = values;
      const pixel = await frame.locator('#pixel').evaluate((img) => (img as HTMLImageElement).naturalWidth);
      const look = { masthead, styled, styledBg, bodyBg, hoverBg, cursor, propBg, pixel };
      assert.deepEqual(look, { masthead: 'rgb(10, 20, 30)', styled: 'rgb(40, 50, 60)', styledBg: 'none', bodyBg: 'none', hoverBg: 'none', cursor: 'auto', propBg: 'none', pixel: 1 });
      assert.equal(await frame.locator('#send').isDisabled(), true, 'form controls are shown, disabled');
      assert.equal(await frame.locator('#remote-link').getAttribute('title'), 'https://evil.example/home', 'the address stays readable');
    } finally {
      await app.close();
    }
  });

  test('side by side, then instead, then back with Esc; the o key cycles; the capture chooser shows the second capture', async () => {
    const app = await openWithPier(harness);
    try {
      const { page } = app;
      await openArticle(page, pierArticle.title);
      await viewButton(page).click();
      await original(page).locator('h1', { hasText: 'Harbour Times masthead' }).waitFor();
      await viewButton(page).click();
      await until('the original instead of the article', async () => {
        const views = await shownViews(page);
        return !views.article && views.original;
      });
      const chooser = page.locator('original-frame select.capture');
      // The chooser and the frame are reached by Tab from the View original button.
      await viewButton(page).focus();
      const reached: string[] = [];
      for (let i = 0; i < 12 && !reached.includes('iframe'); i++) {
        await page.keyboard.press('Tab');
        reached.push(await page.evaluate(() => {
          let el: Element | null = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el ? `${el.tagName.toLowerCase()}${el.classList.length ? `.${el.classList[0]}` : ''}` : '';
        }));
      }
      assert.ok(reached.includes('select.capture') && reached.includes('iframe'), reached.join(', '));
      assert.deepEqual(await chooser.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('data-capture'))), ['0', '1']);
      await chooser.selectOption('1');
      await original(page).locator('.edition', { hasText: 'Second capture, evening edition' }).waitFor();
      assert.equal(await original(page).locator('h1').count(), 0, "the first capture's page is gone");
      // Esc in the chooser (the bar) goes back to the article alone.
      await chooser.focus();
      await page.keyboard.press('Escape');
      await until('the article alone', async () => {
        const views = await shownViews(page);
        return views.article && !views.original;
      });
      // The key cycles article → side by side → original → article, from the article frame too.
      await page.locator('article-frame').focus();
      await page.keyboard.press('o');
      await page.locator('original-frame iframe').waitFor();
      assert.deepEqual(await shownViews(page), { article: true, original: true });
      await page.keyboard.press('o');
      await until('the original alone', async () => !(await shownViews(page)).article);
      // Esc typed inside the original frame comes back to the article too.
      await original(page).locator('body').press('Escape');
      await until('the article alone', async () => (await shownViews(page)).article && !(await shownViews(page)).original);
      await page.keyboard.press('?');
      const sheet = page.locator('shortcuts-dialog dialog');
      await sheet.waitFor();
      assert.ok((await sheet.textContent())?.includes('side by side with the original'), 'the key is in the ? sheet');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('a page imported whole says the original is where to check it; axe finds nothing serious with the original open', async () => {
    const app = await openWithPier(harness);
    try {
      const { page } = app;
      await openArticle(page, wholePage.title);
      await viewButton(page).click();
      const note = page.locator('original-frame .review');
      await note.waitFor();
      assert.match((await note.textContent()) ?? '', /whole text was kept/);
      await original(page).locator('body', { hasText: '出发那天下着小雨' }).waitFor();
      assert.deepEqual(await seriousA11yViolations(page), []);
      // The view is kept from article to article: the next one opens beside its original too.
      await openArticle(page, pierArticle.title);
      await original(page).locator('h1', { hasText: 'Harbour Times masthead' }).waitFor();
      assert.equal(await page.locator('original-frame .review').count(), 0, 'an extracted article has no review note');
      assert.deepEqual(await seriousA11yViolations(page), []);
    } finally {
      await app.close();
    }
  });
});
