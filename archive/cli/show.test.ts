/**
 * `show` for scripts: any number of ids in one process, one JSON line each in the order given,
 * more than the service gives at once (MAX_ARTICLES_AT_ONCE), on the command line or on stdin (`-`).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ARTICLES_AT_ONCE } from '../contract.ts';
import { ArchiveStore } from '../store/store.ts';
import { addPlainArticle, plainArticle } from '../testing/plain-article.ts';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'cli-show-'));
const COUNT = 300;
const ids: string[] = [];

before(async () => {
  const store = await ArchiveStore.open(dir);
  try {
    for (let i = 0; i < COUNT; i++) ids.push(await addPlainArticle(store, plainArticle(`第${i}篇 Article ${i}`, [`這是第${i}篇文章的正文。`, `Paragraph two of article ${i}.`])));
  } finally {
    await store.close();
  }
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function show(args: string[], input?: string): { status: number | null; lines: { id: string; title: string; text: string }[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, '--archive', dir, '--json', 'show', ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
  const lines = r.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string; title: string; text: string });
  return { status: r.status, lines, stderr: r.stderr };
}

test(`${COUNT} ids (more than the ${MAX_ARTICLES_AT_ONCE} the service takes at once) come out as ${COUNT} JSON lines, in order, from one process`, () => {
  assert.ok(COUNT > MAX_ARTICLES_AT_ONCE);
  const order = [...ids].reverse();
  const shown = show(order);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(shown.lines.length, COUNT);
  assert.deepEqual(shown.lines.map((l) => l.id), order);
  const k = ids.indexOf(order[250]!);
  assert.equal(shown.lines[250]!.title, `第${k}篇 Article ${k}`);
  assert.equal(shown.lines[250]!.text, `這是第${k}篇文章的正文。\n\nParagraph two of article ${k}.`);
});

test('show - reads the ids from stdin (any whitespace), in the script asked for', () => {
  const shown = show(['-', '--script', 'hans'], `${ids.join('\n')}\n`);
  assert.equal(shown.status, 0, shown.stderr);
  assert.deepEqual(shown.lines.map((l) => l.id), ids);
  assert.equal(shown.lines[7]!.title, '第7篇 Article 7');
  assert.equal(shown.lines[7]!.text.split('\n')[0], '这是第7篇文章的正文。');
  const mixed = show([ids[1]!, '-', ids[0]!], `${ids[5]}  ${ids[6]}\t`);
  assert.deepEqual(mixed.lines.map((l) => l.id), [ids[1], ids[5], ids[6], ids[0]]);
});

test('an id not there is reported on stderr (exit 1) and the rest still come out; an empty stdin is a usage error', () => {
  const partly = show([ids[0]!, 'f'.repeat(16), ids[1]!]);
  assert.equal(partly.status, 1);
  assert.deepEqual(partly.lines.map((l) => l.id), [ids[0], ids[1]]);
  assert.match(partly.stderr, /no article with id f{16}/);
  const empty = show(['-'], '\n');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /show -: no article ids on stdin/);
});
