import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserWindow } from 'electron';
import type { PrintPage } from '../archive/export/pdf-renderer.ts';
import { electronPdfRenderer, PrintPages } from './print-pdf.ts';

describe('print pages served from memory', () => {
  test('a page is served at its own app://print URL until released', () => {
    const pages = new PrintPages();
    const held = pages.add('<p>hello</p>');
    assert.match(held.url, /^app:\/\/print\/[0-9a-f-]{36}\.html$/);
    assert.equal(pages.get(held.url), '<p>hello</p>');
    held.release();
    assert.equal(pages.get(held.url), null);
  });

  test('nothing else is served: other hosts, guessed tokens, traversal', () => {
    const pages = new PrintPages();
    const held = pages.add('x');
    const token = held.url.slice('app://print/'.length, -'.html'.length);
    for (const url of [`app://bundle/${token}.html`, 'app://print/00000000-0000-0000-0000-000000000000.html', `app://print/../${token}.html`, `app://print/${token}.html?x`, 'app://print/']) {
      assert.equal(pages.get(url), null, url);
    }
  });
});

describe('printToPDF in a hidden window', () => {
  const page: PrintPage = {
    html: '<!doctype html><title>t</title><p>文</p>',
    title: '標題',
    paper: 'Letter',
    margins: { top: 25.4, right: 12.7, bottom: 25.4, left: 12.7 },
    headerTemplate: '<div>標題</div>',
    footerTemplate: '<div><span class="pageNumber"></span></div>',
  };

  test('one window for the batch, the page loaded from memory, paper, margins (inches) and templates passed, window destroyed at the end', async () => {
    const pages = new PrintPages();
    const made: { loaded: string[]; options: Record<string, unknown>[]; destroyed: boolean }[] = [];
    const createWindow = (): BrowserWindow => {
      const record = { loaded: [] as string[], options: [] as Record<string, unknown>[], destroyed: false };
      made.push(record);
      return {
        isDestroyed: () => record.destroyed,
        destroy: () => void (record.destroyed = true),
        loadURL: async (url: string) => {
          assert.equal(pages.get(url), page.html, 'the page is there while it loads');
          record.loaded.push(url);
        },
        webContents: {
          printToPDF: async (options: Record<string, unknown>) => {
            record.options.push(options);
            return Buffer.from('%PDF-1.7 fake');
          },
        },
      } as unknown as BrowserWindow;
    };
    const renderer = electronPdfRenderer(createWindow, pages);
    const first = await renderer.render(page);
    await renderer.render({ ...page, paper: 'A4' });
    assert.equal(Buffer.from(first).toString(), '%PDF-1.7 fake');
    assert.equal(made.length, 1);
    assert.equal(made[0]!.loaded.length, 2);
    for (const url of made[0]!.loaded) assert.equal(pages.get(url), null, 'released after printing');
    const options = made[0]!.options[0]!;
    assert.equal(options.pageSize, 'Letter');
    assert.equal(made[0]!.options[1]!.pageSize, 'A4');
    assert.deepEqual(options.margins, { top: 1, right: 0.5, bottom: 1, left: 0.5 });
    assert.equal(options.displayHeaderFooter, true);
    assert.equal(options.headerTemplate, page.headerTemplate);
    assert.equal(options.footerTemplate, page.footerTemplate);
    assert.equal(options.printBackground, true);
    await renderer.close();
    assert.equal(made[0]!.destroyed, true);
  });
});
