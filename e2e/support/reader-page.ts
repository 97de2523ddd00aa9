/** What the reader tests ask of the window, named in the user's words. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { until } from './app.ts';

export * from './window-controls.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The article frame's document. */
export function articleFrame(page: Page): FrameLocator {
  return page.frameLocator('article-frame iframe');
}

/** Opens the article whose row shows `title` and waits until its frame shows it. */
export async function openArticle(page: Page, title: string): Promise<void> {
  await page.locator('library-list .row', { hasText: title }).click();
  await waitForArticle(page, title);
}

/** Waits until the frame shows an article with this title, styled and ready. */
export async function waitForArticle(page: Page, title: string): Promise<void> {
  await page.locator('article-frame iframe:not(.loading)').waitFor();
  await articleFrame(page).locator('h1', { hasText: title }).waitFor();
}

/** A computed style property of the first element matching `selector` in the article frame. */
export async function frameStyle(page: Page, selector: string, property: string): Promise<string> {
  return articleFrame(page)
    .locator(selector)
    .first()
    .evaluate((el, prop) => getComputedStyle(el).getPropertyValue(prop), property);
}

/**
 * Runs axe-core on the window and returns its serious and critical violations. axe goes in
 * through the debugger protocol: a script tag would be (rightly) refused by the page's CSP.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}

/** Exports the open article as HTML through the app bar's Export dialog into the folder the test granted; returns the one file's text. */
export async function exportOpenArticleAsHtml(page: Page, outDir: string): Promise<string> {
  await page.locator('[data-action="export"]').click();
  const dialog = page.locator('export-dialog dialog');
  await until('the export dialog', () => dialog.isVisible());
  await dialog.locator('wa-radio-group.format wa-radio[value="html"]').click();
  await dialog.locator('wa-button.run').click();
  await dialog.locator('[role="status"]').waitFor({ timeout: 60_000 });
  const files = await readdir(outDir);
  assert.equal(files.length, 1, files.join(', '));
  return readFile(join(outDir, files[0]!), 'utf8');
}

/**
 * Gives every trap of the hostile fixture its chance, as the untrusted-content tests do: opens it,
 * hovers the handler, clicks the `javascript:` and the remote link, switches to `otherTitle` and
 * back, and waits until the frame has finished loading (whatever a page does, it does while loading).
 */
export async function springHostileTraps(page: Page, hostileTitle: string, otherTitle: string): Promise<void> {
  await openArticle(page, hostileTitle);
  const frame = articleFrame(page);
  await frame.locator('text=Visible text survives.').waitFor();
  await frame.locator('text=hover me').hover();
  await frame.locator('text=a javascript: link').click();
  await frame.locator('text=a remote link').click();
  await openArticle(page, otherTitle);
  await openArticle(page, hostileTitle);
  await page.waitForLoadState('load');
}
