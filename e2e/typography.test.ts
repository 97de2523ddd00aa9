/**
 * Chinese set as a good book sets it (issue 19), in Chromium against the real service: marks
 * shown full-width between Han characters while the archive keeps them as imported, copies that
 * give back the stored characters, and line boxes that never begin with a closing mark or end
 * with an opening one, horizontal and vertical, at three widths and two sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeApp, until } from './support/app.ts';
import { articleFrame, frameStyle, openArticle } from './support/reader-page.ts';
import { laidOutLines } from './support/line-boxes.ts';
import { NO_LINE_END, NO_LINE_START, TYPOGRAPHY_PARAGRAPHS, typographyArticle } from './fixtures/typography.ts';
import { english } from './fixtures/articles.ts';

/** The text of paragraph `n` as the reader shows it. */
const shownParagraph = (page: Page, n: number): Promise<string> => articleFrame(page).locator('.content p').nth(n).evaluate((p) => p.textContent ?? '');

/** Selects paragraph `n` and copies it; resolves to what the copy put on the clipboard (or the selection's text if nothing did). */
const copyParagraph = (page: Page, n: number): Promise<string> =>
  articleFrame(page)
    .locator('.content p')
    .nth(n)
    .evaluate((p) => {
      const doc = p.ownerDocument;
      const range = doc.createRange();
      range.selectNodeContents(p);
      const selection = doc.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      const data = new DataTransfer();
      const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true });
      doc.dispatchEvent(event);
      return event.defaultPrevented ? data.getData('text/plain') : selection.toString();
    });

/** Sets the frame's size and measure as the toolbar would, and waits for the layout. */
async function setLook(page: Page, fontSize: number, measure: number): Promise<void> {
  await page.evaluate(
    `(() => { const f = document.querySelector('reader-app').shadowRoot.querySelector('article-frame'); f.fontSize = ${fontSize}; f.measure = ${measure}; return f.updateComplete; })()`,
  );
  await until(`${fontSize}px text`, async () => (await frameStyle(page, '.content p', 'font-size')) === `${fontSize}px`);
}

describeApp('Chinese typography', 300_000, (harness) => {
  test('half-width marks between Han show full-width (決策部署,聚焦 → 決策部署，聚焦) while the archive keeps them; numbers, URLs and English stay', async () => {
    const app = await harness.open({ articles: [typographyArticle, english] });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      const first = await shownParagraph(page, 0);
      assert.ok(first.includes('決策部署，聚焦'), first);
      assert.ok(!first.includes(','), first);
      const second = await shownParagraph(page, 1);
      assert.ok(second.includes('投入資金35.78億元，實施'), second);
      assert.ok(second.includes('https://example.com/a,b'), second);
      assert.equal(await shownParagraph(page, 4), TYPOGRAPHY_PARAGRAPHS[4]);
      // Stored unchanged: the body in the archive, and what the service hands the window.
      const body = await app.store.getBody(app.ids[0]!);
      assert.equal(body.paragraphs[0], TYPOGRAPHY_PARAGRAPHS[0]);
      assert.ok(body.html.includes('決策部署,聚焦'));
      const view = await app.service.getArticle({ id: app.ids[0]! });
      assert.ok(view?.body.html.includes('決策部署,聚焦'));
      // The option off shows the text exactly as stored.
      await page.locator('reader-toolbar typography-controls button.cjk-punctuation').click();
      await until('marks as stored', async () => (await shownParagraph(page, 0)) === TYPOGRAPHY_PARAGRAPHS[0]);
      await until('the option saved', () => app.store.getSettings().cjkPunctuation === false);
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);
    } finally {
      await app.close();
    }
  });

  test('copying a paragraph gives back the stored characters: with full-width marks shown, with spacing between scripts, in vertical columns', async () => {
    const app = await harness.open({ articles: [typographyArticle] });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      for (const n of [0, 1, 2, 3, 4]) assert.equal(await copyParagraph(page, n), TYPOGRAPHY_PARAGRAPHS[n], `paragraph ${n}`);
      // The quarter-em between Han and Latin is spacing, not a character.
      assert.equal(await frameStyle(page, '.content p', 'text-autospace'), 'normal');
      await page.locator('reader-toolbar typography-controls select.writing-mode').selectOption('vertical');
      await until('vertical columns', async () => (await frameStyle(page, 'html', 'writing-mode')) === 'vertical-rl');
      // One- and two-digit runs stand upright; 35.78, 2311 and 7.25 stay sideways.
      assert.deepEqual(await articleFrame(page).locator('.content .tcy').allTextContents(), ['7', '7', '12']);
      for (const n of [1, 2]) assert.equal(await copyParagraph(page, n), TYPOGRAPHY_PARAGRAPHS[n], `vertical paragraph ${n}`);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('no line begins with ，。、；：？！」』） or ends with 「『（, horizontal and vertical, at three widths and two sizes', async () => {
    const app = await harness.open({ articles: [typographyArticle], viewport: { width: 1280, height: 800 } });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      const bad: string[] = [];
      let counted = 0;
      for (const writing of ['horizontal', 'vertical'] as const) {
        await page.locator('reader-toolbar typography-controls select.writing-mode').selectOption(writing);
        await until(writing, async () => (await frameStyle(page, 'html', 'writing-mode')) === (writing === 'vertical' ? 'vertical-rl' : 'horizontal-tb'));
        for (const fontSize of [16, 22]) {
          for (const measure of [17, 23, 31]) {
            await setLook(page, fontSize, measure);
            const lines = (await laidOutLines(page)).filter((l) => l.paragraph !== 4);
            // The text must really wrap: a line of `measure` em holds about that many characters
            // (a little more where punctuation pairs are compressed).
            const chars = lines.reduce((n, l) => n + l.text.length, 0);
            assert.ok(lines.length >= Math.floor(chars / (measure * 1.3)), `${writing} ${fontSize}px ${measure}em: only ${lines.length} lines for ${chars} characters`);
            counted += lines.length;
            for (const [i, line] of lines.entries()) {
              const next = lines[i + 1];
              if (NO_LINE_START.includes(line.first)) bad.push(`${writing} ${fontSize}px ${measure}em starts: ${line.text}`);
              if (next?.paragraph === line.paragraph && NO_LINE_END.includes(line.last)) bad.push(`${writing} ${fontSize}px ${measure}em ends: ${line.text}`);
            }
          }
        }
      }
      assert.deepEqual(bad, []);
      assert.ok(counted > 200, `${counted} lines checked`);
    } finally {
      await app.close();
    }
  });
});
