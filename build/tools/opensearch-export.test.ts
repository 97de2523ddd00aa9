/**
 * `export --all --format ndjson` against the index template in the repository: the file is
 * OpenSearch `_bulk` (an action line, then the document, alternating, ending in a newline), every
 * field of every document is mapped by the template and every mapped field is in every document
 * (required ones never null), values have the mapped types, `--since` keeps only what changed,
 * and the template's folding makes a Traditional text and its 简体 alike.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { changedAt, writeBulk, type BulkDocument } from '../../archive/export/bulk.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { addPlainArticle, plainArticle } from '../../archive/testing/plain-article.ts';
import { TEMPLATE_FILE, templateText } from './opensearch-template.ts';

interface Mapping {
  type: string;
  format?: string;
  properties?: Record<string, Mapping>;
}
interface Template {
  index_patterns: string[];
  _meta: { required_fields: string[] };
  template: { settings: { analysis: { char_filter: { hant_to_hans: { mappings: string[] } }; analyzer: Record<string, { filter: string[]; char_filter: string[] }> } }; mappings: { dynamic: string; properties: Record<string, Mapping> } };
}

const cliPath = join(import.meta.dirname, '..', '..', 'archive', 'cli.ts');
const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Template;
const dir = mkdtempSync(join(tmpdir(), 'opensearch-export-'));
const archive = join(dir, 'archive');
const ids: Record<'hant' | 'hans' | 'en', string> = { hant: '', hans: '', en: '' };
let between = '';

before(async () => {
  const store = await ArchiveStore.open(archive);
  try {
    ids.hant = await addPlainArticle(store, plainArticle('山區學校的新學期', ['清晨六點半，山坳裡的寄宿制學校已經亮起了燈。', '學校去年完成了宿舍改造。'], { lang: 'zh-Hant', byline: '王軍', source: '白銀新聞網' }));
    await store.update(ids.hant, { tags: ['教育', 'rural'] });
    await sleep(30);
    between = new Date().toISOString();
    await sleep(30);
    ids.hans = await addPlainArticle(store, plainArticle('山区学校的新学期', ['全市教育系统深入贯彻落实。'], { lang: 'zh-Hans', publishedAt: '2020-11-25T08:30:00+08:00' }));
    ids.en = await addPlainArticle(store, plainArticle("The Schools' New Term", ['Teachers moved to the village this year.'], { lang: 'en', url: 'https://example.org/term' }));
  } finally {
    await store.close();
  }
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, '--archive', archive, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The `_bulk` file's pairs, checking the line shapes on the way. */
function bulkPairs(file: string): { action: { index: { _index: string; _id: string } }; doc: BulkDocument }[] {
  const body = readFileSync(file, 'utf8');
  assert.ok(body.endsWith('\n'), 'a _bulk body ends with a newline');
  const lines = body.slice(0, -1).split('\n');
  assert.equal(lines.length % 2, 0, 'action and document lines alternate');
  const pairs = [];
  for (let k = 0; k < lines.length; k += 2) {
    const action = JSON.parse(lines[k]!) as { index: { _index: string; _id: string } };
    const doc = JSON.parse(lines[k + 1]!) as BulkDocument;
    assert.deepEqual(Object.keys(action), ['index'], `line ${k + 1} is an action`);
    assert.deepEqual(Object.keys(action.index).sort(), ['_id', '_index']);
    assert.equal(action.index._id, doc.id, 'the action names its document');
    assert.ok(template.index_patterns.some((p) => new RegExp(`^${p.replace('*', '.*')}$`).test(action.index._index)), 'the template applies to the index');
    pairs.push({ action, doc });
  }
  return pairs;
}

/** Whether `value` fits the mapping (null fits any field; keyword and text take strings or lists of them). */
function fits(value: unknown, mapping: Mapping): boolean {
  if (value === null) return true;
  if (Array.isArray(value) && mapping.type !== 'nested') return value.every((v) => fits(v, mapping));
  switch (mapping.type) {
    case 'keyword':
    case 'text':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(value) && !Number.isNaN(Date.parse(value));
    case 'nested':
      return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && matchesMapping(item as Record<string, unknown>, mapping.properties!).length === 0);
    default:
      return false;
  }
}

/** What is wrong between a document and the mapped properties: unmapped fields, missing ones, wrong types. */
function matchesMapping(doc: Record<string, unknown>, properties: Record<string, Mapping>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(doc)) if (!(key in properties)) problems.push(`${key} is not mapped`);
  for (const [key, mapping] of Object.entries(properties)) {
    if (!(key in doc)) problems.push(`${key} is missing`);
    else if (!fits(doc[key], mapping)) problems.push(`${key}: ${JSON.stringify(doc[key])} is not a ${mapping.type}`);
  }
  return problems;
}

test('the template in the repository is the one the generator writes (folding table from OpenCC included)', () => {
  assert.equal(readFileSync(TEMPLATE_FILE, 'utf8'), templateText(), 'run `npx tsx build/tools/opensearch-template.ts`');
  assert.equal(template.template.mappings.dynamic, 'strict', 'a field the template does not map is refused, not guessed');
  const analyzer = template.template.settings.analysis.analyzer.article_text!;
  assert.ok(analyzer.filter.includes('han_bigrams') && analyzer.filter.includes('english_stemmer'));
  assert.deepEqual(analyzer.char_filter, ['hant_to_hans']);
});

test('export --all --format ndjson: _bulk lines whose documents match the template field for field', () => {
  const out = join(dir, 'all.ndjson');
  const run = cli('--json', 'export', '--all', '--format', 'ndjson', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as { articles: number; bytes: number };
  assert.deepEqual(summary, { articles: 3, bytes: Buffer.byteLength(readFileSync(out)) });
  const pairs = bulkPairs(out);
  assert.deepEqual(pairs.map((p) => p.doc.id).sort(), Object.values(ids).sort());
  const properties = template.template.mappings.properties;
  for (const { doc } of pairs) {
    assert.deepEqual(matchesMapping(doc as unknown as Record<string, unknown>, properties), [], doc.id);
    for (const field of template._meta.required_fields) assert.notEqual((doc as unknown as Record<string, unknown>)[field], null, `${doc.id}: ${field}`);
  }
  const hant = pairs.find((p) => p.doc.id === ids.hant)!.doc;
  assert.equal(hant.text, '清晨六點半，山坳裡的寄宿制學校已經亮起了燈。\n\n學校去年完成了宿舍改造。');
  assert.equal(hant.text_hans, '清晨六点半，山坳里的寄宿制学校已经亮起了灯。\n\n学校去年完成了宿舍改造。');
  assert.equal(hant.title_hans, '山区学校的新学期');
  assert.deepEqual(hant.tags, ['教育', 'rural']);
  assert.deepEqual(hant.highlights, []);
  const hans = pairs.find((p) => p.doc.id === ids.hans)!.doc;
  assert.equal(hans.text_hans, null, 'an article already in 简体 is not written twice');
  assert.equal(hans.published_at, '2020-11-25T08:30:00+08:00');
  const en = pairs.find((p) => p.doc.id === ids.en)!.doc;
  assert.deepEqual([en.title_hans, en.text_hans, en.url], [null, null, 'https://example.org/term']);
});

test('highlights given by the service are nested documents the template maps', async () => {
  const store = await ArchiveStore.open(archive, { readOnly: true });
  const out = join(dir, 'highlights.ndjson');
  try {
    const highlight = { id: 'h1', color: 'yellow', quote: '寄宿制學校', note: '住校生', created_at: '2026-01-02T03:04:05.000Z', updated_at: '2026-01-02T03:04:05.000Z' };
    await writeBulk(store, out, { highlightsOf: async (id) => (id === ids.hant ? [highlight] : []) });
  } finally {
    await store.close();
  }
  const doc = bulkPairs(out).find((p) => p.doc.id === ids.hant)!.doc;
  assert.equal(doc.highlights.length, 1);
  assert.deepEqual(matchesMapping(doc as unknown as Record<string, unknown>, template.template.mappings.properties), []);
  assert.deepEqual(matchesMapping({ ...doc, highlights: [{ ...doc.highlights[0], page: 3 }] } as unknown as Record<string, unknown>, template.template.mappings.properties), [
    `highlights: ${JSON.stringify([{ ...doc.highlights[0], page: 3 }])} is not a nested`,
  ], 'the check sees an unmapped field inside a highlight');
});

test('--since keeps the articles imported since then, oldest first; a bad date is a usage error naming the flag', () => {
  const out = join(dir, 'since.ndjson');
  const run = cli('--json', 'export', '--all', '--format', 'ndjson', '--out', out, '--since', between, '--index', 'reader-articles-2026');
  assert.equal(run.status, 0, run.stderr);
  const pairs = bulkPairs(out);
  assert.deepEqual(pairs.map((p) => p.doc.id), [ids.hans, ids.en]);
  assert.ok(pairs.every((p) => p.action.index._index === 'reader-articles-2026'));
  const bad = cli('export', '--all', '--format', 'ndjson', '--out', out, '--since', 'last week');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--since: expected an ISO 8601 date/);
  const noAll = cli('export', '--format', 'ndjson', '--out', out);
  assert.equal(noAll.status, 2);
  assert.match(noAll.stderr, /--format ndjson needs --all/);
});

test('a later capture counts as a change for --since', () => {
  const meta = { importedAt: '2024-01-01T00:00:00.000Z', captures: [{ importedAt: '2024-01-01T00:00:00.000Z' }, { importedAt: '2025-06-01T00:00:00.000Z' }] };
  assert.equal(changedAt(meta as Parameters<typeof changedAt>[0]), '2025-06-01T00:00:00.000Z');
});

test("the template's folding makes a Traditional text read as its OpenCC 简体, character for character", () => {
  const rules = new Map(template.template.settings.analysis.char_filter.hant_to_hans.mappings.map((r) => r.split(' => ') as [string, string]));
  const fold = (s: string): string => [...s].map((c) => rules.get(c) ?? c).join('');
  const traditional = '清晨六點半，山坳裡的寄宿制學校已經亮起了燈。臺灣的學生說：這裏的圖書館很好。';
  const out = join(dir, 'all.ndjson');
  const hant = bulkPairs(out).find((p) => p.doc.id === ids.hant)!.doc;
  assert.equal(fold(hant.text), hant.text_hans);
  assert.equal(fold(traditional), '清晨六点半，山坳里的寄宿制学校已经亮起了灯。台湾的学生说：这里的图书馆很好。');
});
