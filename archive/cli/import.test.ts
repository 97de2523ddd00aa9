import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');
const saved = join(import.meta.dirname, '..', 'import', 'fixtures', 'saved');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, ...args], { encoding: 'utf8', env: { ...process.env, READER_ARCHIVE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('import --json prints the contract object; exit 1 when some files failed, 0 when all were fine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
  try {
    const r = cli('--archive', dir, 'import', '--json', saved);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Record<string, { file: string }[]>;
    for (const key of ['imported', 'duplicates', 'failed', 'skipped']) assert.ok(Array.isArray(report[key]), key);
    assert.equal(report.imported!.length, 10);
    for (const entry of report.imported!) assert.deepEqual(Object.keys(entry).slice(0, 3), ['id', 'title', 'file']);
    assert.equal(report.failed!.length, 6);
    assert.equal(r.stderr, '', 'no progress bar in --json mode');

    const again = cli('--archive', dir, 'import', '--json', join(saved, 'big5-declared.htm'), join(saved, 'notes.md'));
    assert.equal(again.status, 0, again.stderr);
    const second = JSON.parse(again.stdout) as { duplicates: { file: string }[]; skipped: { file: string }[] };
    assert.equal(second.duplicates.length, 1);
    assert.equal(second.skipped.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import without paths is a usage error (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
  try {
    const r = cli('--archive', dir, 'import');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: reader-archive import <path\.\.\.>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
