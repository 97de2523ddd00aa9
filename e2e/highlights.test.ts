/**
 * Highlights and notes in the real window: made on a selection in 简体, shown on the same
 * characters in 繁體 and 台灣 (where 内存 becomes 記憶體), kept after the window and the archive are
 * closed and opened again, in the Markdown export, and found by searching the note's text.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { plainArticle } from '../archive/testing/plain-article.ts';
import { describeApp, until } from './support/app.ts';
import { openArticle, seriousA11yViolations, waitForArticle } from './support/reader-page.ts';

const TITLE = '电脑内存不足怎么办';
const paragraphs = [
  '很多用户发现电脑运行越来越慢，打开软件时提示内存不足，这时候先别急着换电脑。',
  '这条信息很重要：关掉后台程序以后，再看看浏览器开了多少个标签页。',
];
const article = plainArticle(TITLE, paragraphs, { source: '科技生活', publishedAt: '2024-03-02', lang: 'zh-CN' });

/** Selects `text` in the article frame as a reader's drag would, and lets go of the mouse. */
async function selectInFrame(page: Page, text: string): Promise<void> {
  await page.locator('article-frame').evaluate((frame, wanted) => {
    const doc = frame.shadowRoot!.querySelector('iframe')!.contentDocument!;
    const walker = doc.createTreeWalker(doc.querySelector('.content')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      const range = doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      doc.getSelection()!.removeAllRanges();
      doc.getSelection()!.addRange(range);
      doc.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return;
    }
    throw new Error(`${wanted} is not in the article`);
  }, text);
}

/** The script switch's segment for `mode` (the toolbar's, or the article header's segmented control). */
const scriptButton = (page: Page, mode: string) => page.locator(`script-switch [data-script="${mode}"]`);

/**
 * The highlight marks in the frame: their text and colour, read at one moment (marks are redrawn
 * as highlights change), from the window (the frame runs no script), as selectInFrame does.
 */
function marks(page: Page): Promise<{ text: string; color: string | null }[]> {
  return page.locator('article-frame').evaluate((frame) => {
    const doc = frame.shadowRoot?.querySelector('iframe')?.contentDocument;
    return Array.from(doc?.querySelectorAll('mark.hl') ?? [], (mark) => ({ text: mark.textContent ?? '', color: mark.getAttribute('data-color') }));
  });
}

describeApp('highlights', 400_000, (harness) => {
  test('a highlight made in 简体 stays on its characters in 繁體 and after reopening, is exported and found by its note', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'highlights-export-'));
    const kept = await mkdtemp(join(tmpdir(), 'highlights-archive-'));
    const app = await harness.open({ articles: [article], settings: { script: 'hans' }, host: { chooseExportFolder: async () => outDir } });
    const { page } = app;
    try {
      await openArticle(page, TITLE);
      await selectInFrame(page, '内存不足');
      const popover = page.locator('highlight-popover');
      await popover.waitFor();
      assert.deepEqual(await seriousA11yViolations(page), [], 'axe with the popover open');
      assert.deepEqual(await popover.locator('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim())), [
        'Highlight in yellow', 'Highlight in green', 'Highlight in blue', 'Highlight in pink', 'Add note',
      ]);
      await popover.locator('button[data-color="green"]').click();
      await until('the mark in 简体', async () => JSON.stringify(await marks(page)) === JSON.stringify([{ text: '内存不足', color: 'green' }]));
      assert.equal(await popover.count(), 0, 'the popover goes once used');

      // The same characters in 繁體 (內存不足) and in 台灣, where the phrase is longer (記憶體不足).
      for (const [mode, shown] of [['hant', '內存不足'], ['tw', '記憶體不足'], ['hans', '内存不足']] as const) {
        await scriptButton(page, mode).click();
        await until(`the mark in ${mode}`, async () => (await marks(page)).map((m) => m.text).join('|') === shown);
      }

      // The h key highlights a selection too (yellow); the panel lists both and takes a note.
      await selectInFrame(page, '后台程序');
      await page.locator('article-frame').press('h');
      await until('the second mark', async () => (await marks(page)).some((m) => m.text === '后台程序' && m.color === 'yellow'));
      const toggle = page.locator('[data-action="highlights"]');
      await toggle.click();
      const panel = page.locator('highlights-panel');
      await panel.locator('li').nth(1).waitFor();
      assert.deepEqual(await panel.locator('li button.quote').allTextContents(), ['内存不足', '后台程序']);
      const note = panel.locator('li').first().locator('textarea');
      await note.fill('记得问问蝴蝶兰');
      await note.press('Tab');
      await until('the note saved', () => app.service.store.highlightCatalog.highlights?.[app.ids[0]!]?.[0]?.note === '记得问问蝴蝶兰');
      assert.deepEqual(await seriousA11yViolations(page), [], 'axe with the panel open');
      // A colour change and a removal from the panel.
      await panel.locator('li').nth(1).locator('button.delete').click();
      await until('the removal', async () => (await marks(page)).length === 1);
      await panel.locator('li').first().locator('button.swatch[data-color="blue"]').click();
      await until('the new colour', async () => (await marks(page))[0]?.color === 'blue');
      // "Add note" highlights and puts the focus in the new highlight's note.
      await selectInFrame(page, '浏览器');
      await page.locator('highlight-popover button[data-action="add-note"]').click();
      const third = panel.locator('li').nth(1);
      await until('the new note focused', () => third.locator('textarea').evaluate((el) => el.matches(':focus')).catch(() => false));
      assert.equal(await third.locator('button.quote').textContent(), '浏览器');
      await third.locator('button.delete').click();
      await until('the third removed', async () => (await marks(page)).length === 1);
      // Esc closes the panel and gives the focus back to its button.
      await note.focus();
      await page.keyboard.press('Escape');
      await until('the panel closed', async () => (await panel.count()) === 0);
      assert.equal(await toggle.evaluate((el) => el.matches(':focus')), true);

      // The Markdown export carries the quote and its note, in the script shown (台灣).
      await scriptButton(page, 'tw').click();
      await until('the mark in tw', async () => (await marks(page)).map((m) => m.text).join('|') === '記憶體不足');
      await page.locator('[data-action="export"]').click();
      const dialog = page.locator('export-dialog dialog');
      await dialog.locator('wa-radio-group.format wa-radio[value="md"]').click();
      await dialog.locator('wa-button.run').click();
      await dialog.locator('[role="status"]').waitFor({ timeout: 60_000 });
      const [file] = (await readdir(outDir)).filter((name) => name.endsWith('.md'));
      const markdown = await readFile(join(outDir, file!), 'utf8');
      assert.match(markdown, /## Highlights\n\n> 記憶體不足\n\n记得问问蝴蝶兰\n/);
      await page.keyboard.press('Escape');

      // Searching the note's text (in the other script) finds the article.
      await page.locator('library-header input[type="search"]').fill('蝴蝶蘭');
      await page.locator('search-results .hit .title', { hasText: '電腦記憶體不足怎麼辦' }).waitFor();
      assert.deepEqual(app.leaks, []);
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);

      // The ? sheet lists the key.
      await page.locator('library-header input[type="search"]').press('Escape');
      await page.keyboard.press('?');
      await page.locator('shortcuts-dialog', { hasText: 'Highlight the selected text' }).locator('kbd', { hasText: /^h$/ }).waitFor();
      await page.keyboard.press('Escape');

      // Closed and opened again: a new window on the same archive shows the highlight in place.
      await app.service.dispose();
      await app.store.close();
      await cp(app.dir, kept, { recursive: true });
    } finally {
      await app.close();
    }
    const again = await harness.open({ prepareDir: (dir) => cp(kept, dir, { recursive: true }) });
    try {
      assert.equal(again.store.getSettings().script, 'tw');
      await openArticle(again.page, '電腦記憶體不足怎麼辦');
      await until('the mark after reopening', async () => JSON.stringify(await marks(again.page)) === JSON.stringify([{ text: '記憶體不足', color: 'blue' }]));
      await scriptButton(again.page, 'original').click();
      await waitForArticle(again.page, TITLE);
      await until('the mark in the original', async () => (await marks(again.page)).map((m) => m.text).join('|') === '内存不足');
      assert.equal(await again.page.locator('[data-action="highlights"]').textContent().then((t) => t?.includes('1')), true);
    } finally {
      await again.close();
      await rm(kept, { recursive: true, force: true });
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
