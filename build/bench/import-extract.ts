/**
 * Article extraction speed on one thread: Readability's 130 test pages through our extraction
 * (linkedom, Readability, cleaning, sanitizing), against `@mozilla/readability` on jsdom over the
 * same decoded pages in the same run, page by page in alternation. Decoding is done once beforehand
 * and counted for neither.
 * The whole pipeline on both cores is the import suite's figure; this is the extraction share.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeBytes } from '../../archive/import/decode/index.ts';
import { extractArticle } from '../../archive/import/extract/index.ts';
import type { DecodedPage } from '../../archive/import/types.ts';
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

/**
 * Pages per second of each way of extracting, page by page in alternation so that the load of a
 * shared machine weighs on both alike: the median over `passes` passes, after a short warm-up.
 */
function interleavedRates(pages: DecodedPage[], passes: number, ways: Record<string, (page: DecodedPage) => void>): Record<string, number> {
  const names = Object.keys(ways);
  for (const page of pages.slice(0, 10)) for (const name of names) ways[name]!(page);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let pass = 0; pass < passes; pass++) {
    const ms: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    for (const page of pages) {
      for (const name of names) {
        const start = performance.now();
        ways[name]!(page);
        ms[name]! += performance.now() - start;
      }
    }
    for (const name of names) rates[name]!.push(pages.length / (ms[name]! / 1000));
  }
  return Object.fromEntries(names.map((n) => [n, median(rates[n]!)]));
}

export const importExtractBench: BenchSuite = {
  name: 'import-extract',
  async run(ctx): Promise<Figures> {
    if (!ctx.peerDir || !existsSync(join(ctx.peerDir, PAGES))) {
      return { 'import.extract.skipped': `no Readability test pages under ${ctx.peerDir ?? '../shared/peer'}` };
    }
    const pages = loadPages(join(ctx.peerDir, PAGES));
    // A pass of jsdom takes minutes on a shared machine: at most two passes.
    const passes = Math.max(1, Math.min(ctx.runs, 2));
    ctx.log(`extracting ${pages.length} pages, ours and Readability on jsdom in alternation, ${passes} pass(es)`);
    // jsdom prints CSS and script errors of real pages to the console; they are not ours to report.
    const virtualConsole = new VirtualConsole();
    const rates = interleavedRates(pages, passes, {
      ours: (page) => {
        extractArticle(page);
      },
      jsdom: (page) => {
        const dom = new JSDOM(page.content, { url: URL_OF_PAGE, virtualConsole });
        new Readability(dom.window.document as never).parse();
        dom.window.close();
      },
    });
    const ours = rates.ours!;
    const jsdom = rates.jsdom!;
    return {
      'import.pages_per_s.extract_1_thread': round(ours),
      'import.pages_per_s.readability_jsdom_1_thread': round(jsdom),
      'import.extract_vs_jsdom_ratio_1_thread': round(ours / jsdom),
    };
  },
};
