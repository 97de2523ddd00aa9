/**
 * Accessibility: axe-core finds no serious or critical violation on any screen (empty library,
 * library with an article open, dark and sepia themes, the shortcuts sheet), and every control is
 * reachable from the keyboard with a visible focus ring.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeApp, until } from './support/app.ts';
import { importFromAppBar, openArticle, seriousA11yViolations } from './support/reader-page.ts';
import { english, simplified, traditional, withRuby } from './fixtures/articles.ts';

describeApp('accessibility', 240_000, (harness) => {

  test('the empty library invites an import and passes axe', async () => {
    const app = await harness.open();
    try {
      const { page } = app;
      await page.locator('empty-state h2').waitFor();
      assert.equal(await page.locator('empty-state h2').textContent(), 'Your archive is empty');
      assert.deepEqual(await seriousA11yViolations(page), []);
    } finally {
      await app.close();
    }
  });

  for (const theme of ['light', 'dark', 'sepia'] as const) {
    test(`library and reader in the ${theme} theme pass axe`, async () => {
      const app = await harness.open({ articles: [traditional, simplified, english, withRuby], settings: { theme } });
      try {
        const { page } = app;
        await openArticle(page, traditional.title);
        assert.deepEqual(await seriousA11yViolations(page), []);
      } finally {
        await app.close();
      }
    });
  }

  test('the shortcuts sheet is a labelled modal dialog that passes axe', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const { page } = app;
      await page.locator('library-list .row[data-id]').first().waitFor();
      await page.keyboard.press('?');
      const dialog = page.locator('shortcuts-dialog dialog');
      await until('the dialog', () => dialog.isVisible());
      assert.ok(await dialog.getAttribute('aria-labelledby'));
      assert.deepEqual(await seriousA11yViolations(page), []);
    } finally {
      await app.close();
    }
  });

  test('Tab reaches every control in order, each with a visible focus ring', async () => {
    const app = await harness.open({ articles: [english, withRuby] });
    try {
      const { page } = app;
      await openArticle(page, withRuby.title);
      // Start where Tab order starts: the app bar's first button, first in the window.
      await page.locator('[data-action="search"]').focus();
      const reached: string[] = ['button[search]|search|outline'];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          let el: Element | null = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          if (!el) return null;
          const style = getComputedStyle(el);
          const ring = style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ? 'outline' : style.boxShadow !== 'none' ? 'shadow' : 'none';
          const name = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? el.textContent?.trim().slice(0, 20) ?? '';
          const action = el.getAttribute('data-action');
          const kind = action ? `[${action}]` : el.className ? `.${String(el.className).split(' ')[0]}` : '';
          return `${el.tagName.toLowerCase()}${kind}|${name}|${ring}`;
        });
        if (!focused) continue;
        reached.push(focused);
      }
      const kinds = reached.map((r) => r.split('|')[0]);
      const expectedOrder = ['button[import]', 'button[export]', 'button[reading-settings]', 'button[preferences]', 'button[shortcuts]', 'input', 'select.sort', 'select.lang-filter', 'div.viewport', 'div.splitter', 'wa-radio', 'button[highlights]', 'button[view-original]', 'input.add-tag', 'button.remove', 'iframe'];
      for (const expected of expectedOrder) {
        assert.ok(kinds.includes(expected), `Tab reaches ${expected}: ${kinds.join(', ')}`);
      }
      const firstAt = expectedOrder.map((kind) => kinds.indexOf(kind));
      assert.deepEqual([...firstAt].sort((x, y) => x - y), firstAt, `in the window's order: ${kinds.join(', ')}`);
      for (const r of reached) {
        if (r.startsWith('iframe') || r.startsWith('body|')) continue;
        assert.doesNotMatch(r, /\|none$/, `focus ring on ${r}`);
      }
    } finally {
      await app.close();
    }
  });

  test('search results, the import panel, the export dialog, the find bar and the remove confirmation pass axe', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'reader-a11y-'));
    await writeFile(join(folder, 'empty.html'), '');
    const app = await harness.open({
      articles: [traditional, simplified, english],
      host: { chooseImportPaths: async () => [folder], chooseExportFolder: async () => folder },
    });
    try {
      const { page } = app;
      await page.locator('library-header input').fill('railway');
      await page.locator('search-results .hit').first().waitFor();
      assert.deepEqual(await seriousA11yViolations(page), [], 'search results');
      await page.locator('library-header input').fill('');
      await importFromAppBar(page);
      await page.locator('import-panel button.close').waitFor({ timeout: 60_000 });
      assert.deepEqual(await seriousA11yViolations(page), [], 'import panel');
      await openArticle(page, english.title);
      await page.keyboard.press('Control+f');
      await page.locator('find-bar input').waitFor();
      await page.keyboard.type('train');
      assert.deepEqual(await seriousA11yViolations(page), [], 'find bar');
      await page.keyboard.press('Escape');
      await page.locator('[data-action="export"]').click();
      await until('the export dialog', () => page.locator('export-dialog dialog').isVisible());
      assert.deepEqual(await seriousA11yViolations(page), [], 'export dialog');
      await page.keyboard.press('Escape');
      await until('closed', async () => !(await page.locator('export-dialog dialog').isVisible()));
      await page.locator('article-actions button.remove').click();
      await until('the confirmation', () => page.locator('article-actions dialog').isVisible());
      assert.deepEqual(await seriousA11yViolations(page), [], 'remove confirmation');
    } finally {
      await app.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
