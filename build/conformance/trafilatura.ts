/**
 * trafilatura's evaluation pages (`../shared/peer/trafilatura-dev`): each page through OUR
 * extraction and through plain `@mozilla/readability` on jsdom, scored by trafilatura's own
 * metric: every `with` snippet found in the extracted text is a true positive (else a false
 * negative), every `without` snippet found is a false positive (else a true negative), summed
 * over all pages. Whitespace is squashed to single spaces on both sides before matching.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeBytes } from '../../archive/import/decode/index.ts';
import { extractArticle } from '../../archive/import/extract/index.ts';
import type { DecodedPage } from '../../archive/import/types.ts';
import { SkipSuite, type ConformanceSuite } from './harness.ts';

const DIR = 'trafilatura-dev';

interface EvalEntry {
  file: string;
  with: string[];
  without: string[];
}

/** One page of the set, decoded as the importer would decode it. */
export interface EvalPage {
  url: string;
  file: string;
  with: string[];
  without: string[];
  page: DecodedPage;
}

/** The counts of trafilatura's metric, for one page or summed over many. */
export interface SnippetCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export interface PageScore extends SnippetCounts {
  file: string;
  url: string;
  /** `with` snippets not found in the text. */
  missing: string[];
  /** `without` snippets found in the text. */
  kept: string[];
  error?: string;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Loads the set; throws SkipSuite when it is not there. */
export function loadEvalPages(peerDir: string): EvalPage[] {
  const dir = join(peerDir, DIR);
  const index = join(dir, 'evaldata-dev.json');
  if (!existsSync(index)) throw new SkipSuite(`no trafilatura evaluation pages at ${dir}`);
  const entries = JSON.parse(readFileSync(index, 'utf8')) as Record<string, EvalEntry>;
  return Object.entries(entries).map(([url, entry]) => {
    const bytes = new Uint8Array(gunzipSync(readFileSync(join(dir, 'pages', `${entry.file}.gz`))));
    const decoded = decodeBytes(bytes, { kind: 'html' });
    return {
      url,
      file: entry.file,
      with: entry.with,
      without: entry.without,
      page: {
        format: 'html',
        content: decoded.text,
        charset: decoded.charset,
        url,
        savedAt: null,
        containerTitle: null,
        resources: [],
        warnings: decoded.warnings,
      },
    };
  });
}

/** Scores one extracted text (null: the extractor found nothing) against a page's snippets. */
export function scorePage(page: EvalPage, text: string | null, error?: string): PageScore {
  const haystack = squash(text ?? '');
  const score: PageScore = { file: page.file, url: page.url, tp: 0, fn: 0, fp: 0, tn: 0, missing: [], kept: [], ...(error ? { error } : {}) };
  for (const snippet of page.with) {
    if (haystack.includes(squash(snippet))) score.tp++;
    else {
      score.fn++;
      score.missing.push(snippet);
    }
  }
  for (const snippet of page.without) {
    if (haystack.includes(squash(snippet))) {
      score.fp++;
      score.kept.push(snippet);
    } else score.tn++;
  }
  return score;
}

/** Precision, recall and F1 of summed counts. */
export function prf(scores: readonly SnippetCounts[]): { precision: number; recall: number; f1: number } {
  const tp = scores.reduce((n, s) => n + s.tp, 0);
  const fp = scores.reduce((n, s) => n + s.fp, 0);
  const fn = scores.reduce((n, s) => n + s.fn, 0);
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** The text our importer keeps of a page: its paragraphs, one per line. */
export function ourText(page: EvalPage): { text: string | null; error?: string } {
  try {
    return { text: extractArticle(page.page).paragraphs.join('\n') };
  } catch (e) {
    return { text: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The text plain Readability on jsdom keeps of a page. */
export function readabilityText(page: EvalPage, virtualConsole: VirtualConsole): { text: string | null; error?: string } {
  try {
    const dom = new JSDOM(page.page.content, { url: page.url, virtualConsole });
    const result = new Readability(dom.window.document as never).parse();
    dom.window.close();
    return { text: result?.textContent ?? null };
  } catch (e) {
    return { text: null, error: e instanceof Error ? e.message : String(e) };
  }
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

export const trafilaturaSuite: ConformanceSuite = {
  name: 'trafilatura-dev',
  async run(peerDir, log) {
    const pages = loadEvalPages(peerDir);
    log(`${pages.length} pages: ours, then Readability on jsdom`);
    const ours = pages.map((p) => {
      const { text, error } = ourText(p);
      return scorePage(p, text, error);
    });
    const virtualConsole = new VirtualConsole();
    const theirs = pages.map((p) => {
      const { text, error } = readabilityText(p, virtualConsole);
      return scorePage(p, text, error);
    });
    const a = prf(ours);
    const b = prf(theirs);
    const suite = 'trafilatura-dev';
    const worst = [...ours]
      .sort((x, y) => x.tp - x.fn - x.fp - (y.tp - y.fn - y.fp))
      .slice(0, 20)
      .map(({ file, missing, kept, error }) => ({ file, missing, kept, error }));
    return {
      rows: [
        { suite, metric: 'pages', value: pages.length },
        { suite, metric: 'ours precision', value: round(a.precision) },
        { suite, metric: 'ours recall', value: round(a.recall) },
        { suite, metric: 'ours F1', value: round(a.f1), target: '>= 0.93' },
        { suite, metric: 'Readability (jsdom) precision', value: round(b.precision) },
        { suite, metric: 'Readability (jsdom) recall', value: round(b.recall) },
        { suite, metric: 'Readability (jsdom) F1', value: round(b.f1) },
      ],
      details: { worst },
    };
  },
};
