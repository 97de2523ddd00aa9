/**
 * The reader (issue 5) in Chromium against the real service: text size, themes, keyboard flow,
 * reading position, interface languages and `lang` attributes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp, until } from './support/app.ts';
import { articleFrame, chooseTheme, closeReadingSettings, frameStyle, inReadingSettings, openArticle, openReadingSettings, waitForArticle } from './support/reader-page.ts';
import { english, simplified, traditional, withRuby } from './fixtures/articles.ts';
import { syntheticArticle } from '../archive/testing/synthetic.ts';
import { DEFAULT_SETTINGS, SETTING_LIMITS } from '../archive/model.ts';

describeApp('reader', 300_000, (harness) => {

  test('A+ / A− / reset and Ctrl +/−/0 step the article text size by the table\'s step, within its limits, and remember it', async () => {
    const app = await harness.open({ articles: [traditional] });
    // The window reads model.ts's SETTING_LIMITS: the contract and the menu read the same table.
    const { min, max, step } = SETTING_LIMITS.fontSize;
    const start = DEFAULT_SETTINGS.fontSize;
    const textIs = (px: number) => until(`${px}px text`, async () => (await frameStyle(page, '.content p', 'font-size')) === `${px}px`);
    const { page } = app;
    try {
      await openArticle(page, traditional.title);
      assert.equal(await frameStyle(page, '.content p', 'font-size'), `${start}px`);
      // A+ in the Aa panel: the article behind it is the preview.
      const panel = await openReadingSettings(page);
      await panel.locator('.font-larger').click();
      await panel.locator('.font-larger').click();
      await textIs(start + 2 * step);
      await closeReadingSettings(page);
      await page.keyboard.press('Control+Minus');
      await textIs(start + step);
      await page.keyboard.press('Control+Equal');
      await page.keyboard.press('Control+Equal');
      await textIs(start + 3 * step);
      await until('the size saved', () => app.store.getSettings().fontSize === start + 3 * step);
      await page.keyboard.press('Control+0');
      await textIs(start);
      for (let i = 0; i <= (max - start) / step; i++) await page.keyboard.press('Control+Equal');
      await textIs(max);
      assert.equal(await page.locator('reading-settings-panel .font-larger').isDisabled(), true);
      await until(`${max} saved`, () => app.store.getSettings().fontSize === max);
      for (let i = 0; i <= (max - min) / step; i++) await page.keyboard.press('Control+Minus');
      await textIs(min);
      assert.equal(await page.locator('reading-settings-panel .font-smaller').isDisabled(), true);
      await page.keyboard.press('Control+Equal');
      await textIs(min + step);
      await until(`${min + step} saved`, () => app.store.getSettings().fontSize === min + step);
      await page.reload();
      await page.locator('reader-app[ready]').waitFor({ state: 'attached' });
      await openArticle(page, traditional.title);
      assert.equal(await frameStyle(page, '.content p', 'font-size'), `${min + step}px`);
      // The library pane's splitter: its bounds and its arrow-key step are the table's too.
      const pane = SETTING_LIMITS.libraryPaneWidth;
      const splitter = page.locator('div.splitter');
      assert.deepEqual([await splitter.getAttribute('aria-valuemin'), await splitter.getAttribute('aria-valuemax')], [String(pane.min), String(pane.max)]);
      await splitter.focus();
      await page.keyboard.press('ArrowRight');
      await until('the pane one step wider', () => app.store.getSettings().libraryPaneWidth === DEFAULT_SETTINGS.libraryPaneWidth + pane.step);
      assert.deepEqual(app.leaks, []);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('themes: follows the OS until chosen, then light, dark and sepia apply to the window and the article', async () => {
    const app = await harness.open({ articles: [english], colorScheme: 'dark' });
    try {
      const { page } = app;
      await openArticle(page, english.title);
      assert.equal(await page.locator('reader-app').getAttribute('theme'), 'dark');
      assert.equal(await frameStyle(page, 'html', 'background-color'), 'rgb(27, 28, 30)');
      await chooseTheme(page, 'sepia');
      await until('sepia', async () => (await frameStyle(page, 'html', 'background-color')) === 'rgb(244, 236, 216)');
      assert.equal(await page.locator('reader-app').getAttribute('theme'), 'sepia');
      await chooseTheme(page, 'light');
      await until('light', async () => (await frameStyle(page, 'html', 'background-color')) === 'rgb(253, 253, 252)');
      await until('the theme saved', () => app.store.getSettings().theme === 'light');
      await page.emulateMedia({ colorScheme: 'light' });
      await chooseTheme(page, 'system');
      await until('system (light)', async () => (await page.locator('reader-app').getAttribute('theme')) === 'light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await until('system follows the OS to dark', async () => (await frameStyle(page, 'html', 'background-color')) === 'rgb(27, 28, 30)');
    } finally {
      await app.close();
    }
  });

  test('keyboard: j/k move through the library, ? opens the shortcuts, Esc closes them', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await page.keyboard.press('j');
      await waitForArticle(page, simplified.title);
      await page.keyboard.press('j');
      await waitForArticle(page, traditional.title);
      // Keys pressed while the article frame has focus work the same.
      await page.locator('article-frame iframe').focus();
      await articleFrame(page).locator('body').press('j');
      await waitForArticle(page, english.title);
      await articleFrame(page).locator('body').press('k');
      await waitForArticle(page, traditional.title);
      assert.equal(await page.locator('library-list .row[aria-selected="true"] .title').textContent(), traditional.title);
      await page.keyboard.press('?');
      const dialog = page.locator('shortcuts-dialog dialog');
      await until('the shortcuts sheet', () => dialog.isVisible());
      assert.match((await dialog.textContent()) ?? '', /Next article/);
      // Where focus is, through the shadow roots: ['READER-APP', 'LIBRARY-LIST', 'DIV'] …
      const focusChain = (): Promise<string[]> =>
        page.evaluate(() => {
          const chain: string[] = [];
          for (let el: Element | null = document.activeElement; el; el = el.shadowRoot?.activeElement ?? null) chain.push(el.tagName);
          return chain;
        });
      await page.keyboard.press('Escape');
      await until('the sheet closed', async () => !(await dialog.isVisible()));
      // The sheet gives focus back to the article, where it was (on its close event, a task later).
      await until('focus back on the article', async () => (await focusChain()).includes('ARTICLE-FRAME'));
      await page.keyboard.press('Escape');
      // Focus must have reached the list itself (inside the shell's shadow root), not merely the shell.
      await until('focus on the list', async () => {
        const chain = await focusChain();
        return chain[0] === 'READER-APP' && chain.includes('LIBRARY-LIST');
      });
      await page.keyboard.press('ArrowUp');
      await waitForArticle(page, simplified.title);
    } finally {
      await app.close();
    }
  });

  test('the reading position is saved while scrolling and restored when the article opens again', async () => {
    const long = { ...syntheticArticle(7), lang: 'zh-Hans' as const };
    long.paragraphs = Array.from({ length: 60 }, (_, i) => `${long.paragraphs[i % long.paragraphs.length]} (${i})`);
    long.html = long.paragraphs.map((p) => `<p>${p}</p>`).join('');
    const app = await harness.open({ articles: [long, english] });
    try {
      const { page } = app;
      const id = app.ids[0]!;
      await openArticle(page, long.title);
      // What the reader sees at the top of the view: the first paragraph reaching into it, and
      // how far above the view's top that paragraph starts.
      const topOfView = () =>
        articleFrame(page)
          .locator('html')
          .evaluate((root): [string, number] => {
            for (const p of Array.from(root.ownerDocument.querySelectorAll('.content p'))) {
              const box = p.getBoundingClientRect();
              if (box.bottom > 0) return [p.textContent ?? '', Math.round(box.top)];
            }
            return ['', 0];
          });
      await articleFrame(page)
        .locator('html')
        .evaluate((root) => {
          // Paragraph 30 of 60, a third of it scrolled past.
          const p = root.ownerDocument.querySelectorAll('.content p')[30]!;
          p.scrollIntoView();
          root.ownerDocument.scrollingElement!.scrollTop += p.getBoundingClientRect().height / 3;
        });
      const before = await topOfView();
      assert.match(before[0], /\(30\)$/);
      const saved = await until('the position saved', () => {
        const state = app.store.getReadingState(id);
        return state && state.progress > 0 ? state.progress : undefined;
      });
      assert.ok(saved > 0.45 && saved < 0.55, `saved ${saved}`);
      await openArticle(page, english.title);
      await openArticle(page, long.title);
      // Some frames later, once the blocks around the view have been laid out at their real size.
      await page.waitForTimeout(300);
      const after = await topOfView();
      assert.equal(after[0], before[0], 'the same paragraph is at the top of the view');
      assert.ok(Math.abs(after[1] - before[1]) <= 2, `it starts ${after[1]} px from the top, was ${before[1]} px`);
    } finally {
      await app.close();
    }
  });

  test('the interface speaks the system language (简体, 繁體, English) unless one is chosen', async () => {
    for (const [locale, count, lang] of [
      ['zh-CN', '3 篇文章', 'zh-Hans'],
      ['zh-TW', '3 篇文章', 'zh-Hant'],
      ['en-GB', '3 articles', 'en'],
    ] as const) {
      const app = await harness.open({ articles: [traditional, simplified, english], locale });
      try {
        const { page } = app;
        assert.equal(await page.locator('library-header .count').textContent(), count);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        const placeholder = await page.locator('library-header input').getAttribute('placeholder');
        assert.equal(placeholder, { 'zh-Hans': '搜索文库（/）', 'zh-Hant': '搜尋文庫（/）', en: 'Search the archive (/)' }[lang]);
      } finally {
        await app.close();
      }
    }
    const chosen = await harness.open({ articles: [english], locale: 'zh-CN', settings: { uiLanguage: 'en' } });
    try {
      assert.equal(await chosen.page.locator('library-header .count').textContent(), '1 article');
    } finally {
      await chosen.close();
    }
  });

  test('lang attributes follow the text: titles in the list, the article root, the header in the UI language', async () => {
    const app = await harness.open({ articles: [traditional, simplified, english] });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      assert.equal(await page.locator('library-list .row', { hasText: simplified.title }).locator('.title').getAttribute('lang'), 'zh-Hans');
      assert.equal(await page.locator('library-list .row', { hasText: traditional.title }).locator('.title').getAttribute('lang'), 'zh-Hant');
      await openArticle(page, simplified.title);
      assert.equal(await articleFrame(page).locator('html').getAttribute('lang'), 'zh-Hans');
      assert.equal(await articleFrame(page).locator('.provenance').getAttribute('lang'), 'en');
      await openArticle(page, english.title);
      assert.equal(await articleFrame(page).locator('html').getAttribute('lang'), 'en');
    } finally {
      await app.close();
    }
  });

  test('pinyin kept as data is shown on its characters when asked, hidden otherwise', async () => {
    const app = await harness.open({ articles: [withRuby] });
    try {
      const { page } = app;
      await openArticle(page, withRuby.title);
      const rt = articleFrame(page).locator('ruby rt');
      assert.deepEqual(await rt.allTextContents(), ['wǎng', 'zhàn']);
      assert.deepEqual(await articleFrame(page).locator('ruby').evaluateAll((rubies) => rubies.map((r) => r.firstChild?.textContent)), ['網', '戰']);
      assert.equal(await rt.first().isVisible(), false);
      await inReadingSettings(page, (panel) => panel.locator('wa-switch.ruby').click());
      await until('pinyin shown', () => rt.first().isVisible());
      assert.equal(await articleFrame(page).locator('.content p').first().evaluate((p) => p.textContent), '老師在網wǎng上講解作戰zhàn地圖的歷史。');
      await until('the choice saved', () => app.store.getSettings().showRuby === true);
    } finally {
      await app.close();
    }
  });

  test('line spacing, text width and the interface language are chosen from the window and remembered', async () => {
    const app = await harness.open({ articles: [traditional, english] });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      await inReadingSettings(page, async (panel) => {
        await panel.locator('[data-line-height-choice="2.1"]').click();
        await until('loose lines', async () => (await frameStyle(page, '.content p', 'line-height')) === '37.8px');
        await panel.locator('[data-measure-choice="48"]').click();
        await until('a wide column', async () => (await frameStyle(page, 'article', 'max-width')) === '864px');
      });
      await page.locator('[data-action="preferences"]').click();
      await page.locator('preferences-dialog select.ui-language').selectOption('zh-Hant');
      await until('the UI in 繁體', async () => (await page.locator('library-header .count').textContent()) === '2 篇文章');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
      assert.equal((await page.locator('[data-action="import"]').textContent())?.trim(), '匯入');
      await page.keyboard.press('Escape');
      await until('saved', () => {
        const s = app.store.getSettings();
        return s.lineHeight === 2.1 && s.measure === 48 && s.uiLanguage === 'zh-Hant';
      });
    } finally {
      await app.close();
    }
  });

  test('first-line indent: two characters on every paragraph when asked, none otherwise, and remembered', async () => {
    const app = await harness.open({ articles: [traditional] });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      assert.equal(await frameStyle(page, '.content p', 'text-indent'), '0px');
      const panel = await openReadingSettings(page);
      const button = panel.locator('wa-switch.indent');
      const isOn = () => button.evaluate((el) => (el as HTMLElement & { checked: boolean }).checked);
      assert.equal(await isOn(), false);
      await button.click();
      // 2em of the 18 px body text.
      await until('indented', async () => (await frameStyle(page, '.content p', 'text-indent')) === '36px');
      assert.equal(await isOn(), true);
      assert.equal(await frameStyle(page, 'h1', 'text-indent'), '0px', 'the title is not indented');
      await until('saved', () => app.store.getSettings().firstLineIndent === true);
      await button.click();
      await until('flush again', async () => (await frameStyle(page, '.content p', 'text-indent')) === '0px');
    } finally {
      await app.close();
    }
  });
});
