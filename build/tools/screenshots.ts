/**
 * `npm run screenshots -- --out DIR`: pictures of the window at 1280×800, taken from the real
 * renderer bundle in Chromium against a real archive (the sample articles plus synthetic ones):
 * the library, the reader in each script, the dark theme, the import panel, the export dialog.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addSampleArticles, sampleArticles } from '../../archive/sample.ts';
import type { ArchiveStore } from '../../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';
import { E2eHarness, type AppSession } from '../../e2e/support/app.ts';
import { chooseTheme, importFromAppBar, scriptSegment } from '../../e2e/support/window-controls.ts';
import { paintedScreenshot, prepareShots, runTool, SHOT_VIEWPORT } from './shots.ts';

const VIEWPORT = SHOT_VIEWPORT;

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
  const written: string[] = [];
  const shot = async (app: AppSession, name: string): Promise<void> => {
    written.push(await paintedScreenshot(app, out, name));
  };
  const welcome = sampleArticles()[0]!.title;
  const openRow = async (app: AppSession, title: string, shownTitle = title): Promise<void> => {
    await app.page.locator('library-list .row', { hasText: title }).click();
    await app.page.locator('article-frame iframe:not(.loading)').waitFor();
    await app.page.frameLocator('article-frame iframe').locator('h1', { hasText: shownTitle }).waitFor();
  };
  const prepare = async (store: ArchiveStore): Promise<void> => {
    await addSampleArticles(store);
    for (let i = 0; i < 40; i++) {
      const article = syntheticArticle(i, 7);
      await store.addArticle({ article, original: syntheticOriginal(i, article) });
    }
  };
  try {
    const empty = await harness.open({ viewport: VIEWPORT });
    await empty.page.locator('empty-state h2').waitFor();
    await shot(empty, 'empty-library');
    await empty.close();

    const importDir = join(scratch, 'import');
    await mkdir(importDir, { recursive: true });
    await writeFile(join(importDir, 'broken.html'), '');
    await writeFile(join(importDir, 'notes.txt.bin'), new Uint8Array([0, 1, 2, 3]));
    await writeFile(
      join(importDir, 'river-park.html'),
      '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>河邊的新公園</title></head><body><article><h1>河邊的新公園</h1><p>市政府在河邊修建了一座新公園，週末吸引了許多家庭前來散步。</p><p>公園裡種了三百多棵樹，還有一條自行車道。附近的居民說，過去這裡是一片空地。</p></article></body></html>',
    );
    const exportDir = join(scratch, 'export');
    await mkdir(exportDir, { recursive: true });
    const app = await harness.open({
      viewport: VIEWPORT,
      prepare,
      host: { chooseImportPaths: async () => [importDir], chooseExportFolder: async () => exportDir },
    });
    await app.page.locator('library-list .row[data-id]').first().waitFor();
    await shot(app, 'library');
    await openRow(app, welcome);
    const langs: Record<string, string> = { original: 'zh-Hant', hans: 'zh-Hans', hant: 'zh-Hant', tw: 'zh-TW', hk: 'zh-HK' };
    for (const script of ['original', 'hans', 'hant', 'tw', 'hk']) {
      await scriptSegment(app.page, script).click();
      await app.page.frameLocator('article-frame iframe').locator(`html[lang="${langs[script]}"]`).waitFor({ state: 'attached' });
      await shot(app, `reader-${script}`);
    }
    await scriptSegment(app.page, 'original').click();
    await chooseTheme(app.page, 'dark');
    await app.page.locator('reader-app[theme="dark"]').waitFor({ state: 'attached' });
    await shot(app, 'reader-dark');
    await chooseTheme(app.page, 'sepia');
    await app.page.locator('reader-app[theme="sepia"]').waitFor({ state: 'attached' });
    await shot(app, 'reader-sepia');
    await chooseTheme(app.page, 'light');
    await app.page.locator('reader-app[theme="light"]').waitFor({ state: 'attached' });
    await importFromAppBar(app.page);
    await app.page.locator('import-panel button.close').waitFor({ timeout: 120_000 });
    await shot(app, 'import-panel');
    await app.page.locator('import-panel button.close').click();
    await app.page.locator('[data-action="export"]').click();
    await app.page.locator('export-dialog dialog[open]').waitFor();
    await shot(app, 'export-dialog');
    await app.page.keyboard.press('Escape');
    await app.page.locator('export-dialog dialog:not([open])').waitFor({ state: 'attached' });
    await app.page.locator('library-list .viewport').focus();
    await app.page.keyboard.press('?');
    await app.page.locator('shortcuts-dialog dialog[open]').waitFor();
    await shot(app, 'shortcuts');
    await app.close();
  } finally {
    await harness.close();
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(`${written.length} screenshots in ${out}`);
  return 0;
}

runTool(main);
