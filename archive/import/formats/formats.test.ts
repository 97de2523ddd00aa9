import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../../store/store.ts';
import { importPaths } from '../batch.ts';
import { extractArticle } from '../extract/index.ts';
import { card, cardDeck } from '../fixtures/card-formats.ts';
import { readSavedBytes } from '../read/index.ts';
import { importCommand } from '../../cli/import.ts';
import { dialogExtensions, formatByName, formatNames, formatsTable, importFormats, registerFormat } from './index.ts';

const paragraph = 'The reading room keeps its evening hours through the exam weeks, and the librarians walk new students through the stacks on Saturdays.';
const cardText = (title: string, url: string): string => `CARD/1\nTitle: ${title}\nURL: ${url}\n\n${paragraph}\n\n${paragraph} ${title}.\n\n${paragraph}\n`;

test('every built-in format is found by its own extensions, and the dialog, help and table list them all', async () => {
  const importHelp = await importCommand.helpSummary!();
  const names = importFormats().map((f) => f.name);
  assert.deepEqual([...names].sort(), ['arc', 'html', 'mhtml', 'singlefile', 'text', 'wacz', 'warc']);
  for (const format of importFormats()) {
    for (const ext of format.extensions) {
      const found = formatByName(`page.${ext}`);
      assert.equal(found?.name, format.refines ?? format.name, `page.${ext}`);
      assert.ok(dialogExtensions().includes(ext.split('.').at(-1)!), ext);
    }
    assert.ok(formatNames().includes(format.label));
    assert.ok(importHelp.includes(format.label), `the CLI's import --help names ${format.label}`);
    assert.ok(formatsTable().includes(`| ${format.label} |`));
  }
  assert.equal(formatByName('crawl.warc.gz')?.name, 'warc', 'the longest extension wins over a shorter one');
  assert.equal(formatByName('notes.gz'), null);
});

test('a format registered at run time is detected by name and by its sniff, read, and taken away again', async () => {
  const unregister = registerFormat(card);
  try {
    assert.equal(formatByName('a.card')?.name, 'card');
    assert.ok(dialogExtensions().includes('card'));
    assert.match(formatsTable(), /\| Card \| `\.card` \| one \|/);
    const bytes = Buffer.from(cardText('Evening hours', 'https://lib.example.org/hours'));
    // A card named .txt is still a card: the sniff outranks the name.
    for (const name of ['hours.card', 'hours.txt', 'hours.note']) {
      const page = await readSavedBytes(bytes, name);
      assert.equal(page.containerTitle, 'Evening hours', name);
      assert.equal(page.url, 'https://lib.example.org/hours');
    }
    await assert.rejects(readSavedBytes(Buffer.from('just a note\n'), 'x.card'), /not a card: it does not start with CARD\/1/);
    assert.throws(() => registerFormat(card), /already registered/);
  } finally {
    unregister();
  }
  assert.equal(formatByName('a.card'), null);
  await assert.rejects(readSavedBytes(Buffer.from(cardText('Evening hours', 'https://x.example/')), 'hours.note'), /unknown type \.note/);
});

test('a test-only format is imported through the batch loop: one page per file here, many pages per file on the worker pool', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'formats-'));
  const input = join(dir, 'in');
  mkdirSync(input);
  writeFileSync(join(input, 'hours.card'), cardText('Evening hours', 'https://lib.example.org/hours'));
  writeFileSync(join(input, 'tours.deck'), [
    cardText('Saturday tours', 'https://lib.example.org/tours'),
    'a torn card with no header\n',
    cardText('Quiet floors', 'https://lib.example.org/quiet'),
  ].join('\f'));
  const undo = [registerFormat(card), registerFormat(cardDeck)];
  const store = await ArchiveStore.open(join(dir, 'archive'));
  try {
    const inProcess = await importPaths(store, [join(input, 'hours.card')], { inProcess: extractArticle });
    assert.deepEqual(inProcess.failed, []);
    assert.deepEqual(inProcess.imported.map((i) => i.title), ['Evening hours']);

    // The deck is read on this thread (the workers never saw the registration) and its pages extracted on the pool.
    const pooled = await importPaths(store, [join(input, 'tours.deck')], { pool: { size: 2 } });
    assert.deepEqual(pooled.imported.map((i) => i.title), ['Saturday tours', 'Quiet floors']);
    assert.ok(pooled.imported.every((i) => /tours\.deck@\d+$/.test(i.file)));
    assert.equal(pooled.failed.length, 1, JSON.stringify(pooled.failed));
    assert.match(pooled.failed[0]!.error, /^at byte \d+: this card does not start with CARD\/1/);
    assert.deepEqual(store.list({ limit: 10 }).items.map((m) => m.url).sort(), ['https://lib.example.org/hours', 'https://lib.example.org/quiet', 'https://lib.example.org/tours']);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    for (const u of undo) u();
  }
});
