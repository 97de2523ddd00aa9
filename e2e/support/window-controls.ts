/**
 * The window's controls as tests, screenshots and the bench use them: the app bar, the Aa panel,
 * the script switch. Nothing here touches the DOM itself (build/ has no DOM types): every step is
 * a Playwright locator, by the hooks of issue 15 (`[data-action]`, `[data-theme-choice]` …).
 */
import type { Locator, Page } from 'playwright-core';

/** The Aa panel (reading settings), opened from the app bar; resolves once it is shown. */
export async function openReadingSettings(page: Page): Promise<Locator> {
  const panel = page.locator('reading-settings-panel');
  if (!(await panel.isVisible())) {
    // Until its opening animation ends the panel is partly transparent (and axe would measure
    // that): the popover says when it has ended. The listener is set before the click.
    // (Strings, not functions: tsx would wrap a named function in a helper the page lacks.)
    const shown = page
      .locator('app-bar wa-popover')
      .evaluate(`(popover) => new Promise((resolve) => popover.addEventListener('wa-after-show', () => resolve(true), { once: true }))`);
    await page.locator('[data-action="reading-settings"]').click();
    await shown;
  }
  await panel.waitFor({ state: 'visible' });
  // And nothing it is drawn inside (its slots and shadow hosts, up to the document) is still
  // see-through or animating.
  await panel.evaluate(`async (el) => {
    const settled = () => {
      for (let node = el; node instanceof Element; node = node.assignedSlot ?? node.parentElement ?? node.getRootNode().host ?? null) {
        if (getComputedStyle(node).opacity !== '1' || node.getAnimations().some((a) => a.playState === 'running')) return false;
      }
      return true;
    };
    for (let i = 0; i < 200 && !settled(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }`);
  return panel;
}

/** Closes the Aa panel with Esc; resolves once it is gone. */
export async function closeReadingSettings(page: Page): Promise<void> {
  const panel = page.locator('reading-settings-panel');
  if (!(await panel.isVisible())) return;
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
}

/** Changes reading settings in the Aa panel (`change` clicks in it), then closes the panel. */
export async function inReadingSettings(page: Page, change: (panel: Locator) => Promise<void>): Promise<void> {
  const panel = await openReadingSettings(page);
  await change(panel);
  await closeReadingSettings(page);
}

/** Picks a theme (`light`, `dark`, `sepia` or `system`) in the Aa panel. */
export function chooseTheme(page: Page, theme: string): Promise<void> {
  return inReadingSettings(page, (panel) => panel.locator(`[data-theme-choice="${theme}"]`).click());
}

/** The script switch's segment for `script` (original, hans, hant, tw, hk) in the article header. */
export function scriptSegment(page: Page, script: string): Locator {
  return page.locator(`script-switch [data-script="${script}"]`);
}

/** Starts an import from the app bar's Import menu: `files` or a `folder`. */
export async function importFromAppBar(page: Page, kind: 'files' | 'folder' = 'files'): Promise<void> {
  await page.locator('[data-action="import"]').click();
  await page.locator(`wa-dropdown-item.import-${kind}`).click();
}
