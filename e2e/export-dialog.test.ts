/**
 * Export as people expect (issue 15, item 4), in the real window: the dialog offers every format,
 * the script, the size, paper and margins for PDF and highlights on or off, starting from what
 * the reader shows; a multi-selection of three articles exports three files in the chosen script,
 * or one EPUB for the lot; progress shows while it runs and Stop ends it after the file in
 * progress; it is reachable by Tab, closes with Esc, and passes axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { ExportQuery } from '../archive/contract.ts';
import { EXPORT_FORMATS, PDF_MARGIN_PRESETS } from '../archive/model.ts';
import type { PrintPage } from '../archive/export/pdf-renderer.ts';
import { describeApp, until, type AppSession } from './support/app.ts';
import { openArticle, seriousA11yViolations } from './support/reader-page.ts';
import { english, simplified, traditional } from './fixtures/articles.ts';

/** The export button of the window (the app bar's once the shell has one, the toolbar's before). */
const exportButton = (page: Page) => page.locator('[data-action="export"]');
const dialogOf = (page: Page) => page.locator('export-dialog dialog');

/** Values of the radios in the dialog's group `cls`, and the one checked. */
async function radios(page: Page, cls: string): Promise<{ values: string[]; checked: string | null }> {
  const group = dialogOf(page).locator(`wa-radio-group.${cls} wa-radio`);
  const values = await group.evaluateAll((els) => els.map((el) => el.getAttribute('value') ?? ''));
  const checked = await group.evaluateAll((els) => els.find((el) => el.getAttribute('aria-checked') === 'true')?.getAttribute('value') ?? null);
  return { values, checked };
}

/** Selects every article in the library (Ctrl+click the first, Shift+click the last). */
async function selectAll(page: Page, count: number): Promise<void> {
  const rows = page.locator('library-list .row[data-id]');
  await until(`${count} rows`, async () => (await rows.count()) === count);
  await rows.nth(0).click({ modifiers: ['Control'] });
  await rows.nth(count - 1).click({ modifiers: ['Shift'] });
  await until(`${count} selected`, async () => (await page.locator('selection-bar .count').textContent()) === `${count} selected`);
}

/** Selects all `count` articles and opens the export dialog on the selection; resolves to the dialog. */
async function exportSelection(page: Page, count: number): Promise<Locator> {
  await selectAll(page, count);
  await page.locator('selection-bar button.export-selected').click();
  const dialog = dialogOf(page);
  await until('the export dialog', () => dialog.isVisible());
  return dialog;
}

/** The exportArticles calls the window made, as the contract received them. */
const exportCalls = (app: AppSession) => app.bridge.calls.filter((c) => c.method === 'exportArticles').map((c) => c.arg as ExportQuery);

describeApp('export dialog', 300_000, (harness) => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'reader-e2e-export-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test('offers every format, the script and size shown, paper, margins and highlights; passes axe; Esc closes it and gives focus back', async () => {
    const outDir = join(scratch, 'offer');
    await mkdir(outDir, { recursive: true });
    const app = await harness.open({ articles: [traditional, english], settings: { script: 'hant', fontSize: 22 }, host: { chooseExportFolder: async () => outDir } });
    try {
      const { page } = app;
      await openArticle(page, traditional.title);
      await exportButton(page).click();
      const dialog = dialogOf(page);
      await until('the export dialog', () => dialog.isVisible());
      assert.deepEqual(await radios(page, 'format'), { values: EXPORT_FORMATS.map((f) => f.id), checked: 'pdf' });
      assert.deepEqual(await radios(page, 'script'), { values: ['original', 'hans', 'hant', 'tw', 'hk'], checked: 'hant' });
      assert.equal(await dialog.locator('wa-input.size').evaluate((el) => (el as HTMLInputElement).value), '22');
      assert.deepEqual(await radios(page, 'paper'), { values: ['A4', 'Letter'], checked: 'A4' });
      assert.deepEqual(await radios(page, 'margins'), { values: ['normal', 'narrow', 'wide', 'custom'], checked: 'normal' });
      assert.equal(await dialog.locator('wa-switch.highlights').evaluate((el) => (el as HTMLInputElement).checked), true);
      // Custom margins: four fields in mm, bounded as the contract bounds them.
      await dialog.locator('wa-radio-group.margins wa-radio[value="custom"]').click();
      const sides = dialog.locator('wa-input.margin');
      await until('four margin fields', async () => (await sides.count()) === 4);
      assert.deepEqual(await sides.evaluateAll((els) => els.map((el) => [el.getAttribute('data-side'), el.getAttribute('max')])), [['top', '50'], ['right', '50'], ['bottom', '50'], ['left', '50']]);
      assert.deepEqual(await seriousA11yViolations(page), []);
      // Paper and margins are for PDF only; one book or one each only for several articles.
      await dialog.locator('wa-radio-group.format wa-radio[value="md"]').click();
      await until('the PDF options gone', async () => (await dialog.locator('wa-radio-group.paper').count()) === 0);
      await dialog.locator('wa-radio-group.format wa-radio[value="epub"]').click();
      await until('EPUB chosen', async () => (await radios(page, 'format')).checked === 'epub');
      assert.equal(await dialog.locator('wa-radio-group.epub').count(), 0, 'one article: no choice of books');
      assert.deepEqual(await seriousA11yViolations(page), []);
      // Highlights off, Simplified, 18 px: the contract gets exactly that.
      await dialog.locator('wa-switch.highlights').click();
      await dialog.locator('wa-radio-group.script wa-radio[value="hans"]').click();
      await dialog.locator('wa-input.size input').fill('18');
      await dialog.locator('wa-button.run').click();
      await dialog.locator('[role="status"]').waitFor({ timeout: 60_000 });
      const [call] = exportCalls(app);
      assert.deepEqual({ format: call?.format, script: call?.script, fontSize: call?.fontSize, highlights: call?.highlights }, { format: 'epub', script: 'hans', fontSize: 18, highlights: false });
      assert.deepEqual(await readdir(outDir), ['山区学校的脱贫之路.epub']);
      await page.keyboard.press('Escape');
      await until('the dialog closed', async () => !(await dialog.isVisible()));
      await until('focus back on the export button', () => exportButton(page).evaluate((el) => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active === el;
      }));
      assert.deepEqual(app.cspReports, []);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('Tab walks the dialog in reading order: close, format, script, size, paper, margins, highlights, Close, Export', async () => {
    const app = await harness.open({ articles: [english] });
    try {
      const { page } = app;
      await openArticle(page, english.title);
      await exportButton(page).click();
      await until('the export dialog', () => dialogOf(page).isVisible());
      const reached: string[] = [];
      for (let i = 0; i < 10; i++) {
        reached.push(await page.evaluate(() => {
          const dialog = document.querySelector('reader-app')?.shadowRoot?.querySelector('export-dialog');
          const el = dialog?.shadowRoot?.activeElement;
          if (!el) return 'outside';
          const group = el.closest('wa-radio-group');
          return group ? `${group.className}` : `${el.tagName.toLowerCase()}.${el.className.split(' ')[0]}`;
        }));
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(reached.slice(0, 9), ['button.icon-button', 'format', 'script', 'wa-input.size', 'paper', 'margins', 'wa-switch.highlights', 'wa-button.close', 'wa-button.run']);
      // Arrow keys move within a group: the format group goes from PDF to HTML.
      await dialogOf(page).locator('wa-radio-group.format wa-radio[value="pdf"]').focus();
      await page.keyboard.press('ArrowRight');
      await until('HTML chosen by the arrow key', async () => (await radios(page, 'format')).checked === 'html');
      await page.keyboard.press('Escape');
      await until('the dialog closed', async () => !(await dialogOf(page).isVisible()));
    } finally {
      await app.close();
    }
  });

  test('three selected articles: one file each in the chosen script, one EPUB for the lot, or one EPUB each', async () => {
    let outDir = join(scratch, 'each');
    await mkdir(outDir, { recursive: true });
    const app = await harness.open({ articles: [traditional, simplified, english], host: { chooseExportFolder: async () => outDir } });
    try {
      const { page } = app;
      const dialog = await exportSelection(page, 3);
      assert.equal(await dialog.locator('.what').textContent(), '3 articles');
      await dialog.locator('wa-radio-group.format wa-radio[value="html"]').click();
      await dialog.locator('wa-radio-group.script wa-radio[value="hans"]').click();
      await dialog.locator('wa-button.run').click();
      await dialog.locator('[role="status"]').waitFor({ timeout: 60_000 });
      const files = (await readdir(outDir)).sort();
      assert.equal(files.length, 3, files.join(', '));
      // The Traditional title, converted: in the file's name and in its text.
      assert.ok(files.includes('山区学校的脱贫之路.html'), files.join(', '));
      assert.match(await readFile(join(outDir, '山区学校的脱贫之路.html'), 'utf8'), /<h1[^>]*>山区学校的脱贫之路<\/h1>/);
      assert.match((await dialog.locator('[role="status"]').textContent()) ?? '', /3 file\(s\) written/);
      // The same three as one book.
      outDir = join(scratch, 'one-book');
      await mkdir(outDir, { recursive: true });
      await dialog.locator('wa-radio-group.format wa-radio[value="epub"]').click();
      assert.deepEqual(await radios(page, 'epub'), { values: ['one', 'each'], checked: 'one' });
      await dialog.locator('wa-button.run').click();
      await until('one book written', async () => (await readdir(outDir)).length === 1 && !(await dialog.locator('wa-progress-bar').count()));
      assert.match((await readdir(outDir))[0]!, /\.epub$/);
      // Or one book each.
      outDir = join(scratch, 'book-each');
      await mkdir(outDir, { recursive: true });
      await dialog.locator('wa-radio-group.epub wa-radio[value="each"]').click();
      await dialog.locator('wa-button.run').click();
      await until('three books written', async () => (await readdir(outDir)).length === 3 && !(await dialog.locator('wa-progress-bar').count()), 60_000);
      assert.ok((await readdir(outDir)).every((name) => name.endsWith('.epub')));
      assert.deepEqual(exportCalls(app).map((c) => [c.format, c.ids.length, c.epub ?? null]), [['html', 3, null], ['epub', 3, 'one'], ['epub', 3, 'each']]);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('a PDF export of three shows its progress, takes the paper and margins chosen, and Stop ends it after the file in progress', async () => {
    const outDir = join(scratch, 'stopped');
    await mkdir(outDir, { recursive: true });
    const printed: PrintPage[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A PDF renderer that prints the first article at once and holds the second until the test lets it go.
    const app = await harness.open({
      articles: [traditional, simplified, english],
      host: {
        chooseExportFolder: async () => outDir,
        openPdfRenderer: async () => ({
          render: async (page) => {
            printed.push(page);
            if (printed.length === 2) await gate;
            return new TextEncoder().encode(`%PDF-1.7 ${page.title}`);
          },
          close: async () => {},
        }),
      },
    });
    try {
      const { page } = app;
      const dialog = await exportSelection(page, 3);
      await dialog.locator('wa-radio-group.paper wa-radio[value="Letter"]').click();
      await dialog.locator('wa-radio-group.margins wa-radio[value="narrow"]').click();
      await dialog.locator('wa-button.run').click();
      await dialog.locator('wa-progress-bar').waitFor();
      await until('progress: 1 of 3', async () => /1 of 3/.test((await dialog.locator('.progress-text').textContent()) ?? ''));
      assert.equal(await dialog.locator('wa-progress-bar').getAttribute('value'), '33');
      await dialog.locator('wa-button.stop').click();
      await until('the window asked to stop', () => app.bridge.calls.some((c) => c.method === 'cancelExport'));
      release();
      const status = dialog.locator('[role="status"]');
      await status.waitFor({ timeout: 30_000 });
      assert.match((await status.textContent()) ?? '', /Stopped: 2 file\(s\) written/);
      assert.equal(printed.length, 2, 'the third article was never started');
      assert.equal((await readdir(outDir)).length, 2);
      for (const p of printed) {
        assert.equal(p.paper, 'Letter');
        assert.deepEqual(p.margins, PDF_MARGIN_PRESETS.narrow);
      }
      // Stopped, the dialog can export again.
      assert.equal(await dialog.locator('wa-button.run').getAttribute('disabled'), null);
      assert.deepEqual(app.errors, []);
    } finally {
      release();
      await app.close();
    }
  });
});
