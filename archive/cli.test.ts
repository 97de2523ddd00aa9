import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore, bodyRelPath } from './store/store.ts';
import { syntheticArticle, syntheticOriginal } from './testing/synthetic.ts';

const cliPath = join(import.meta.dirname, 'cli.ts');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, ...args], { encoding: 'utf8', env: { ...process.env, READER_ARCHIVE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function archiveWith(indexes: number[]): Promise<{ dir: string; ids: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  const store = await ArchiveStore.open(dir);
  const ids: string[] = [];
  for (const i of indexes) {
    const article = syntheticArticle(i);
    ids.push((await store.addArticle({ article, original: syntheticOriginal(i, article) })).id);
  }
  await store.close();
  return { dir, ids };
}

test('list --json prints the contract fields, newest first', async () => {
  const { dir, ids } = await archiveWith([1, 2, 3]);
  const r = cli('--archive', dir, 'list', '--json');
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.deepEqual(rows.map((x) => x.id).sort(), [...ids].sort());
  for (const row of rows) assert.deepEqual(Object.keys(row).sort(), ['byline', 'extraction', 'id', 'importedAt', 'lang', 'publishedAt', 'source', 'title']);
  assert.ok(rows.every((x) => x.extraction === 'article'));
  const dates = rows.map((x) => String(x.publishedAt));
  assert.deepEqual(dates, [...dates].sort().reverse());
});

test('show --json gives the article with paragraphs separated by one blank line; --script hans converts it', async () => {
  // Index 4 is a Traditional-script article in the synthetic set; find one that is.
  let index = 0;
  while (syntheticArticle(index).lang !== 'zh-Hant') index++;
  const { dir, ids } = await archiveWith([index]);
  const article = syntheticArticle(index);
  const r = cli('--archive', dir, 'show', ids[0]!, '--json');
  assert.equal(r.status, 0, r.stderr);
  const shown = JSON.parse(r.stdout) as Record<string, string>;
  assert.equal(shown.title, article.title);
  assert.equal(shown.text, article.paragraphs.join('\n\n'));
  for (const key of ['id', 'title', 'byline', 'source', 'publishedAt', 'url', 'lang', 'text', 'html', 'editor', 'extraction']) assert.ok(key in shown, key);

  const hans = JSON.parse(cli('--archive', dir, 'show', ids[0]!, '--json', '--script', 'hans').stdout) as Record<string, string>;
  assert.equal(hans.lang, 'zh-Hans');
  assert.notEqual(hans.text, shown.text);
  assert.equal(hans.text?.length, shown.text?.length);
  // Title, byline and source are all in the script asked for, as the window shows them.
  const { metaInScript } = await import('./convert/index.ts');
  const expected = metaInScript({ title: article.title, byline: article.byline, source: article.source, lang: article.lang }, 'hans');
  assert.deepEqual([hans.title, hans.byline, hans.source], [expected.title, expected.byline, expected.source]);
  // A byline written in Simplified (王军) comes out in Traditional (王軍) under hant: converted, not copied.
  const hant = JSON.parse(cli('--archive', dir, 'show', ids[0]!, '--json', '--script', 'hant').stdout) as Record<string, string | null>;
  const inHant = metaInScript({ title: article.title, byline: article.byline, source: article.source, lang: article.lang }, 'hant');
  assert.deepEqual([hant.byline, hant.source], [inHant.byline, inHant.source]);
  if (article.byline === '王军') assert.equal(hant.byline, '王軍');
});

test('verify exits 0 on a sound archive and 1 with the problem named when a body was tampered with', async () => {
  const { dir, ids } = await archiveWith([5, 6]);
  const ok = cli('--archive', dir, 'verify', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { ok: boolean }).ok, true);
  writeFileSync(join(dir, bodyRelPath(ids[1]!)), 'tampered');
  const bad = cli('--archive', dir, 'verify', '--json');
  assert.equal(bad.status, 1);
  const report = JSON.parse(bad.stdout) as { ok: boolean; problems: { kind: string; id?: string }[] };
  assert.equal(report.ok, false);
  assert.deepEqual(report.problems.map((p) => [p.kind, p.id]), [['checksum-mismatch', ids[1]]]);
});

test('usage errors and unusable archives exit 2 with a message', async () => {
  const unknown = cli('frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const badFlag = cli('list', '--no-such-flag');
  assert.equal(badFlag.status, 2);
  const missing = cli('--archive', join(tmpdir(), 'no-such-archive-here'), 'list');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no archive at/);

  const { dir } = await archiveWith([7]);
  const holder = await ArchiveStore.open(dir);
  try {
    const locked = cli('--archive', dir, 'verify');
    assert.equal(locked.status, 2);
    assert.match(locked.stderr, /in use by/);
  } finally {
    await holder.close();
  }
});

test('verify --repair rebuilds a damaged search index, after which search finds the article again', async () => {
  let index = 20;
  while (syntheticArticle(index).lang === 'en') index++;
  const { dir, ids } = await archiveWith([index]);
  const { mkdirSync, readFileSync } = await import('node:fs');
  mkdirSync(join(dir, 'search'), { recursive: true });
  writeFileSync(join(dir, 'search', 'manifest.json'), 'damaged');
  const repaired = cli('--archive', dir, 'verify', '--repair');
  assert.equal(repaired.status, 0, repaired.stderr);
  assert.match(repaired.stdout, /search index rebuilt \(1 articles\)/);
  assert.notEqual(readFileSync(join(dir, 'search', 'manifest.json'), 'utf8'), 'damaged');
  const term = syntheticArticle(index).paragraphs[0]!.slice(0, 2);
  const found = cli('--archive', dir, 'search', term, '--json');
  assert.equal(found.status, 0, found.stderr);
  assert.deepEqual((JSON.parse(found.stdout) as { id: string }[]).map((h) => h.id), ids);
});

test('search reads the query language and explains a malformed query with exit code 2', async () => {
  const english: number[] = [];
  for (let i = 0; english.length < 6; i++) if (syntheticArticle(i).lang === 'en') english.push(i);
  const { dir, ids } = await archiveWith(english);
  const source = syntheticArticle(english[0]!).source!;
  const bySource = ids.filter((_, k) => syntheticArticle(english[k]!).source === source);
  const found = cli('--archive', dir, 'search', `source:"${source}"`, '--json');
  assert.equal(found.status, 0, found.stderr);
  assert.deepEqual(new Set((JSON.parse(found.stdout) as { id: string }[]).map((h) => h.id)), new Set(bySource));
  const excluded = cli('--archive', dir, 'search', '--json', '--', `-source:"${source}"`);
  assert.equal(excluded.status, 0, excluded.stderr);
  assert.deepEqual(new Set((JSON.parse(excluded.stdout) as { id: string }[]).map((h) => h.id)), new Set(ids.filter((id) => !bySource.includes(id))));
  const text = cli('--archive', dir, 'search', `source:"${source}"`);
  assert.match(text.stdout, new RegExp(`^${bySource.length} matching$`, 'm'));
  const bad = cli('--archive', dir, 'search', '"railway museum');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /the phrase "railway mus… has no closing quote/);
});
