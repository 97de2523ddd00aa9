/**
 * Issue 11, class 8 (stack traces instead of messages): an `--out` that is a file, a `backup
 * --out` that is a folder, a read-only archive folder and a full disk each end in one line that
 * names the path and what to do, exit 2, never a stack trace. The disk-full run goes further: the
 * import reports every file, the archive still opens with everything committed, and `verify`
 * reports instead of throwing.
 *
 * A read-only folder and a full disk are made for real, in a private mount namespace (a
 * read-only bind mount, a 3 MiB tmpfs): `unshare --mount` as root, `unshare -rm` otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliBounded } from './support.ts';
import { goodPage, writeGoodPages } from './fixtures.ts';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');
const node = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(cliPath)}`;

/** One line, naming `path`, no stack frame. */
function assertOneLine(stderr: string, path: string | RegExp): void {
  const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('notice:'));
  assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  if (typeof path === 'string') assert.ok(lines[0]!.includes(path), `names ${path}: ${lines[0]}`);
  else assert.match(lines[0]!, path);
}

/** How to run a shell script in a private mount namespace here, or why it cannot be done. */
function namespaceRunner(): { argv: string[] } | { reason: string } {
  const tries = process.getuid?.() === 0 ? [['unshare', '--mount'], ['unshare', '-rm']] : [['unshare', '-rm']];
  for (const argv of tries) {
    const probe = spawnSync(argv[0]!, [...argv.slice(1), 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && echo ok'], { encoding: 'utf8' });
    if (probe.stdout.trim() === 'ok') return { argv };
  }
  return { reason: 'no private mount namespace here (unshare --mount and unshare -rm both refused), so a read-only folder and a full disk cannot be made' };
}

async function archiveWithOne(): Promise<{ dir: string; id: string; input: string }> {
  const input = mkdtempSync(join(tmpdir(), 'fs-in-'));
  const dir = join(mkdtempSync(join(tmpdir(), 'fs-archive-')), 'archive');
  const [page] = writeGoodPages(input, 1);
  const run = await runCliBounded(['--archive', dir, '--json', 'import', page!], { maxRssMiB: 1024, timeoutMs: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return { dir, id: (JSON.parse(run.stdout) as { imported: { id: string }[] }).imported[0]!.id, input };
}

test('export --out naming a file, and backup --out naming a folder, end in one line and exit 2', { timeout: 120_000 }, async () => {
  const { dir, id, input } = await archiveWithOne();
  const file = join(input, 'not-a-folder');
  writeFileSync(file, 'x');
  const exported = await runCliBounded(['--archive', dir, 'export', id, '--format', 'md', '--out', file], { maxRssMiB: 1024, timeoutMs: 60_000 });
  assert.equal(exported.status, 2);
  assertOneLine(exported.stderr.split('\nusage:')[0]!, file);
  const folder = join(input, 'a-folder');
  mkdirSync(folder);
  const backup = await runCliBounded(['--archive', dir, 'backup', '--out', folder], { maxRssMiB: 1024, timeoutMs: 60_000 });
  assert.equal(backup.status, 2);
  assertOneLine(backup.stderr.split('\nusage:')[0]!, folder);
});

test('a read-only archive folder: writers say so in one line (exit 2), readers still read', { timeout: 120_000 }, async (t) => {
  const runner = namespaceRunner();
  if ('reason' in runner) return t.skip(runner.reason);
  const { dir, input } = await archiveWithOne();
  const out = mkdtempSync(join(tmpdir(), 'fs-out-'));
  const page = join(input, 'second.html');
  writeFileSync(page, goodPage(7));
  const script = [
    `mount --bind ${dir} ${dir} && mount -o remount,bind,ro ${dir}`,
    `${node} --archive ${dir} import ${page} >${out}/import.out 2>${out}/import.err; echo $? >${out}/import.code`,
    `${node} --archive ${dir} verify >${out}/verify.out 2>${out}/verify.err; echo $? >${out}/verify.code`,
    `${node} --archive ${dir} --json list >${out}/list.out 2>${out}/list.err; echo $? >${out}/list.code`,
  ].join('\n');
  const r = spawnSync(runner.argv[0]!, [...runner.argv.slice(1), 'sh', '-c', script], { encoding: 'utf8', timeout: 100_000 });
  assert.equal(r.status, 0, r.stderr);
  const read = (name: string): string => readFileSync(join(out, name), 'utf8');
  for (const cmd of ['import', 'verify']) {
    assert.equal(read(`${cmd}.code`).trim(), '2', `${cmd}: ${read(`${cmd}.err`)}`);
    assertOneLine(read(`${cmd}.err`), /read-only file system|permission denied/);
    assert.ok(read(`${cmd}.err`).includes(dir), read(`${cmd}.err`));
  }
  assert.equal(read('list.code').trim(), '0', read('list.err'));
  assert.equal((JSON.parse(read('list.out')) as unknown[]).length, 1);
});

test('a full disk: every file reported, one line at the end, the archive opens with everything committed, verify reports', { timeout: 240_000 }, async (t) => {
  const runner = namespaceRunner();
  if ('reason' in runner) return t.skip(runner.reason);
  const input = mkdtempSync(join(tmpdir(), 'fs-full-in-'));
  // Sixty pages of about 60 KB: more than a 3 MiB disk takes as originals and bodies.
  for (let i = 0; i < 60; i++) {
    const body = Array.from({ length: 110 }, (_, k) => `<p>Paragraph ${k} of page ${i}: ${'the survey recorded erosion at each marker along the bank; '.repeat(8)}</p>`).join('');
    writeFileSync(join(input, `p${i}.html`), `<html><head><title>Page ${i}</title></head><body><article><h1>Page ${i}</h1>${body}</article></body></html>`);
  }
  const disk = mkdtempSync(join(tmpdir(), 'fs-disk-'));
  const out = mkdtempSync(join(tmpdir(), 'fs-full-out-'));
  const dir = join(disk, 'archive');
  const script = [
    `mount -t tmpfs -o size=3m tmpfs ${disk}`,
    `${node} --archive ${dir} --json import ${input} >${out}/import.out 2>${out}/import.err; echo $? >${out}/import.code`,
    `${node} --archive ${dir} --json list >${out}/list.out 2>${out}/list.err; echo $? >${out}/list.code`,
    `${node} --archive ${dir} --json verify >${out}/verify.out 2>${out}/verify.err; echo $? >${out}/verify.code`,
    // Space is freed (the originals of nothing: a filler the test never wrote is not needed; the
    // tmpfs is grown), then the archive must open, fold its journals in and verify clean.
    `mount -o remount,size=64m ${disk}`,
    `${node} --archive ${dir} --json verify >${out}/verify2.out 2>${out}/verify2.err; echo $? >${out}/verify2.code`,
    `${node} --archive ${dir} --json list >${out}/list2.out 2>${out}/list2.err; echo $? >${out}/list2.code`,
  ].join('\n');
  const r = spawnSync(runner.argv[0]!, [...runner.argv.slice(1), 'sh', '-c', script], { encoding: 'utf8', timeout: 220_000 });
  assert.equal(r.status, 0, r.stderr);
  const read = (name: string): string => readFileSync(join(out, name), 'utf8');

  // The import: every file has an outcome, the disk-full ones say so, and the end is one line.
  const report = JSON.parse(read('import.out')) as { imported: { id: string }[]; failed: { file: string; error: string }[] };
  assert.equal(report.imported.length + report.failed.length, 60, 'every file is reported');
  assert.ok(report.failed.length > 0, 'the disk filled up during the import');
  for (const f of report.failed) assert.match(f.error, /disk is full|ENOSPC|no space/i);
  assert.equal(read('import.code').trim(), '2', read('import.err'));
  assertOneLine(read('import.err'), /disk is full/);

  // Still full: the archive opens and lists everything that was reported imported.
  assert.equal(read('list.code').trim(), '0', read('list.err'));
  const listed = (JSON.parse(read('list.out')) as { id: string }[]).map((a) => a.id).sort();
  assert.deepEqual(listed, report.imported.map((a) => a.id).sort());
  // verify reports (its JSON is printed); a full disk at its close is one line, not a throw.
  assert.doesNotMatch(read('verify.err'), /^\s+at /m);
  assert.ok(read('verify.out').trim().length > 0 || /disk is full/.test(read('verify.err')), read('verify.err'));

  // With space again: verify is clean and nothing committed was lost.
  assert.equal(read('verify2.code').trim(), '0', read('verify2.out') + read('verify2.err'));
  assert.equal((JSON.parse(read('verify2.out')) as { ok: boolean }).ok, true);
  assert.deepEqual((JSON.parse(read('list2.out')) as { id: string }[]).map((a) => a.id).sort(), listed);
});
