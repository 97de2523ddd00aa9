import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cliPath, ...args], { encoding: 'utf8', env: { ...process.env, READER_ARCHIVE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('backup --out and restore print {articles, bytes}; a damaged backup exits 2 and changes nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cli-backup-'));
  try {
    const source = join(root, 'source');
    const store = await ArchiveStore.open(source);
    for (let i = 0; i < 3; i++) {
      const article = syntheticArticle(200 + i);
      await store.addArticle({ article, original: syntheticOriginal(200 + i, article) });
    }
    await store.close();
    const file = join(root, 'backup.tar');

    const backup = cli('--archive', source, '--json', 'backup', '--out', file);
    assert.equal(backup.status, 0, backup.stderr);
    const made = JSON.parse(backup.stdout) as { articles: number; bytes: number };
    assert.equal(made.articles, 3);
    assert.equal(made.bytes, readFileSync(file).length);

    const target = join(root, 'target');
    const restore = cli('--archive', target, '--json', 'restore', file);
    assert.equal(restore.status, 0, restore.stderr);
    assert.deepEqual(JSON.parse(restore.stdout), { articles: 3, bytes: made.bytes, unchanged: 0, conflicts: [], filesWritten: 6, settingsRestored: true });
    const verify = cli('--archive', target, '--json', 'verify');
    assert.deepEqual(JSON.parse(verify.stdout), { ok: true, problems: [] });

    const bad = Buffer.from(readFileSync(file));
    bad[bad.length - 3000] = bad[bad.length - 3000]! ^ 0x40;
    writeFileSync(`${file}.bad`, bad);
    const fresh = join(root, 'fresh');
    const refused = cli('--archive', fresh, '--json', 'restore', `${file}.bad`);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /cannot be restored: .*nothing was changed/);
    assert.equal(existsSync(fresh), false);

    assert.equal(cli('--archive', source, 'backup').status, 2, 'backup without --out is a usage error');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
