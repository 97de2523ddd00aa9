/**
 * `npm run screenshots -- --out DIR`: pictures of the window at 1280×800, taken from the real
 * renderer bundle in Chromium against a real archive: the showcase (archive/showcase/), our own
 * articles imported through the real importer, with its highlights when the archive holds them.
 * Each screen is one small step function; a screen whose hook the window lacks is skipped and
 * listed as such, and the closing note lists every screen written.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addShowcase, addShowcaseHighlights, SHOWCASE_ARTICLES, type ShowcaseEntry } from '../../archive/showcase/index.ts';
import { E2eHarness, type AppSession } from '../../e2e/support/app.ts';
import { firstHook, paintedScreenshot, prepareShots, printScreenReport, runTool, SHOT_VIEWPORT, takeScreens, type Screen, type ScreenReport } from './shots.ts';

/** What every step sees: the window, where pictures go, and what the archive holds. */
interface ShotContext {
  app: AppSession;
  out: string;
  report: ScreenReport;
  entries: ShowcaseEntry[];
  /** How many highlights the showcase added. */
  highlights: number;
}

/** The showcase article a screen shows, by its slug. */
const article = (slug: string): { title: string } => {
  const found = SHOWCASE_ARTICLES.find((a) => a.slug === slug);
  if (!found) throw new Error(`no showcase article ${slug}`);
  return found;
};
/** The Taiwan report: Traditional as written, and the one that carries highlights. */
const TRADITIONAL = article('tainan-bakery');
/** Its highlights, drawn in the reader's pictures. */
const TRADITIONAL_MARKS = SHOWCASE_ARTICLES.find((a) => a.slug === 'tainan-bakery')?.highlights?.length ?? 0;
/** The old homepage imported whole: what "needs review" and the original beside it are for. */
const WHOLE_PAGE = article('wuyuan-diary');

const SCRIPT_HOOK = (script: string): string[] => [`script-switch [data-script="${script}"]`];
const FRAME_LANG: Record<string, string> = { original: 'zh-Hant', hans: 'zh-Hans', hant: 'zh-Hant', tw: 'zh-TW', hk: 'zh-HK' };

async function shot(c: ShotContext, name: string): Promise<void> {
  c.report.written.push(await paintedScreenshot(c.app, c.out, name));
}

async function openArticle(c: ShotContext, title: string): Promise<void> {
  const { page } = c.app;
  await page.locator('library-list .row[data-id]', { hasText: title }).first().click();
  await page.locator('article-frame iframe:not(.loading)').waitFor();
  await page.frameLocator('article-frame iframe').locator('h1', { hasText: title.slice(0, 6) }).first().waitFor();
}

/** Shows the open article in `script`; with `marks`, waits until its highlights are drawn too. */
async function showScript(c: ShotContext, script: string, marks = 0): Promise<void> {
  await c.app.page.locator(await firstHook(c.app, SCRIPT_HOOK(script))).first().click();
  const frame = c.app.page.frameLocator('article-frame iframe');
  await frame.locator(`html[lang="${FRAME_LANG[script]}"]`).waitFor({ state: 'attached' });
  if (marks > 0) await frame.locator('mark.hl').nth(marks - 1).waitFor({ state: 'attached' });
}

/** Closes a panel with Esc, as a reader would, and waits until it is gone (not fading out in the picture). */
async function closePanel(c: ShotContext, panel: string): Promise<void> {
  await c.app.page.keyboard.press('Escape');
  await c.app.page.locator(panel).waitFor({ state: 'hidden' });
}

/** Sets the theme through the Aa panel. */
async function setTheme(c: ShotContext, theme: 'light' | 'dark'): Promise<void> {
  const { page } = c.app;
  await page.locator(await firstHook(c.app, ['[data-action="reading-settings"]'])).first().click();
  await page.locator(await firstHook(c.app, [`[data-theme-choice="${theme}"]`])).first().click();
  await closePanel(c, 'reading-settings-panel');
  await page.frameLocator('article-frame iframe').locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
}

/** The screens of the showcase library, in the order they are taken. */
const LIBRARY_SCREENS: Screen<ShotContext>[] = [
  {
    name: 'library',
    take: async (c) => {
      await c.app.page.locator('library-list .row[data-id]').first().waitFor();
      await shot(c, 'library');
    },
  },
  {
    name: 'reader-hant',
    take: async (c) => {
      await openArticle(c, TRADITIONAL.title);
      await showScript(c, 'hant', TRADITIONAL_MARKS);
      await shot(c, 'reader-hant');
    },
  },
  {
    name: 'reader-hans',
    take: async (c) => {
      await showScript(c, 'hans', TRADITIONAL_MARKS);
      await shot(c, 'reader-hans');
      await showScript(c, 'original');
    },
  },
  {
    name: 'reading-settings',
    take: async (c) => {
      await c.app.page.locator(await firstHook(c.app, ['[data-action="reading-settings"]'])).first().click();
      await c.app.page.locator('reading-settings-panel [data-theme-choice]').first().waitFor({ state: 'visible' });
      await shot(c, 'reading-settings');
      await closePanel(c, 'reading-settings-panel');
    },
  },
  {
    name: 'highlights',
    take: async (c) => {
      await c.app.page.locator(await firstHook(c.app, ['[data-action="highlights"]'])).first().click();
      await c.app.page.frameLocator('article-frame iframe').locator('mark.hl').first().waitFor();
      await c.app.page.locator('highlights-panel').waitFor({ state: 'visible' });
      await shot(c, 'highlights');
      await c.app.page.locator('[data-action="highlights"]').first().click();
    },
  },
  {
    name: 'reader-dark',
    take: async (c) => {
      await setTheme(c, 'dark');
      await shot(c, 'reader-dark');
      await setTheme(c, 'light');
    },
  },
  {
    name: 'original-beside',
    take: async (c) => {
      await openArticle(c, WHOLE_PAGE.title);
      const toggle = c.app.page.locator(await firstHook(c.app, ['[data-action="view-original"]'])).first();
      await toggle.click();
      await c.app.page.locator('original-frame iframe').waitFor({ state: 'visible' });
      await c.app.page.locator('article-frame iframe').waitFor({ state: 'visible' });
      await shot(c, 'original-beside');
      // Article → side by side → original → article.
      await toggle.click();
      await toggle.click();
    },
  },
  {
    name: 'export-dialog',
    take: async (c) => {
      const { page } = c.app;
      await openArticle(c, TRADITIONAL.title);
      await page.locator(await firstHook(c.app, ['[data-action="export"]'])).first().click();
      await page.locator('export-dialog [open]').first().waitFor({ state: 'attached' });
      await shot(c, 'export-dialog');
      await page.keyboard.press('Escape');
      await page.locator('export-dialog [open]').first().waitFor({ state: 'detached' });
    },
  },
  {
    name: 'preferences',
    take: async (c) => {
      const { page } = c.app;
      await page.locator(await firstHook(c.app, ['[data-action="preferences"]'])).first().click();
      await page.locator('preferences-dialog [open]').first().waitFor({ state: 'attached' });
      await shot(c, 'preferences');
      await page.keyboard.press('Escape');
      await page.locator('preferences-dialog [open]').first().waitFor({ state: 'detached' });
    },
  },
  {
    name: 'shortcuts',
    take: async (c) => {
      const { page } = c.app;
      const hook = await firstHook(c.app, ['[data-action="shortcuts"]', 'library-list .viewport']);
      if (hook.startsWith('library-list')) {
        await page.locator(hook).focus();
        await page.keyboard.press('?');
      } else {
        await page.locator(hook).first().click();
      }
      await page.locator('shortcuts-dialog [open]').first().waitFor({ state: 'attached' });
      await shot(c, 'shortcuts');
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'import-panel',
    take: async (c) => {
      const { page } = c.app;
      await page.locator(await firstHook(c.app, ['[data-action="import"]'])).first().click();
      // The app bar's import is a menu (files / folder): the folder (the host answers with one either way).
      await page.locator(await firstHook(c.app, ['wa-dropdown-item.import-folder'])).first().click();
      await page.locator('import-panel button.close').waitFor({ timeout: 120_000 });
      await shot(c, 'import-panel');
      await page.locator('import-panel button.close').click();
    },
  },
];

/** A folder to import for the import panel's picture: one page that comes in, two that cannot. */
async function importFolder(scratch: string): Promise<string> {
  const dir = join(scratch, 'import');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'broken.html'), '');
  await writeFile(join(dir, 'notes.txt.bin'), new Uint8Array([0, 1, 2, 3]));
  const river = '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>河邊的新公園</title></head><body><article><h1>河邊的新公園</h1>' +
    '<p>市政府在河邊修建了一座新公園，週末吸引了許多家庭前來散步。</p><p>公園裡種了三百多棵樹，還有一條自行車道。附近的居民說，過去這裡是一片空地。</p></article></body></html>';
  await writeFile(join(dir, 'river-park.html'), river);
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) {
    console.error('usage: npm run screenshots -- --out DIR');
    return 2;
  }
  const out = await prepareShots(values.out, 'screenshots');
  if (!out) return 2;
  const scratch = await mkdtemp(join(tmpdir(), 'reader-shots-'));
  const harness = await E2eHarness.start();
  const report: ScreenReport = { written: [], skipped: [], failed: [] };
  try {
    const empty = await harness.open({ viewport: SHOT_VIEWPORT });
    await takeScreens([{ name: 'empty-library', take: async (c) => {
      await c.app.page.locator('empty-state h2').waitFor();
      await shot(c, 'empty-library');
    } }], { app: empty, out, report, entries: [], highlights: 0 }, report, async () => undefined);
    await empty.close();

    const importDir = await importFolder(scratch);
    const exportDir = join(scratch, 'export');
    await mkdir(exportDir, { recursive: true });
    let entries: ShowcaseEntry[] = [];
    const app = await harness.open({
      viewport: SHOT_VIEWPORT,
      prepare: async (store) => void (entries = await addShowcase(store)),
      host: { chooseImportPaths: async () => [importDir], chooseExportFolder: async () => exportDir },
    });
    const highlights = await addShowcaseHighlights(app.service, entries);
    await takeScreens(LIBRARY_SCREENS, { app, out, report, entries, highlights }, report, async () => {
      await app.page.keyboard.press('Escape');
      await app.page.keyboard.press('Escape');
    });
    await app.close();
  } finally {
    await harness.close();
    await rm(scratch, { recursive: true, force: true });
  }
  printScreenReport(out, report);
  return report.failed.length > 0 ? 1 : 0;
}

runTool(main);
