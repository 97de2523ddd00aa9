/**
 * Issue 11, class 2 (huge degenerate pages): a WARC page of 50 MB of NUL bytes, an HTML page whose
 * head is followed by a run of NULs, and pages of one giant text node each fail alone, by name,
 * beside eight good pages; the batch goes on, no original is left orphaned, verify is clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFiles, runCliBounded } from './support.ts';
import { assertVerifyClean } from './escape-support.ts';
import { MiB, nulPageWarc, writeGoodPages } from './fixtures.ts';

test('degenerate pages fail alone: NUL runs in a WARC page and in an HTML file, one giant text node, a giant text dump, a 40 MB page of plain HTML', { timeout: 240_000 }, async () => {
  const input = mkdtempSync(join(tmpdir(), 'degenerate-in-'));
  const archive = mkdtempSync(join(tmpdir(), 'degenerate-archive-'));
  writeGoodPages(input, 8);
  writeFileSync(join(input, 'zeros.warc'), nulPageWarc(50));
  const html = Buffer.alloc(20 * MiB);
  // The first 16 KB are a page (the format check reads 8 KB), the rest zeros.
  html.write(`<!doctype html><html><head><title>Half page</title></head><body>${'<p>Some text, then zeros.</p>'.repeat(600)}`, 0);
  writeFileSync(join(input, 'nul-run.html'), html);
  writeFileSync(join(input, 'one-node.html'), `<html><head><title>One node</title></head><body><p>${'x'.repeat(6_000_000)}</p></body></html>`);
  writeFileSync(join(input, 'words.html'), `<html><head><title>Words</title></head><body><div>${'word '.repeat(1_000_000)}</div></body></html>`);
  writeFileSync(join(input, 'big-plain.html'), `<html><head><title>Big</title></head><body>${'<p>这是一个很长的段落。</p>'.repeat(1_400_000)}</body></html>`);
  writeFileSync(join(input, 'dump.txt'), `A title\n\n${'一段很长的文字，'.repeat(400_000)}\n`);

  const run = await runCliBounded(['--archive', archive, '--json', 'import', input], { maxRssMiB: 600, timeoutMs: 180_000 });
  assert.equal(run.killed, null, `killed for ${run.killed} at ${run.peakRssMiB} MiB`);
  assert.equal(run.status, 1, run.stderr.slice(-2000));
  const outcome = JSON.parse(run.stdout) as { imported: { file: string }[]; failed: { file: string; error: string }[] };
  assert.equal(outcome.imported.length, 8, JSON.stringify(outcome.imported));
  const reason = (name: string): string => outcome.failed.find((f) => f.file.includes(name))?.error ?? `(${name} not reported)`;
  assert.match(reason('zeros.warc'), /binary data, not a saved page \(NUL bytes/);
  assert.match(reason('nul-run.html'), /binary data, not a saved page \(NUL bytes from byte 1\d{4};/);
  assert.match(reason('one-node.html'), /more text than any article/);
  assert.match(reason('words.html'), /more text than any article/);
  assert.match(reason('dump.txt'), /more than any article/);
  assert.match(reason('big-plain.html'), /too large for a saved page \(\d+ MB of HTML without inline images; the limit is 32 MB\)/);
  assertVerifyClean(archive);
  assert.equal(archiveFiles(archive).filter((f) => f.startsWith('originals/')).length, 8, 'no orphan original');
  console.log(`# degenerate pages: peak RSS ${run.peakRssMiB} MiB`);
});
