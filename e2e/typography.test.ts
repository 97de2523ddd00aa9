/**
 * Chinese set as a good book sets it (issue 19), in Chromium against the real service: marks
 * shown full-width between Han characters while the archive keeps them as imported, copies that
 * give back the stored characters, and line boxes that never begin with a closing mark or end
 * with an opening one, horizontal and vertical, at three widths and two sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeApp, until } from './support/app.ts';
import { articleFrame, exportOpenArticleAsHtml, frameStyle, inReadingSettings, openArticle } from './support/reader-page.ts';
import { laidOutLines } from './support/line-boxes.ts';
import { NO_LINE_END, NO_LINE_START, TYPOGRAPHY_PARAGRAPHS, typographyArticle } from './fixtures/typography.ts';
import { english } from './fixtures/articles.ts';

/** The text of paragraph `n` as the reader shows it. */
const shownParagraph = (page: Page, n: number): Promise<string> => articleFrame(page).locator('.content p').nth(n).evaluate((p) => p.textContent ?? '');

/** Selects paragraph `n` and copies it; resolves to what the copy put on the clipboard (or the selection's text if nothing did). */
const copyParagraph = (page: Page, n: number): Promise<string> =>
  articleFrame(page)
    .locator('.content p')
    .nth(n)
    .evaluate((p) => {
      const doc = p.ownerDocument;
      const range = doc.createRange();
      range.selectNodeContents(p);
      const selection = doc.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      const data = new DataTransfer();
      const event = new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true });
      doc.dispatchEvent(event);
      return event.defaultPrevented ? data.getData('text/plain') : selection.toString();
    });

/** Sets the frame's size and measure as the Aa panel would, and waits for the layout. */
async function setLook(page: Page, fontSize: number, measure: number): Promise<void> {
  await page.evaluate(
    `(() => { const f = document.querySelector('reader-app').shadowRoot.querySelector('article-frame'); f.fontSize = ${fontSize}; f.measure = ${measure}; return f.updateComplete; })()`,
  );
  await until(`${fontSize}px text`, async () => (await frameStyle(page, '.content p', 'font-size')) === `${fontSize}px`);
}

describeApp('Chinese typography', 300_000, (harness) => {
  test('half-width marks between Han show full-width (決策部署,聚焦 → 決策部署，聚焦) while the archive keeps them; numbers, URLs and English stay', async () => {
    const app = await harness.open({ articles: [typographyArticle, english] });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      const first = await shownParagraph(page, 0);
      assert.ok(first.includes('決策部署，聚焦'), first);
      assert.ok(!first.includes(','), first);
      const second = await shownParagraph(page, 1);
      assert.ok(second.includes('投入資金35.78億元，實施'), second);
      assert.ok(second.includes('https://example.com/a,b'), second);
      assert.equal(await shownParagraph(page, 4), TYPOGRAPHY_PARAGRAPHS[4]);
      // Stored unchanged: the body in the archive, and what the service hands the window.
      const body = await app.store.getBody(app.ids[0]!);
      assert.equal(body.paragraphs[0], TYPOGRAPHY_PARAGRAPHS[0]);
      assert.ok(body.html.includes('決策部署,聚焦'));
      const view = await app.service.getArticle({ id: app.ids[0]! });
      assert.ok(view?.body.html.includes('決策部署,聚焦'));
      // The option off shows the text exactly as stored.
      await inReadingSettings(page, (panel) => panel.locator('wa-switch.cjk-punctuation').click());
      await until('marks as stored', async () => (await shownParagraph(page, 0)) === TYPOGRAPHY_PARAGRAPHS[0]);
      await until('the option saved', () => app.store.getSettings().cjkPunctuation === false);
      assert.deepEqual(app.errors, []);
      assert.deepEqual(app.cspReports, []);
    } finally {
      await app.close();
    }
  });

  test('copying a paragraph gives back the stored characters: with full-width marks shown, with spacing between scripts, in vertical columns', async () => {
    const app = await harness.open({ articles: [typographyArticle] });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      for (const n of [0, 1, 2, 3, 4]) assert.equal(await copyParagraph(page, n), TYPOGRAPHY_PARAGRAPHS[n], `paragraph ${n}`);
      // The quarter-em between Han and Latin is spacing, not a character.
      assert.equal(await frameStyle(page, '.content p', 'text-autospace'), 'normal');
      await inReadingSettings(page, (panel) => panel.locator('[data-writing-choice="vertical"]').click());
      await until('vertical columns', async () => (await frameStyle(page, 'html', 'writing-mode')) === 'vertical-rl');
      // One- and two-digit runs stand upright; 35.78, 2311 and 7.25 stay sideways.
      assert.deepEqual(await articleFrame(page).locator('.content .tcy').allTextContents(), ['7', '7', '12']);
      for (const n of [1, 2]) assert.equal(await copyParagraph(page, n), TYPOGRAPHY_PARAGRAPHS[n], `vertical paragraph ${n}`);
      // Pinyin sits to the right of its character in a column (ruby-position: over).
      await inReadingSettings(page, (panel) => panel.locator('wa-switch.ruby').click());
      const [base, annotation] = await articleFrame(page)
        .locator('.content ruby')
        .first()
        .evaluate((ruby) => {
          ruby.scrollIntoView();
          const range = ruby.ownerDocument.createRange();
          range.selectNodeContents(ruby.firstChild!);
          const b = range.getBoundingClientRect();
          const rt = ruby.querySelector('rt')!.getBoundingClientRect();
          return [{ left: b.left, right: b.right }, { left: rt.left, right: rt.right, width: rt.width }];
        });
      // The base's box spans the whole ruby column; the annotation's centre is right of the base's.
      const centre = (box: { left: number; right: number }): number => (box.left + box.right) / 2;
      assert.ok(annotation.width > 0 && centre(annotation) > centre(base) + 4, `pinyin at ${JSON.stringify(annotation)}, its character at ${JSON.stringify(base)}`);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('no line begins with ，。、；：？！」』） or ends with 「『（, horizontal and vertical, at three widths and two sizes', async () => {
    const app = await harness.open({ articles: [typographyArticle], viewport: { width: 1280, height: 800 } });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      const bad: string[] = [];
      let counted = 0;
      // With the marks shown full-width (the default), and as stored: then the half-width marks
      // between Han must not begin a line either. Curly quotes are held to the same rule.
      for (const punctuation of ['full-width', 'as stored'] as const) {
        if (punctuation === 'as stored') {
          await inReadingSettings(page, (panel) => panel.locator('wa-switch.cjk-punctuation').click());
          await until('marks as stored', async () => (await articleFrame(page).locator('.content p').first().textContent())?.includes('部署,聚焦') === true);
        }
        const noStart = punctuation === 'as stored' ? `${NO_LINE_START},.:;?!)”’` : `${NO_LINE_START}”’`;
        const noEnd = `${NO_LINE_END}“‘`;
        for (const writing of ['horizontal', 'vertical'] as const) {
          await inReadingSettings(page, (panel) => panel.locator(`[data-writing-choice="${writing}"]`).click());
          await until(writing, async () => (await frameStyle(page, 'html', 'writing-mode')) === (writing === 'vertical' ? 'vertical-rl' : 'horizontal-tb'));
          for (const fontSize of [16, 22]) {
            for (const measure of [17, 23, 31]) {
              await setLook(page, fontSize, measure);
              const lines = (await laidOutLines(page)).filter((l) => l.paragraph !== 4);
              // The text must really wrap: a line of `measure` em holds about that many characters
              // (a little more where punctuation pairs are compressed).
              const chars = lines.reduce((n, l) => n + l.text.length, 0);
              const where = `${punctuation} ${writing} ${fontSize}px ${measure}em`;
              assert.ok(lines.length >= Math.floor(chars / (measure * 1.3)), `${where}: only ${lines.length} lines for ${chars} characters`);
              counted += lines.length;
              for (const [i, line] of lines.entries()) {
                const next = lines[i + 1];
                if (noStart.includes(line.first)) bad.push(`${where} starts: ${line.text}`);
                if (next?.paragraph === line.paragraph && noEnd.includes(line.last)) bad.push(`${where} ends: ${line.text}`);
              }
            }
          }
        }
      }
      assert.deepEqual(bad, []);
      assert.ok(counted > 400, `${counted} lines checked`);
    } finally {
      await app.close();
    }
  });

  test('vertical columns scroll sideways: the wheel moves along them, and the reading position is saved and restored sideways', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `${TYPOGRAPHY_PARAGRAPHS[i % 4]}(${i})`);
    const long = { ...typographyArticle, title: '長篇直排測試', paragraphs, html: paragraphs.map((p) => `<p>${p}</p>`).join(''), ruby: [] };
    const app = await harness.open({ articles: [long, english], settings: { writingMode: 'vertical' } });
    try {
      const { page } = app;
      const id = app.ids[0]!;
      await openArticle(page, long.title);
      assert.equal(await frameStyle(page, 'html', 'writing-mode'), 'vertical-rl');
      const scrollLeft = (): Promise<number> => articleFrame(page).locator('html').evaluate((root) => root.ownerDocument.scrollingElement!.scrollLeft);
      assert.equal(await scrollLeft(), 0, 'a vertical article opens at its right edge, where it begins');
      // A turn of the wheel, as the frame receives it: in this test a real pointer moved over the
      // sandboxed frame, after Playwright has evaluated in it, makes Chromium log a refused script
      // (it does not with the same article and no evaluation first), which the errors check would see.
      await articleFrame(page)
        .locator('.content p')
        .first()
        .evaluate((p) => p.dispatchEvent(new WheelEvent('wheel', { deltaY: 400, bubbles: true, cancelable: true })));
      await until('the wheel moved the columns leftwards', async () => (await scrollLeft()) < -100);
      // The first column at the right edge of the view: the paragraph and how far it reaches past the edge.
      const startOfView = () =>
        articleFrame(page)
          .locator('html')
          .evaluate((root): [string, number] => {
            const width = root.ownerDocument.scrollingElement!.clientWidth;
            for (const p of Array.from(root.ownerDocument.querySelectorAll('.content p'))) {
              const box = p.getBoundingClientRect();
              if (box.left < width) return [p.textContent ?? '', Math.round(box.right - width)];
            }
            return ['', 0];
          });
      await articleFrame(page)
        .locator('html')
        .evaluate((root) => {
          const p = root.ownerDocument.querySelectorAll('.content p')[20]!;
          p.scrollIntoView();
          root.ownerDocument.scrollingElement!.scrollLeft -= p.getBoundingClientRect().width / 3;
        });
      const before = await startOfView();
      assert.match(before[0], /\(20\)$/);
      const saved = await until('the position saved', () => {
        const state = app.store.getReadingState(id);
        return state && state.progress > 0.3 ? state.progress : undefined;
      });
      assert.ok(saved > 0.4 && saved < 0.6, `saved ${saved}`);
      await openArticle(page, english.title);
      assert.equal(await frameStyle(page, 'html', 'writing-mode'), 'horizontal-tb', 'an English article stays horizontal');
      await openArticle(page, long.title);
      // Once the columns around the view have been laid out (a few frames).
      let after: [string, number] = ['', 0];
      await until('the same place', async () => {
        after = await startOfView();
        return after[0] === before[0] && Math.abs(after[1] - before[1]) <= 2;
      }, 5_000).catch(() => undefined);
      assert.equal(after[0], before[0], 'the same paragraph is at the start of the view');
      assert.ok(Math.abs(after[1] - before[1]) <= 2, `it reaches ${after[1]} px past the edge, was ${before[1]} px`);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  });

  test('Export… from the window writes what the screen shows: vertical, serif, full-width marks', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'typography-export-'));
    const app = await harness.open({ articles: [typographyArticle], host: { chooseExportFolder: async () => outDir } });
    try {
      const { page } = app;
      await openArticle(page, typographyArticle.title);
      await inReadingSettings(page, async (panel) => {
        await panel.locator('[data-writing-choice="vertical"]').click();
        await panel.locator('[data-font-choice="serif"]').click();
        await panel.locator('wa-switch.justify').click();
      });
      await until('vertical serif', async () => (await frameStyle(page, 'html', 'writing-mode')) === 'vertical-rl' && (await frameStyle(page, '.content p', 'font-family')).includes('Serif CJK'));
      assert.equal(await frameStyle(page, '.content p', 'text-align'), 'start');
      const html = await exportOpenArticleAsHtml(page, outDir);
      assert.match(html, /<html lang="zh-Hant" data-cjk-face="serif" data-justify="off" data-writing="vertical">/);
      assert.match(html, /決策部署，聚焦/);
      assert.match(html, /第<span class="tcy">7<\/span>屆/);
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
