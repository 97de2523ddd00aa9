/**
 * `npx tsx build/conformance/trafilatura-pages.ts [--worst N] [--file NAME] [--readability]`:
 * scores our extraction on the trafilatura-dev pages alone and lists the worst pages with the
 * snippets missed and the furniture kept; a tool for tuning the extractor, not part of a suite.
 * `--file NAME` prints that page's extracted text; `--readability` scores plain Readability too.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { VirtualConsole } from 'jsdom';
import { loadEvalPages, ourText, prf, readabilityText, scorePage } from './trafilatura.ts';

const { values } = parseArgs({
  options: {
    worst: { type: 'string', default: '25' },
    file: { type: 'string' },
    readability: { type: 'boolean', default: false },
    peer: { type: 'string' },
  },
});
const pages = loadEvalPages(resolve(values.peer ?? '../shared/peer'));
if (values.file) {
  for (const p of pages.filter((q) => q.file.includes(values.file!))) {
    const { text, error } = ourText(p);
    console.log(`== ${p.file} ${p.url}${error ? ` ERROR ${error}` : ''}\n${text}\n`);
    const s = scorePage(p, text);
    console.log(`missing: ${JSON.stringify(s.missing)}\nkept: ${JSON.stringify(s.kept)}`);
  }
  process.exit(0);
}
const start = performance.now();
const scores = pages.map((p) => {
  const { text, error } = ourText(p);
  return scorePage(p, text, error);
});
const ms = performance.now() - start;
const fmt = (n: number): string => n.toFixed(4);
const ours = prf(scores);
console.log(`ours: P ${fmt(ours.precision)} R ${fmt(ours.recall)} F1 ${fmt(ours.f1)} (${Math.round(ms)} ms)`);
const fn = scores.reduce((n, s) => n + s.fn, 0);
const fp = scores.reduce((n, s) => n + s.fp, 0);
console.log(`missing ${fn}, kept ${fp}, errors ${scores.filter((s) => s.error).length}`);
if (values.readability) {
  const vc = new VirtualConsole();
  const r = prf(pages.map((p) => scorePage(p, readabilityText(p, vc).text)));
  console.log(`readability/jsdom: P ${fmt(r.precision)} R ${fmt(r.recall)} F1 ${fmt(r.f1)}`);
}
const worst = [...scores].sort((a, b) => b.fn + b.fp - (a.fn + a.fp)).slice(0, Number(values.worst));
for (const s of worst) {
  if (s.fn + s.fp === 0) break;
  console.log(`\n${s.file}${s.error ? ` ERROR ${s.error}` : ''}`);
  for (const m of s.missing) console.log(`  - missing: ${m.slice(0, 100)}`);
  for (const k of s.kept) console.log(`  + kept:    ${k.slice(0, 100)}`);
}
