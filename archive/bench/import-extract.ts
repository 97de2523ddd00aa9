/**
 * Article extraction speed on one thread: Readability's 130 test pages through our extraction
 * (linkedom, Readability, cleaning, sanitizing), against `@mozilla/readability` on jsdom over the
 * same decoded pages in the same run. Decoding is done once beforehand and counted for neither.
 * The whole pipeline on both cores is the import suite's figure; this is the extraction share.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeBytes } from '../import/decode/index.ts';
import { extractArticle } from '../import/extract/index.ts';
import type { DecodedPage } from '../import/types.ts';
import { median, round, type BenchSuite, type Figures } from './harness.ts';

const PAGES = 'readability/test/test-pages';
const URL_OF_PAGE = 'http://fakehost/test/page.html';

function loadPages(dir: string): DecodedPage[] {
  return readdirSync(dir)
    .filter((c) => existsSync(join(dir, c, 'source.html')))
    .sort()
    .map((c) => {
      const decoded = decodeBytes(new Uint8Array(readFileSync(join(dir, c, 'source.html'))), { kind: 'html' });
      return {
        format: 'html',
        content: decoded.text,
        charset: decoded.charset,
        url: URL_OF_PAGE,
        savedAt: null,
        containerTitle: null,
        resources: [],
        warnings: decoded.warnings,
      };
    });
}

/** Pages per second of `work` over all pages: the median of `runs` timed passes, after a warm-up on a few. */
function pagesPerSecond(pages: DecodedPage[], runs: number, work: (page: DecodedPage) => void): number {
  for (const page of pages.slice(0, 10)) work(page);
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (const page of pages) work(page);
    rates.push(pages.length / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

export const importExtractBench: BenchSuite = {
  name: 'import-extract',
  async run(ctx): Promise<Figures> {
    if (!ctx.peerDir || !existsSync(join(ctx.peerDir, PAGES))) {
      return { 'import.extract.skipped': `no Readability test pages under ${ctx.peerDir ?? '../shared/peer'}` };
    }
    const pages = loadPages(join(ctx.peerDir, PAGES));
    // jsdom needs minutes per pass on a shared machine: one timed pass of it, up to three of ours.
    const runs = Math.max(1, Math.min(ctx.runs, 3));
    ctx.log(`extracting ${pages.length} pages: ${runs} timed passes of ours, 1 of Readability on jsdom`);
    const ours = pagesPerSecond(pages, runs, (page) => {
      extractArticle(page);
    });
    // jsdom prints CSS and script errors of real pages to the console; they are not ours to report.
    const virtualConsole = new VirtualConsole();
    const jsdom = pagesPerSecond(pages, 1, (page) => {
      const dom = new JSDOM(page.content, { url: URL_OF_PAGE, virtualConsole });
      new Readability(dom.window.document as never).parse();
      dom.window.close();
    });
    return {
      'import.pages_per_s.extract_1_thread': round(ours),
      'import.pages_per_s.readability_jsdom_1_thread': round(jsdom),
      'import.extract_vs_jsdom_ratio_1_thread': round(ours / jsdom),
    };
  },
};
