/**
 * `npx tsx build/tools/typography-shots.ts --out DIR`: the Chinese setting (issue 19) in pictures,
 * from the real renderer bundle in Chromium against a real archive holding our seed-like article
 * (e2e/fixtures/typography.ts): horizontal and vertical, sans and serif, light and dark (eight
 * window shots, each choice made with the reader's own controls), then the article exported to a
 * vertical PDF by the service and its pages rendered to PNG with pdftoppm (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { E2eHarness } from '../../e2e/support/app.ts';
import { typographyArticle } from '../../e2e/fixtures/typography.ts';
import { chooseTheme, inReadingSettings } from '../../e2e/support/window-controls.ts';
import { paintedScreenshot, prepareShots, runTool, SHOT_VIEWPORT } from './shots.ts';

const VIEWPORT = SHOT_VIEWPORT;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'pdf-font-size': { type: 'string' } } });
  if (!values.out) {
    console.error('usage: npx tsx build/tools/typography-shots.ts --out DIR [--pdf-font-size PX]');
    return 2;
  }
  const out = await prepareShots(values.out, 'typography shots');
  if (!out) return 2;
  const harness = await E2eHarness.start();
  const written: string[] = [];
  try {
    const app = await harness.open({ articles: [typographyArticle], viewport: VIEWPORT, settings: { theme: 'light' } });
    const { page } = app;
    await page.locator('library-list .row', { hasText: typographyArticle.title }).click();
    await page.locator('article-frame iframe:not(.loading)').waitFor();
    const frame = page.frameLocator('article-frame iframe');
    await frame.locator('h1', { hasText: '鄉村教育' }).waitFor();
    for (const writing of ['horizontal', 'vertical'] as const) {
      await inReadingSettings(page, (panel) => panel.locator(`[data-writing-choice="${writing}"]`).click());
      await frame.locator(`html[data-writing="${writing}"]`).waitFor({ state: 'attached' });
      for (const face of ['sans', 'serif'] as const) {
        await inReadingSettings(page, (panel) => panel.locator(`[data-font-choice="${face}"]`).click());
        await frame.locator(`html[data-cjk-face="${face}"]`).waitFor({ state: 'attached' });
        for (const theme of ['light', 'dark'] as const) {
          await chooseTheme(page, theme);
          await page.locator(`reader-app[theme="${theme}"]`).waitFor({ state: 'attached' });
          written.push(await paintedScreenshot(app, out, `typography-${writing}-${face}-${theme}`));
        }
      }
    }
    // The vertical PDF, as the window's Export would write it with these choices.
    const pdfDir = join(out, 'pdf');
    const fontSize = Number(values['pdf-font-size'] ?? 24);
    const result = await app.service.exportArticles({
      ids: app.ids,
      format: 'pdf',
      script: 'original',
      fontSize,
      folderToken: app.service.pathTokens.issue('export', [pdfDir]),
      writingMode: 'vertical',
      fontFamily: 'serif',
    });
    const pdf = result?.files[0];
    if (!pdf || result.failed.length > 0) throw new Error(`the vertical PDF was not written: ${JSON.stringify(result)}`);
    written.push(pdf);
    execFileSync('pdftoppm', ['-r', '80', '-png', pdf, join(out, 'typography-vertical-pdf-page')]);
    for (const name of (await readdir(out)).filter((n) => n.startsWith('typography-vertical-pdf-page')).sort()) {
      written.push(join(out, name));
      console.log(`wrote ${join(out, name)}`);
    }
    await app.close();
  } finally {
    await harness.close();
  }
  console.log(`${written.length} files in ${out}`);
  return 0;
}

runTool(main);
