/**
 * `ui.*` bench figures, measured in Chromium through the e2e harness (the real renderer bundle
 * against the real service): script switch and font-size change to painted, library first paint
 * and scrolling at each scale (on a copy of the bench cache's archive, see cache.ts), and the
 * renderer bundle's size. Figures only; budgets are judged
 * in the closing notes, never asserted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext, BenchSuite, Figures } from './harness.ts';
import { median, round, scaleLabel } from './harness.ts';
import { runsAt } from './store.ts';
import { cachedArchive, workingArchive } from './cache.ts';
import type { ExtractedArticle } from '../../archive/model.ts';
import { syntheticArticle } from '../../archive/testing/synthetic.ts';
import { bundleAll } from '../tools/bundle.ts';
import { E2eHarness, RENDERER_DIR, skipReason, until, type AppSession } from '../../e2e/support/app.ts';
import { inReadingSettings } from '../../e2e/support/window-controls.ts';

// In-page scripts are strings: the TypeScript loader would add helpers a function cannot carry.
const SHADOW = `const q = (root, sel) => root.shadowRoot.querySelector(sel);
  const app = document.querySelector('reader-app');
  const frame = q(q(app, 'article-frame'), 'iframe');`;
const PAINTED = 'new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))';

/**
 * Resolves when `attribute` of the frame's root changes and `done()` holds, from the mutation
 * itself (a microtask after the renderer made it), not from the next animation frame: polling
 * with requestAnimationFrame would see the change one frame late and then wait a second frame.
 */
const ROOT_CHANGED = `(attribute, done) => new Promise((resolve) => {
  const root = frame.contentDocument.documentElement;
  const observer = new MutationObserver(() => {
    if (!done()) return;
    observer.disconnect();
    resolve();
  });
  observer.observe(root, { attributes: true, attributeFilter: [attribute] });
})`;

/** Clicks a segment of the article header's script switch; resolves to [click→painted, data→painted] in ms. */
const switchScript = (mode: string, lang: string): string => `(async () => {
  ${SHADOW}
  const changed = (${ROOT_CHANGED})('lang', () => frame.contentDocument.documentElement.lang === '${lang}');
  performance.clearMarks('reader:script-data');
  const button = q(q(q(app, 'article-actions'), 'script-switch'), '[data-script="${mode}"]');
  const start = performance.now();
  button.click();
  await changed;
  await ${PAINTED};
  const end = performance.now();
  const data = performance.getEntriesByName('reader:script-data').pop();
  return [end - start, data ? end - data.startTime : end - start];
})()`;

/** Clicks A+ or A− in the Aa panel; resolves to click→painted in ms. */
const changeFont = (which: string): string => `(async () => {
  ${SHADOW}
  const p = frame.contentDocument.querySelector('.content p');
  const before = getComputedStyle(p).fontSize;
  const changed = (${ROOT_CHANGED})('style', () => getComputedStyle(p).fontSize !== before);
  const start = performance.now();
  q(q(q(app, 'app-bar'), 'reading-settings-panel'), 'button.${which}').click();
  await changed;
  await ${PAINTED};
  return performance.now() - start;
})()`;

/** Scrolls the whole library in steps; resolves to [longest long task, worst frame] in ms. */
const SCROLL_LIBRARY = `(async () => {
  const app = document.querySelector('reader-app');
  const viewport = app.shadowRoot.querySelector('library-list').shadowRoot.querySelector('.viewport');
  let longest = 0;
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longest = Math.max(longest, e.duration); });
  observer.observe({ type: 'longtask' });
  let worst = 0;
  let last = await new Promise((r) => requestAnimationFrame(r));
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    viewport.scrollTop = i % 10 === 0 ? Math.random() * viewport.scrollHeight : viewport.scrollTop + viewport.clientHeight * 3;
    const now = await new Promise((r) => requestAnimationFrame(r));
    worst = Math.max(worst, now - last);
    last = now;
  }
  await new Promise((r) => setTimeout(r, 500));
  observer.disconnect();
  return [longest, worst];
})()`;

/** A Traditional Chinese article of about `chars` characters. */
function longArticle(chars: number): ExtractedArticle {
  const base = syntheticArticle(3, 11);
  const pool: string[] = [];
  for (let i = 0; pool.join('').length < chars; i++) {
    const a = syntheticArticle(i, 11);
    if (a.lang === 'zh-Hant') pool.push(...a.paragraphs);
  }
  const paragraphs: string[] = [];
  let length = 0;
  for (const p of pool) {
    if (length >= chars) break;
    paragraphs.push(p);
    length += p.length;
  }
  // As saved pages often have them: every other comma half-width, between Han characters, so the
  // reader's full-width display has marks to turn on every switch.
  let comma = 0;
  const typed = paragraphs.map((p) => p.replace(/，/g, (c) => (comma++ % 2 === 0 ? ',' : c)));
  return { ...base, title: '長文測試：兩萬字的文章', lang: 'zh-Hant', paragraphs: typed, html: typed.map((p) => `<p>${p}</p>`).join('\n'), ruby: [] };
}

async function readerFigures(harness: E2eHarness, ctx: BenchContext): Promise<Figures> {
  const article = longArticle(20_000);
  const app: AppSession = await harness.open({ articles: [article] });
  try {
    const { page } = app;
    await page.locator('library-list .row[data-id]').first().click();
    await page.frameLocator('article-frame iframe').locator('h1', { hasText: article.title }).waitFor();
    // The first switch of each kind builds its converter in the service: measured apart.
    const [firstTotal] = (await page.evaluate(switchScript('hans', 'zh-Hans'))) as [number, number];
    for (const [mode, lang] of [['original', 'zh-Hant'], ['tw', 'zh-TW'], ['hk', 'zh-HK'], ['original', 'zh-Hant']] as const) {
      await page.evaluate(switchScript(mode, lang));
    }
    const horizontal = await timeChanges(page, ctx);
    // The same in vertical columns (直排), chosen with the reader's own control.
    await inReadingSettings(page, (panel) => panel.locator('[data-writing-choice="vertical"]').click());
    await page.frameLocator('article-frame iframe').locator('html[data-writing="vertical"]').waitFor({ state: 'attached' });
    const vertical = await timeChanges(page, ctx);
    return {
      'ui.script_switch_first_ms': round(firstTotal),
      'ui.script_switch_ms': round(median(horizontal.total)),
      'ui.script_render_ms': round(median(horizontal.render)),
      'ui.font_size_ms': round(median(horizontal.font)),
      'ui.script_switch_vertical_ms': round(median(vertical.total)),
      'ui.script_render_vertical_ms': round(median(vertical.render)),
      'ui.font_size_vertical_ms': round(median(vertical.font)),
      'ui.article_chars': article.paragraphs.join('').length,
    };
  } finally {
    await app.close();
  }
}

/** Script switches and font-size changes on the open article: each run's click→painted times. */
async function timeChanges(page: AppSession['page'], ctx: BenchContext): Promise<{ total: number[]; render: number[]; font: number[] }> {
  const total: number[] = [];
  const render: number[] = [];
  // Each change is timed from an idle window, as a reader makes it: the work a change leaves
  // behind (saving the setting after 250 ms, the list's titles in the new script) is over
  // before the next one starts.
  const settle = (): Promise<void> => page.waitForTimeout(600);
  await settle();
  for (let i = 0; i < ctx.runs; i++) {
    for (const [mode, lang] of [['hans', 'zh-Hans'], ['tw', 'zh-TW'], ['hk', 'zh-HK']] as const) {
      const [t, r] = (await page.evaluate(switchScript(mode, lang))) as [number, number];
      total.push(t);
      render.push(r);
      await settle();
      await page.evaluate(switchScript('original', 'zh-Hant'));
      await settle();
    }
  }
  const font: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    font.push((await page.evaluate(changeFont('font-larger'))) as number);
    await settle();
    font.push((await page.evaluate(changeFont('font-smaller'))) as number);
    await settle();
  }
  return { total, render, font };
}

async function libraryFigures(harness: E2eHarness, ctx: BenchContext, n: number): Promise<Figures> {
  const label = scaleLabel(n);
  const { catalogDir } = await cachedArchive(n, ctx.log);
  const runs = runsAt(ctx, n, 'ui');
  ctx.log(`ui ${label}: opening the window on a copy of the cached archive`);
  const app = await harness.open({ prepareDir: (dir) => workingArchive(catalogDir, dir) });
  try {
    const { page } = app;
    const paint: number[] = [];
    const load: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i > 0) await page.reload();
      await until('the library painted', async () => (await page.evaluate("performance.getEntriesByName('library:painted').length > 0")) === true, 60_000);
      const [data, painted] = (await page.evaluate(
        "[performance.getEntriesByName('library:data')[0].startTime, performance.getEntriesByName('library:painted')[0].startTime]",
      )) as [number, number];
      paint.push(painted - data);
      load.push(painted);
    }
    const longest: number[] = [];
    const worst: number[] = [];
    for (let i = 0; i < Math.min(3, runs); i++) {
      const [l, w] = (await page.evaluate(SCROLL_LIBRARY)) as [number, number];
      longest.push(l);
      worst.push(w);
    }
    return {
      [`ui.library_first_paint_ms.${label}`]: round(median(paint)),
      [`ui.runs.${label}`]: runs,
      [`ui.library_load_ms.${label}`]: round(median(load)),
      [`ui.scroll_longest_task_ms.${label}`]: round(Math.max(...longest)),
      [`ui.scroll_worst_frame_ms.${label}`]: round(median(worst)),
    };
  } finally {
    await app.close();
  }
}

export const uiBench: BenchSuite = {
  name: 'ui',
  async run(ctx) {
    await bundleAll();
    const skip = skipReason();
    if (skip) {
      ctx.log(`ui: skipped: ${skip}`);
      return { 'ui.skipped': skip };
    }
    const bundle = await readFile(join(RENDERER_DIR, 'app.js'));
    const figures: Figures = {
      'ui.bundle_kb': round(bundle.byteLength / 1024),
      'ui.bundle_gzip_kb': round(gzipSync(bundle, { level: 9 }).byteLength / 1024),
      // Conversion runs in the service; the window never loads the dictionaries at all.
      'ui.bundle_has_dictionaries': bundle.includes('STPhrases') || bundle.includes('opencc') ? 'yes' : 'no',
    };
    const harness = await E2eHarness.start();
    try {
      ctx.log('ui: reader');
      Object.assign(figures, await readerFigures(harness, ctx));
      for (const n of ctx.scales) Object.assign(figures, await libraryFigures(harness, ctx, n));
    } finally {
      await harness.close();
    }
    return figures;
  },
};
