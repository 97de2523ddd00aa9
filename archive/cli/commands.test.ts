/**
 * One test per CLI command, each command a fresh `node` process on a fresh archive made by the
 * CLI's own import: what a user scripting the archive sees (exit codes, JSON fields, the files
 * written and what is in them). Two text dumps of our own: one in Traditional script (西e網—白銀新聞網,
 * 編輯 王軍), one in Simplified (白银新闻网, 编辑 王军), so every script has something to convert.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { checkEpub } from '../export/epub/check.ts';
import { readEntry, readZipDirectory } from '../webarchive/zip-read.ts';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');
const traditionalDump = join(import.meta.dirname, 'fixtures', 'education-dump.txt');
const simplifiedDump = join(import.meta.dirname, '..', 'import', 'fixtures', 'saved', 'dump.txt');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, ...args], { encoding: 'utf8', env: { ...process.env, READER_ARCHIVE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(run: Run): T {
  assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

interface ImportJson {
  imported: { id: string; title: string; file: string }[];
  duplicates: { id: string; file: string }[];
  failed: { file: string; error: string }[];
  skipped: { file: string; reason: string }[];
}
type Shown = Record<'id' | 'title' | 'byline' | 'source' | 'publishedAt' | 'lang' | 'text' | 'html', string>;

const archive = join(mkdtempSync(join(tmpdir(), 'cli-commands-')), 'archive');
let imported: ImportJson;
let traditional = '';
let simplified = '';

before(() => {
  imported = json<ImportJson>(cli('--archive', archive, '--json', 'import', traditionalDump, simplifiedDump));
  traditional = imported.imported.find((i) => i.file === traditionalDump)?.id ?? '';
  simplified = imported.imported.find((i) => i.file === simplifiedDump)?.id ?? '';
});

test('import: a new archive takes both dumps, reports them by file with their titles; the same files again are duplicates', () => {
  // Files are committed in the order their workers finish them (import/batch.ts), so the report's
  // order is not fixed: compare by file.
  const byFile = imported.imported.map((i) => [i.file, i.title]).sort(([a], [b]) => (a! < b! ? -1 : 1));
  const expected = [
    [traditionalDump, '山區學校的新學期——教育脫貧攻堅一線見聞'],
    [simplifiedDump, '教育新闻'],
  ].sort(([a], [b]) => (a! < b! ? -1 : 1));
  assert.deepEqual(byFile, expected);
  assert.match(traditional, /^[0-9a-f]{16}$/);
  assert.deepEqual([imported.duplicates, imported.failed, imported.skipped], [[], [], []]);
  const again = json<ImportJson>(cli('--archive', archive, '--json', 'import', simplifiedDump));
  assert.deepEqual(again.duplicates, [{ id: simplified, file: simplifiedDump }]);
  assert.deepEqual(again.imported, []);
  const missing = cli('--archive', archive, '--json', 'import', join(archive, 'no-such-page.html'));
  assert.equal(missing.status, 1, 'a file that cannot be read fails the run, the rest is done');
  assert.equal((JSON.parse(missing.stdout) as ImportJson).failed.length, 1);
});

test('search: right after the import, a query in either script finds the Traditional article, each in a fresh process', () => {
  for (const query of ['教育脱贫', '脫貧攻堅']) {
    const hits = json<{ id: string; title: string; snippet: string }[]>(cli('--archive', archive, '--json', 'search', query));
    assert.ok(hits.some((h) => h.id === traditional), `${query}: ${JSON.stringify(hits)}`);
    for (const hit of hits) assert.deepEqual(Object.keys(hit).slice(0, 3), ['id', 'title', 'snippet']);
  }
  // Titles come back in the script asked for; a query found in neither article finds nothing.
  const hans = json<{ id: string; title: string }[]>(cli('--archive', archive, '--json', 'search', '--script', 'hans', '寄宿制學校'));
  assert.deepEqual(hans.map((h) => [h.id, h.title]), [[traditional, '山区学校的新学期——教育脱贫攻坚一线见闻']]);
  assert.deepEqual(json<unknown[]>(cli('--archive', archive, '--json', 'search', '量子計算')), []);
  const human = cli('--archive', archive, 'search', '寄宿制学校');
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /^1 matching$/m);
});

test('list: both articles with the contract fields; the human form shows each id and title', () => {
  const rows = json<Record<string, unknown>[]>(cli('--archive', archive, '--json', 'list'));
  assert.deepEqual(new Set(rows.map((r) => r.id)), new Set([traditional, simplified]));
  for (const row of rows) {
    for (const key of ['id', 'title', 'byline', 'source', 'publishedAt', 'importedAt', 'lang']) assert.ok(key in row, key);
    assert.equal(row.publishedAt, '2020-11-25');
  }
  assert.deepEqual(rows.find((r) => r.id === traditional), {
    ...rows.find((r) => r.id === traditional),
    title: '山區學校的新學期——教育脫貧攻堅一線見聞',
    byline: '王軍',
    source: '西e網—白銀新聞網',
    lang: 'zh-Hant',
  });
  const human = cli('--archive', archive, 'list');
  assert.match(human.stdout, new RegExp(`^${traditional}  2020-11-25  山區學校的新學期`, 'm'));
  assert.match(human.stdout, new RegExp(`^${simplified}  2020-11-25  教育新闻  \\(白银新闻网\\)$`, 'm'));
});

test('show: in every script the title, byline, source, text and lang are converted', () => {
  const show = (id: string, script: string): Shown => json<Shown>(cli('--archive', archive, '--json', 'show', id, '--script', script));
  const fields = (s: Shown): string[] => [s.title, s.byline, s.source, s.lang];
  const original = show(traditional, 'original');
  assert.deepEqual(fields(original), ['山區學校的新學期——教育脫貧攻堅一線見聞', '王軍', '西e網—白銀新聞網', 'zh-Hant']);
  assert.match(original.text, /^清晨六點半，山坳裡的寄宿制學校/);
  assert.equal(original.text.split('\n\n').length, 4, 'paragraphs separated by one blank line');
  const hans = show(traditional, 'hans');
  assert.deepEqual(fields(hans), ['山区学校的新学期——教育脱贫攻坚一线见闻', '王军', '西e网—白银新闻网', 'zh-Hans']);
  assert.match(hans.text, /^清晨六点半，山坳里的寄宿制学校已经亮起了灯/);
  assert.doesNotMatch(hans.html, /學校|脫貧/);
  // The Simplified dump, into each Traditional form.
  assert.deepEqual(fields(show(simplified, 'original')), ['教育新闻', '王军', '白银新闻网', 'zh-Hans']);
  for (const [script, lang] of [['hant', 'zh-Hant'], ['tw', 'zh-TW'], ['hk', 'zh-HK']] as const) {
    const shown = show(simplified, script);
    assert.deepEqual(fields(shown), ['教育新聞', '王軍', '白銀新聞網', lang], script);
    assert.match(shown.text, /全市教育系統深入貫徹落實/, script);
    assert.doesNotMatch(shown.html, /教育系统|贯彻/, script);
  }
  // Several ids: one JSON line each, in the order given; an id not there fails (exit 1), the rest shown.
  const both = cli('--archive', archive, '--json', 'show', simplified, traditional, '--script', 'hans');
  assert.equal(both.status, 0, both.stderr);
  assert.deepEqual(both.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as Shown).id), [simplified, traditional]);
  const partly = cli('--archive', archive, '--json', 'show', 'f'.repeat(16), traditional);
  assert.equal(partly.status, 1);
  assert.match(partly.stderr, /no article with id ffffffffffffffff/);
  assert.deepEqual(partly.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as Shown).id), [traditional]);
});

test('export: pdf, html, md and epub files named after the titles in the script asked for, holding the articles', async () => {
  const out = (format: string): string => join(archive, '..', `export-${format}`);
  const exported = (format: string, ...extra: string[]): string[] =>
    json<{ files: string[] }>(cli('--archive', archive, '--json', 'export', traditional, simplified, '--format', format, '--out', out(format), '--script', 'hans', ...extra)).files;

  const md = exported('md');
  assert.deepEqual(md.map((f) => basename(f)), ['山区学校的新学期——教育脱贫攻坚一线见闻.md', '教育新闻.md']);
  const markdown = readFileSync(md[0]!, 'utf8');
  assert.match(markdown, /^title: "山区学校的新学期——教育脱贫攻坚一线见闻"$/m);
  assert.match(markdown, /^# 山区学校的新学期——教育脱贫攻坚一线见闻$/m);
  assert.match(markdown, /清晨六点半，山坳里的寄宿制学校/);
  assert.match(markdown, /^byline: "王军"$/m);
  assert.match(markdown, /^source: "西e网—白银新闻网"$/m);

  const html = exported('html', '--font-size', '20');
  assert.deepEqual(html.map((f) => basename(f)), ['山区学校的新学期——教育脱贫攻坚一线见闻.html', '教育新闻.html']);
  const page = readFileSync(html[1]!, 'utf8');
  assert.match(page, /<html lang="zh-Hans"[ >]/);
  assert.match(page, /<title>教育新闻<\/title>/);
  assert.match(page, /font-size: 20px/);
  const traditionalPage = readFileSync(html[0]!, 'utf8');
  for (const shown of ['王军', '西e网—白银新闻网', '清晨六点半，山坳里的寄宿制学校']) assert.ok(traditionalPage.includes(shown), shown);
  assert.doesNotMatch(traditionalPage, /王軍|白銀新聞網|寄宿制學校/);

  const pdf = exported('pdf');
  assert.deepEqual(pdf.map((f) => basename(f)), ['山区学校的新学期——教育脱贫攻坚一线见闻.pdf', '教育新闻.pdf']);
  for (const file of pdf) {
    assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(statSync(file).size > 2000, `${file}: ${statSync(file).size} bytes`);
  }

  const [book, ...more] = exported('epub');
  assert.deepEqual(more, [], 'one book for all the ids');
  assert.equal(basename(book!), '山区学校的新学期——教育脱贫攻坚一线见闻 (+1).epub');
  assert.deepEqual(await checkEpub(book!), []);
  const entries = await readZipDirectory(book!);
  const chapters = await Promise.all(entries.filter((e) => /text\/.*\.xhtml$/.test(e.name)).map(async (e) => Buffer.from(await readEntry(book!, e)).toString('utf8')));
  assert.equal(chapters.length, 2);
  assert.ok(chapters.some((c) => ['王军', '西e网—白银新闻网', '清晨六点半'].every((shown) => c.includes(shown))), 'the Traditional article, in Simplified');

  // The font size's limits are the contract's: outside them is a usage error, nothing written.
  const tooBig = cli('--archive', archive, 'export', traditional, '--format', 'html', '--out', out('big'), '--font-size', '99');
  assert.equal(tooBig.status, 2);
  assert.match(tooBig.stderr, /--font-size: expected a number from 12 to 40/);
  assert.equal(existsSync(out('big')), false);
});

test('verify: a sound archive is ok (exit 0); a body changed on disk is named (exit 1); an orphan file is removed', () => {
  assert.deepEqual(json(cli('--archive', archive, '--json', 'verify')), { ok: true, problems: [] });
  const human = cli('--archive', archive, 'verify');
  assert.match(human.stdout, /^ok: 2 articles checked$/m);
  const orphan = join(archive, 'originals', `${'0'.repeat(64)}.txt`);
  writeFileSync(orphan, 'left by an interrupted import');
  const cleaned = json<{ ok: boolean; problems: { kind: string; path: string; repaired?: boolean }[] }>(cli('--archive', archive, '--json', 'verify'));
  assert.deepEqual(cleaned.problems.map((p) => [p.kind, p.path, p.repaired]), [['orphan-file', `originals/${basename(orphan)}`, true]]);
  assert.equal(existsSync(orphan), false);
  const bodies = join(archive, 'articles', traditional.slice(0, 2));
  const body = join(bodies, readdirSync(bodies).find((n) => n.startsWith(traditional))!);
  const kept = readFileSync(body);
  writeFileSync(body, kept.toString('utf8').replace('清晨六點半', '清晨七點半'));
  try {
    const bad = cli('--archive', archive, '--json', 'verify');
    assert.equal(bad.status, 1);
    assert.deepEqual((JSON.parse(bad.stdout) as { problems: { kind: string; id?: string }[] }).problems.map((p) => [p.kind, p.id]), [['checksum-mismatch', traditional]]);
  } finally {
    writeFileSync(body, kept);
  }
});

test('backup and restore: one file holds the archive; restored into a new archive it lists, shows and verifies the same', () => {
  const file = join(archive, '..', 'archive.backup');
  const made = json<{ articles: number; bytes: number; file: string }>(cli('--archive', archive, '--json', 'backup', '--out', file));
  assert.deepEqual(made, { articles: 2, bytes: statSync(file).size, file });
  const target = join(archive, '..', 'restored');
  const restored = json<Record<string, unknown>>(cli('--archive', target, '--json', 'restore', file));
  assert.deepEqual({ ...restored, filesWritten: undefined }, { articles: 2, bytes: made.bytes, unchanged: 0, conflicts: [], filesWritten: undefined, settingsRestored: true });
  assert.ok(Number(restored.filesWritten) >= 4, 'two bodies and two originals at least');
  const ids = (dir: string): string[] => json<{ id: string }[]>(cli('--archive', dir, '--json', 'list')).map((r) => r.id).sort();
  assert.deepEqual(ids(target), ids(archive));
  const shown = json<Shown>(cli('--archive', target, '--json', 'show', traditional, '--script', 'hans'));
  assert.deepEqual([shown.byline, shown.source], ['王军', '西e网—白银新闻网']);
  assert.deepEqual(json(cli('--archive', target, '--json', 'verify')), { ok: true, problems: [] });
  // Again into the same archive: everything is already there, nothing changes.
  const again = json<{ articles: number; unchanged: number; conflicts: unknown[] }>(cli('--archive', target, '--json', 'restore', file));
  assert.deepEqual([again.articles, again.unchanged, again.conflicts], [0, 2, []]);
});
