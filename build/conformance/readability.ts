/**
 * Mozilla Readability's 130 test pages through OUR extraction (decode, Readability on linkedom,
 * cleaning, sanitizing): the body's character-bigram F1 against `expected.html`'s text, and
 * title and byline exact match against `expected-metadata.json`. Cleaning rules that damaged
 * real pages would show here as lost F1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedArticle } from '../../archive/model.ts';
import { decodeBytes } from '../../archive/import/decode/index.ts';
import { extractArticle } from '../../archive/import/extract/index.ts';
import { parseDocument } from '../../archive/import/extract/dom.ts';
import type { DecodedPage } from '../../archive/import/types.ts';
import { SkipSuite, type ConformanceSuite } from './harness.ts';

const PAGES = 'readability/test/test-pages';

const collapse = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const chars = [...collapse(text)];
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return counts;
}

/** F1 of the multisets of character bigrams of two whitespace-collapsed texts (1 when both are empty). */
export function bigramF1(actual: string, expected: string): number {
  const a = bigrams(actual);
  const e = bigrams(expected);
  let na = 0;
  let ne = 0;
  let common = 0;
  for (const n of a.values()) na += n;
  for (const n of e.values()) ne += n;
  if (na === 0 && ne === 0) return 1;
  if (na === 0 || ne === 0) return 0;
  for (const [b, n] of a) common += Math.min(n, e.get(b) ?? 0);
  const precision = common / na;
  const recall = common / ne;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** The page as the container half of the importer would hand it over. */
export function decodeTestPage(bytes: Uint8Array): DecodedPage {
  const decoded = decodeBytes(bytes, { kind: 'html' });
  return {
    format: 'html',
    content: decoded.text,
    charset: decoded.charset,
    url: 'http://fakehost/test/page.html',
    savedAt: null,
    containerTitle: null,
    resources: [],
    warnings: decoded.warnings,
  };
}

interface Expected {
  title: string | null;
  byline: string | null;
}

interface CaseResult {
  name: string;
  f1: number;
  title: { expected: string | null; actual: string | null };
  byline: { expected: string | null; actual: string | null };
  error?: string;
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

export const readabilitySuite: ConformanceSuite = {
  name: 'readability',
  async run(peerDir, log) {
    const dir = join(peerDir, PAGES);
    if (!existsSync(dir)) throw new SkipSuite(`no Readability test pages at ${dir}`);
    const cases = readdirSync(dir).filter((c) => existsSync(join(dir, c, 'source.html'))).sort();
    const results: CaseResult[] = [];
    for (const name of cases) {
      const caseDir = join(dir, name);
      const expected = JSON.parse(readFileSync(join(caseDir, 'expected-metadata.json'), 'utf8')) as Expected;
      const expectedText = parseDocument(readFileSync(join(caseDir, 'expected.html'), 'utf8')).body?.textContent ?? '';
      let article: ExtractedArticle | null = null;
      let error: string | undefined;
      try {
        article = extractArticle(decodeTestPage(new Uint8Array(readFileSync(join(caseDir, 'source.html')))));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      results.push({
        name,
        f1: bigramF1(article?.paragraphs.join(' ') ?? '', expectedText),
        title: { expected: expected.title || null, actual: article?.title || null },
        byline: { expected: expected.byline || null, actual: article?.byline ?? null },
        ...(error ? { error } : {}),
      });
    }
    const n = results.length;
    const meanF1 = results.reduce((s, r) => s + r.f1, 0) / n;
    const rate = (pick: (r: CaseResult) => boolean): number => round(results.filter(pick).length / n);
    const titleExact = rate((r) => r.title.actual === r.title.expected);
    const bylineExact = rate((r) => r.byline.actual === r.byline.expected);
    const bylineNormalized = rate((r) => collapse(r.byline.actual) === collapse(r.byline.expected));
    const lowF1 = results.filter((r) => r.f1 < 0.95).map((r) => ({ name: r.name, f1: round(r.f1), error: r.error }));
    const titleMisses = results.filter((r) => r.title.actual !== r.title.expected).map((r) => ({ name: r.name, ...r.title }));
    const bylineMisses = results
      .filter((r) => collapse(r.byline.actual) !== collapse(r.byline.expected))
      .map((r) => ({ name: r.name, ...r.byline }));
    for (const m of titleMisses) log(`title ${m.name}: ${JSON.stringify(m.actual)} vs ${JSON.stringify(m.expected)}`);
    for (const m of bylineMisses) log(`byline ${m.name}: ${JSON.stringify(m.actual)} vs ${JSON.stringify(m.expected)}`);
    for (const m of lowF1) log(`body ${m.name}: F1 ${m.f1}${m.error ? ` (${m.error})` : ''}`);
    return {
      rows: [
        { suite: 'readability', metric: 'pages', value: n },
        { suite: 'readability', metric: 'body bigram F1 (mean)', value: round(meanF1), target: '>= 0.98' },
        { suite: 'readability', metric: 'title exact', value: titleExact, target: '>= 0.95' },
        { suite: 'readability', metric: 'byline exact (whitespace-collapsed)', value: bylineNormalized, target: '>= 0.95' },
        { suite: 'readability', metric: 'byline exact (raw, incl. line breaks)', value: bylineExact },
      ],
      details: { lowF1, titleMisses, bylineMisses },
    };
  },
};
