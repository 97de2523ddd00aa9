/**
 * The designed window of issue 15 in Chromium: the app bar, the Aa panel changing the article
 * while it is open, the segmented script switch, the Preferences dialog, the reading time and
 * the progress bar; axe on each of them in light and dark; Tab and Esc on every new control.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeApp, until, type AppSession } from './support/app.ts';
import { articleFrame, closeReadingSettings, frameStyle, openArticle, openReadingSettings, scriptSegment, seriousA11yViolations } from './support/reader-page.ts';
import { english, simplified, traditional } from './fixtures/articles.ts';
import type { ExtractedArticle } from '../archive/model.ts';

/** The focused element across shadow roots, as `tag[data-action]` or `tag.class` or `tag`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const action = el.getAttribute('data-action');
    const hook = el.getAttribute('data-script');
    return `${el.tagName.toLowerCase()}${action ? `[${action}]` : hook ? `[${hook}]` : el.classList[0] ? `.${el.classList[0]}` : ''}`;
  });
}

function assertClean(app: AppSession): void {
  assert.deepEqual(app.cspReports, [], 'no CSP violation on the console');
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.leaks, []);
}

// 17 Han characters a sentence, 5 sentences a paragraph, 20 paragraphs: 1,700 characters, 4.25 minutes at 400 a minute.
const HAN_SENTENCE = '這所學校的老師每天都在圖書館裡讀書。';
const longChinese: ExtractedArticle = {
  ...traditional,
  title: '圖書館裡的老師',
  paragraphs: Array.from({ length: 20 }, () => HAN_SENTENCE.repeat(5)),
  html: Array.from({ length: 20 }, () => `<p>${HAN_SENTENCE.repeat(5)}</p>`).join('\n'),
};
// 12 words a sentence, 10 a paragraph, 6 paragraphs: 720 words, 3.1 minutes at 230 a minute.
const EN_SENTENCE = 'The valley railway carried nine hundred riders on its first day back. ';
const longEnglish: ExtractedArticle = {
  ...english,
  title: 'Riders Return to the Valley Line',
  paragraphs: Array.from({ length: 6 }, () => EN_SENTENCE.repeat(10).trim()),
  html: Array.from({ length: 6 }, () => `<p>${EN_SENTENCE.repeat(10).trim()}</p>`).join('\n'),
};

describeApp('window design', 420_000, (harness) => {
  test('the app bar: search, import files or a folder, export, Aa, preferences and shortcuts, each named and reached by Tab', async () => {
    const app = await harness.open({ articles: [traditional, english], host: { chooseImportPaths: async () => null } });
    try {
      const { page } = app;
      await openArticle(page, english.title);
      const names: Record<string, string> = {};
      for (const action of ['search', 'import', 'export', 'reading-settings', 'preferences', 'shortcuts']) {
        const button = page.locator(`app-bar [data-action="${action}"]`);
        names[action] = ((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim();
        assert.ok(names[action], `${action} has a name`);
      }
      assert.equal(names['reading-settings'], 'Reading settings');
      // Tab walks the bar in order.
      await page.locator('[data-action="search"]').focus();
      const order = ['button[search]'];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused(page));
      }
      assert.deepEqual(order, ['button[search]', 'button[import]', 'button[export]', 'button[reading-settings]', 'button[preferences]', 'button[shortcuts]']);
      // Search puts the caret in the library's search box.
      await page.locator('[data-action="search"]').click();
      await until('the search box focused', async () => (await focused(page)) === 'input');
      // Import is a menu: files, or a folder.
      await page.locator('[data-action="import"]').click();
      await page.locator('wa-dropdown-item.import-folder').click();
      await until('a folder asked for', () => app.bridge.calls.some((c) => c.method === 'chooseAndImport'));
      await page.locator('[data-action="import"]').click();
      await page.locator('wa-dropdown-item.import-files').click();
      await until('files asked for', () => app.bridge.calls.filter((c) => c.method === 'chooseAndImport').length === 2);
      assert.deepEqual(app.bridge.calls.filter((c) => c.method === 'chooseAndImport').map((c) => c.arg), [{ kind: 'folder' }, { kind: 'files' }]);
      // Export opens its dialog for the open article.
      await page.locator('[data-action="export"]').click();
      await until('the export dialog', () => page.locator('export-dialog dialog').isVisible());
      await page.keyboard.press('Escape');
      await until('export closed', async () => !(await page.locator('export-dialog dialog').isVisible()));
      // The shortcuts sheet lists the new keys.
      await page.locator('[data-action="shortcuts"]').click();
      const sheet = page.locator('shortcuts-dialog dialog');
      await until('the shortcuts sheet', () => sheet.isVisible());
      const text = (await sheet.textContent()) ?? '';
      assert.match(text, /a\s*Reading settings \(Aa\)/);
      assert.match(text, /Ctrl\/⌘ ,\s*Preferences/);
      await page.keyboard.press('Escape');
      await until('sheet closed', async () => !(await sheet.isVisible()));
      assertClean(app);
    } finally {
      await app.close();
    }
  });

  test('the Aa panel changes the article while it stays open: size, font, theme; `a` opens it, Esc closes it and focus returns', async () => {
    const app = await harness.open({ articles: [traditional], settings: { theme: 'light', fontFamily: 'sans' } });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      const panel = await openReadingSettings(page);
      const size = await frameStyle(page, '.content p', 'font-size');
      await panel.locator('.font-larger').click();
      await until('larger text behind the open panel', async () => (await frameStyle(page, '.content p', 'font-size')) !== size);
      assert.equal(await frameStyle(page, '.content p', 'font-size'), `${parseInt(size, 10) + 2}px`);
      assert.match(await frameStyle(page, '.content p', 'font-family'), /Sans CJK/);
      await panel.locator('[data-font-choice="serif"]').click();
      await until('the serif face with its CJK serif', async () => /Serif CJK/.test(await frameStyle(page, '.content p', 'font-family')));
      assert.equal(await panel.locator('[data-font-choice="serif"]').getAttribute('aria-checked'), 'true');
      await panel.locator('[data-theme-choice="dark"]').click();
      await until('dark article', async () => (await frameStyle(page, 'html', 'background-color')) === 'rgb(27, 28, 30)');
      assert.equal(await page.locator('reader-app').getAttribute('theme'), 'dark');
      await panel.locator('[data-theme-choice="sepia"]').click();
      await until('sepia article', async () => (await frameStyle(page, 'html', 'background-color')) === 'rgb(244, 236, 216)');
      assert.ok(await panel.isVisible(), 'the panel stayed open through every change');
      await until('saved', () => {
        const s = app.store.getSettings();
        return s.theme === 'sepia' && s.fontFamily === 'serif' && s.fontSize === parseInt(size, 10) + 2;
      });
      // Tab moves through the panel's controls.
      await panel.locator('.font-smaller').focus();
      const walked: string[] = [];
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('Tab');
        walked.push(await focused(page));
      }
      assert.deepEqual(walked, ['button.font-larger', 'button.font-reset', 'wa-radio'], 'A+, reset, then the font choice');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
      await until('focus back on Aa', async () => (await focused(page)) === 'button[reading-settings]');
      // The `a` key opens it from anywhere outside a text field.
      await page.locator('library-list .viewport').focus();
      await page.keyboard.press('a');
      await panel.waitFor({ state: 'visible' });
      await closeReadingSettings(page);
      assertClean(app);
    } finally {
      await app.close();
    }
  });

  test('the script switch is one segmented control in the article header: click or arrow keys, the current one checked', async () => {
    const app = await harness.open({ articles: [traditional] });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      const group = page.locator('article-actions script-switch wa-radio-group');
      assert.equal(await group.locator('wa-radio').count(), 5);
      const checked = async () => (await page.locator('script-switch [aria-checked="true"]').getAttribute('data-script')) ?? '';
      assert.equal(await checked(), 'original');
      await scriptSegment(page, 'hans').click();
      await articleFrame(page).locator('h1', { hasText: '山区学校的脱贫之路' }).waitFor();
      assert.equal(await checked(), 'hans');
      assert.equal(await page.locator('script-switch [aria-checked="true"]').count(), 1);
      await page.keyboard.press('ArrowRight');
      await articleFrame(page).locator('html[lang="zh-Hant"]').waitFor({ state: 'attached' });
      assert.equal(await checked(), 'hant');
      await until('saved', () => app.store.getSettings().script === 'hant');
      assertClean(app);
    } finally {
      await app.close();
    }
  });

  test('Preferences: the interface language and the defaults; Ctrl+, opens it, Esc closes it and focus returns', async () => {
    const app = await harness.open({ articles: [traditional, english], settings: { theme: 'light' } });
    try {
      const { page } = app;
      await openArticle(page, english.title);
      assert.equal(await page.locator('library-header select.ui-language').count(), 0, 'no language select left in the library');
      await page.locator('[data-action="preferences"]').click();
      const dialog = page.locator('preferences-dialog wa-dialog');
      await until('open', () => page.locator('preferences-dialog select.ui-language').isVisible());
      await until('focus in the dialog, on Close', async () => (await focused(page)) === 'button.close');
      await page.locator('preferences-dialog select.ui-language').focus();
      const walked: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        walked.push(await focused(page));
      }
      assert.deepEqual(walked, ['select.default-script', 'select.default-theme', 'select.default-font-size', 'button.close'], 'Tab walks the preferences');
      await page.locator('preferences-dialog select.ui-language').selectOption('zh-Hans');
      await until('the UI in 简体', async () => (await page.locator('[data-action="import"]').textContent())?.trim() === '导入');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
      assert.equal(await page.locator('[data-action="preferences"]').getAttribute('aria-label'), '偏好设置');
      await page.locator('preferences-dialog select.default-theme').selectOption('dark');
      await until('dark', async () => (await page.locator('reader-app').getAttribute('theme')) === 'dark');
      await page.locator('preferences-dialog select.default-font-size').selectOption('24');
      await until('24px text', async () => (await frameStyle(page, '.content p', 'font-size')) === '24px');
      await page.locator('preferences-dialog select.default-script').selectOption('tw');
      await until('saved', () => {
        const s = app.store.getSettings();
        return s.uiLanguage === 'zh-Hans' && s.theme === 'dark' && s.fontSize === 24 && s.script === 'tw';
      });
      await page.keyboard.press('Escape');
      await until('closed', async () => !(await dialog.evaluate((d) => (d as HTMLElement & { open: boolean }).open)));
      await until('focus back on the preferences button', async () => (await focused(page)) === 'button[preferences]');
      await page.locator('library-list .viewport').focus();
      await page.keyboard.press('Control+Comma');
      await until('open again', () => page.locator('preferences-dialog select.ui-language').isVisible());
      await page.locator('preferences-dialog button.close').click();
      await until('closed again', async () => !(await page.locator('preferences-dialog select.ui-language').isVisible()));
      assertClean(app);
    } finally {
      await app.close();
    }
  });

  test('the article header shows the reading time (characters a minute for Chinese, words for English); the progress bar follows the scroll', async () => {
    const app = await harness.open({ articles: [longChinese, longEnglish] });
    try {
      const { page } = app;
      await openArticle(page, longChinese.title);
      await until('5 minutes for 1,700 characters', async () => (await page.locator('article-actions .reading-time').textContent())?.trim() === '5 min read');
      const bar = page.locator('.reading-progress');
      assert.equal(await bar.getAttribute('aria-valuenow'), '0');
      // Blocks off screen are laid out as they come into view: scroll to the end until it stays the end
      // (the frame runs no script, so the loop is here, not in the frame).
      const html = articleFrame(page).locator('html');
      await until('scrolled to the end', () =>
        html.evaluate((root) => {
          const scroller = root.ownerDocument.scrollingElement!;
          scroller.scrollTo(0, scroller.scrollHeight);
          return scroller.scrollTop >= scroller.scrollHeight - scroller.clientHeight - 1;
        }),
      );
      await until('the bar at the end', async () => Number(await bar.getAttribute('aria-valuenow')) >= 95);
      const fillShare = () => bar.locator('.reading-progress-fill').evaluate((fill) => fill.getBoundingClientRect().width / fill.parentElement!.getBoundingClientRect().width);
      await until('the fill spans the bar', async () => (await fillShare()) > 0.9);
      await openArticle(page, longEnglish.title);
      await until('4 minutes for 720 words', async () => (await page.locator('article-actions .reading-time').textContent())?.trim() === '4 min read');
      assertClean(app);
    } finally {
      await app.close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds nothing serious in the ${theme} theme: library, reader, the Aa panel open, Preferences open`, async () => {
      const app = await harness.open({ articles: [traditional, simplified, english], settings: { theme } });
      try {
        const { page } = app;
        await page.locator('library-list .row[data-id]').first().waitFor();
        assert.deepEqual(await seriousA11yViolations(page), [], 'library');
        await openArticle(page, traditional.title);
        assert.deepEqual(await seriousA11yViolations(page), [], 'reader');
        // axe measures colours as they are painted: without the panel's fade, nothing is half-way.
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await openReadingSettings(page);
        assert.deepEqual(await seriousA11yViolations(page), [], 'Aa panel');
        await closeReadingSettings(page);
        await page.locator('[data-action="preferences"]').click();
        await until('preferences', () => page.locator('preferences-dialog select.ui-language').isVisible());
        assert.deepEqual(await seriousA11yViolations(page), [], 'preferences');
        await page.keyboard.press('Escape');
        assertClean(app);
      } finally {
        await app.close();
      }
    });
  }
});
