/**
 * OpenCC's own test data against our converters: the per-config cases of
 * `opencc/test/testcases/testcases.json` (JSON with comments and trailing commas) and the golden
 * whole-file conversions of `opencc/test/golden` (the `_jieba` ones need a segmenter OpenCC
 * builds separately, so they are left out).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConverter, isOpenCCConfig, OPENCC_CONFIGS } from '../../archive/convert/opencc.ts';
import { SkipSuite, type ConformanceRow, type ConformanceSuite } from './harness.ts';

interface TestCase {
  id: string;
  input: string;
  expected: Record<string, string>;
}

interface CaseFailure {
  id: string;
  config: string;
  input: string;
  expected: string;
  actual: string;
  reason: string;
}

/** Parses JSON that may have `//` and `/* *\/` comments and trailing commas. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ',' && /^\s*[\]}]/.test(text.slice(i + 1, i + 200))) {
      continue;
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

/** Why an output differs, where we can tell. */
function explain(expected: string, actual: string): string {
  const e = [...expected];
  const a = [...actual];
  const at = e.findIndex((ch, i) => ch !== a[i]);
  if (at < 0) return 'lengths differ';
  const want = e[at]!;
  const got = a[at] ?? '';
  if (want.codePointAt(0)! > 0xffff && e.length === a.length) {
    return `expects the rare character ${want} (U+${want.codePointAt(0)!.toString(16).toUpperCase()}) for ${got}: OpenCC's TSCharactersExt, which opencc-js leaves out (glyphs most fonts lack)`;
  }
  return `first difference at character ${at}: expected ${want}, got ${got}`;
}

export const openccSuite: ConformanceSuite = {
  name: 'opencc',
  async run(peerDir, log) {
    const root = join(peerDir, 'opencc', 'test');
    const casesFile = join(root, 'testcases', 'testcases.json');
    if (!existsSync(casesFile)) throw new SkipSuite(`no ${casesFile}`);
    const data = parseJsonc(readFileSync(casesFile, 'utf8')) as { cases: TestCase[] };
    const rows: ConformanceRow[] = [];
    const failures: CaseFailure[] = [];
    const unsupported: Record<string, number> = {};
    const tally = new Map<string, { pass: number; total: number }>(OPENCC_CONFIGS.map((c) => [c, { pass: 0, total: 0 }]));
    for (const testCase of data.cases) {
      for (const [config, expected] of Object.entries(testCase.expected)) {
        if (!isOpenCCConfig(config)) {
          unsupported[config] = (unsupported[config] ?? 0) + 1;
          continue;
        }
        const count = tally.get(config)!;
        count.total++;
        const actual = getConverter(config).convert(testCase.input);
        if (actual === expected) count.pass++;
        else failures.push({ id: testCase.id, config, input: testCase.input, expected, actual, reason: explain(expected, actual) });
      }
    }
    let pass = 0;
    let total = 0;
    for (const [config, count] of tally) {
      pass += count.pass;
      total += count.total;
      const rate = count.total ? Math.round((count.pass / count.total) * 10000) / 100 : 'no cases';
      rows.push({ suite: 'opencc', metric: `${config} cases pass % (${count.pass}/${count.total})`, value: rate, target: '100' });
    }
    rows.push({ suite: 'opencc', metric: `all cases pass % (${pass}/${total})`, value: Math.round((pass / total) * 10000) / 100, target: '100' });
    for (const f of failures) log(`${f.config} ${f.id}: ${f.reason}`);

    const golden: { file: string; config: string; identical: boolean; firstDifferingLine?: number; expected?: string; actual?: string }[] = [];
    const inputDir = join(root, 'golden', 'input');
    const outputDir = join(root, 'golden', 'output');
    if (existsSync(inputDir) && existsSync(outputDir)) {
      for (const name of readdirSync(outputDir).sort()) {
        const m = /^(.+)\.([a-z0-9]+)\.txt$/.exec(name);
        if (!m || m[2]!.endsWith('_jieba')) continue;
        const [, base, config] = m as unknown as [string, string, string];
        if (!isOpenCCConfig(config)) {
          unsupported[`golden ${config}`] = (unsupported[`golden ${config}`] ?? 0) + 1;
          continue;
        }
        const input = readFileSync(join(inputDir, `${base}.txt`), 'utf8');
        const expected = readFileSync(join(outputDir, name), 'utf8');
        const actual = getConverter(config).convert(input);
        const entry: (typeof golden)[number] = { file: name, config, identical: actual === expected };
        if (!entry.identical) {
          const e = expected.split('\n');
          const a = actual.split('\n');
          const line = e.findIndex((l, i) => l !== a[i]);
          entry.firstDifferingLine = (line < 0 ? Math.min(e.length, a.length) : line) + 1;
          entry.expected = e[entry.firstDifferingLine - 1];
          entry.actual = a[entry.firstDifferingLine - 1];
          log(`golden ${name}: first difference on line ${entry.firstDifferingLine}`);
        }
        golden.push(entry);
        rows.push({ suite: 'opencc', metric: `golden ${name}`, value: entry.identical ? 'identical' : `differs at line ${entry.firstDifferingLine}`, target: 'identical' });
      }
    }
    for (const [config, n] of Object.entries(unsupported)) {
      rows.push({ suite: 'opencc', metric: `${config}: not one of our configs (${n} skipped)`, value: 'n/a' });
    }
    return { rows, details: { failures, golden, unsupported } };
  },
};
