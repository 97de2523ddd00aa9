/**
 * Issue 11, class 4 (reading outside the page's folder): a saved page may name images anywhere,
 * and its folder may hold symlinks. Only files beside the page and in its `<name>_files/` folder
 * are read, by their real paths; a sibling folder, a parent folder, a symlink that leads out (a
 * file or the whole `_files` folder) are refused with a warning, and nothing from them reaches
 * the archive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFiles, runCliBounded } from './support.ts';
import { assertVerifyClean } from './escape-support.ts';
import { goodPage } from './fixtures.ts';

/** A PNG-looking file whose bytes say which place it came from. */
function png(label: string): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`${label}`.padEnd(200, '.'))]);
}
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('a saved page reads images only from its own folder and its _files folder, by real path', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'local-files-'));
  const outside = join(root, 'outside');
  const pages = join(root, 'pages');
  mkdirSync(outside);
  mkdirSync(join(pages, 'story_files'), { recursive: true });
  mkdirSync(join(pages, 'sibling'));
  mkdirSync(join(root, 'other', 'linked_files'), { recursive: true });
  writeFileSync(join(outside, 'secret.png'), png('secret outside'));
  writeFileSync(join(root, 'parent.png'), png('parent folder'));
  writeFileSync(join(pages, 'sibling', 'sib.png'), png('sibling folder'));
  writeFileSync(join(pages, 'story_files', 'ok.png'), png('own files folder'));
  writeFileSync(join(pages, 'beside.png'), png('beside the page'));
  symlinkSync(join(outside, 'secret.png'), join(pages, 'story_files', 'link.png'));
  symlinkSync(join(outside, 'secret.png'), join(pages, 'beside-link.png'));
  // A second page whose whole _files folder is a link to a folder elsewhere.
  writeFileSync(join(root, 'other', 'linked_files', 'far.png'), png('folder behind a link'));
  symlinkSync(join(root, 'other', 'linked_files'), join(pages, 'linked_files'));

  const imgs = ['story_files/ok.png', 'beside.png', 'story_files/link.png', 'beside-link.png', 'sibling/sib.png', '../parent.png', '../outside/secret.png', 'story_files/../../outside/secret.png'];
  const withImages = (i: number, refs: string[]): string => goodPage(i).replace('</h1>', `</h1>${refs.map((r) => `<img src="${r}" alt="pic">`).join('')}`);
  writeFileSync(join(pages, 'story.html'), withImages(1, imgs));
  writeFileSync(join(pages, 'linked.html'), withImages(2, ['linked_files/far.png']));

  const archive = mkdtempSync(join(tmpdir(), 'local-files-archive-'));
  const run = await runCliBounded(['--archive', archive, '--json', 'import', join(pages, 'story.html'), join(pages, 'linked.html')], { maxRssMiB: 1024, timeoutMs: 90_000 });
  assert.equal(run.status, 0, run.stderr);
  const outcome = JSON.parse(run.stdout) as { imported: unknown[]; warnings: { file: string; warning: string }[] };
  assert.equal(outcome.imported.length, 2);
  const warned = outcome.warnings.map((w) => w.warning).join('\n');
  for (const ref of ['story_files/link.png', 'beside-link.png', 'linked_files/far.png']) assert.match(warned, new RegExp(`${ref.replace(/[.]/g, '\\.')} is a link to a file outside`));
  assert.match(warned, /sibling\/sib\.png is in a folder other than/);
  assert.match(warned, /\.\.\/parent\.png lies outside the page's folder/);

  const assets = archiveFiles(archive).filter((f) => f.startsWith('assets/')).map((f) => f.slice('assets/'.length).split('.')[0]).sort();
  assert.deepEqual(assets, [sha(png('own files folder')), sha(png('beside the page'))].sort());
  assertVerifyClean(archive);
});
