/**
 * The reader's Chinese setting where the engine lacks `text-autospace` (Chromium before 140, other
 * engines): the renderer's own module, bundled as the window bundles it, run in a Chromium page
 * over our fixture with the fallback forced on. The quarter-em must be there, and a copy must give
 * back the stored characters: the fallback is margins, never inserted spaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { ARTICLE_FRAME_CSS } from '../renderer/reader/frame-css.ts';
import { describeApp, E2eHarness, ROOT } from './support/app.ts';
import { TYPOGRAPHY_PARAGRAPHS } from './fixtures/typography.ts';

/** renderer/reader/typography.ts as a classic script that sets `window.cjkText`. */
async function typographyScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'renderer', 'reader', 'typography.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'cjkText',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function fixturePage(page: Page, script: string): Promise<void> {
  await page.setContent(
    `<!doctype html><html lang="zh-Hant" data-theme="light" data-cjk-face="sans" data-justify="off" data-writing="horizontal" data-autospace="fallback">` +
      `<head><meta charset="utf-8"><style>${ARTICLE_FRAME_CSS}</style></head><body><article><div class="content" lang="zh-Hant">` +
      TYPOGRAPHY_PARAGRAPHS.map((p, i) => `<p${i === 4 ? ' lang="en"' : ''}>${escape(p)}</p>`).join('') +
      `</div></article></body></html>`,
  );
  await page.addScriptTag({ content: script });
}

describeApp('Chinese typography without text-autospace', 120_000, () => {
  test('the fallback spaces Han and Latin a quarter-em apart with margins, and copies give back the stored characters', async () => {
    const harness = await E2eHarness.start();
    try {
      const page = await harness.browser.newPage();
      await fixturePage(page, await typographyScript());
      const made = (await page.evaluate(
        "cjkText.applyCjkText(document.querySelector('.content'), { punctuation: true, upright: false, autospace: true })",
      )) as number;
      assert.ok(made > 10, `${made} spans`);
      // Paragraph 1: 投入資金35.78億元 — the number gets margins on both sides, and they show.
      const gaps = (await page.evaluate(`(() => {
        const span = [...document.querySelectorAll('.content p')[1].querySelectorAll('span.as-s.as-e')].find((s) => s.textContent === '35.78');
        const style = getComputedStyle(span);
        const before = document.createRange();
        before.setStart(span.previousSibling, span.previousSibling.data.length - 1);
        before.setEnd(span.previousSibling, span.previousSibling.data.length);
        const text = document.createRange();
        text.selectNodeContents(span);
        return [parseFloat(style.marginInlineStart), parseFloat(style.fontSize), text.getBoundingClientRect().left - before.getBoundingClientRect().right];
      })()`)) as [number, number, number];
      const [margin, fontSize, gap] = gaps;
      assert.equal(margin, fontSize * 0.25);
      assert.ok(gap >= fontSize * 0.2, `gap ${gap}px at ${fontSize}px`);
      // The English paragraph is not touched.
      assert.equal(await page.evaluate("document.querySelectorAll('.content p')[4].children.length"), 0);
      // A copy of each paragraph: its stored characters, full-width marks put back, no spaces added.
      for (const [n, stored] of TYPOGRAPHY_PARAGRAPHS.entries()) {
        const copied = await page.evaluate(`(() => {
          const p = document.querySelectorAll('.content p')[${n}];
          const range = document.createRange();
          range.selectNodeContents(p);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return [cjkText.storedSelectionText(document) ?? selection.toString(), selection.toString(), p.textContent];
        })()`) as [string, string, string];
        assert.equal(copied[0], stored, `paragraph ${n} copied`);
        // What the selection shows differs only by the marks turned full-width: same length.
        assert.equal(copied[1].length, stored.length, `paragraph ${n} shown`);
        assert.equal(copied[2].length, stored.length);
      }
      assert.ok(((await page.evaluate("document.querySelector('.content p').textContent")) as string).includes('決策部署，聚焦'));
    } finally {
      await harness.close();
    }
  });
});
