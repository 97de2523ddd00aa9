import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ArchiveStore } from './store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

const KILLS = 24;

/** Runs the writer from `start`, kills it with SIGKILL after `delayMs` of adding, returns what it reported done. */
async function runAndKill(dir: string, start: number, delayMs: number): Promise<Map<number, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), dir, String(start)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Map<number, string>();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  let timer: NodeJS.Timeout | undefined;
  lines.on('line', (line) => {
    if (line === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    const m = /^done (\d+) ([0-9a-f]+)$/.exec(line);
    if (m) done.set(Number(m[1]), m[2]!);
  });
  await exited;
  clearTimeout(timer);
  assert.equal(child.signalCode, 'SIGKILL', `the writer ended on its own: ${stderr}`);
  return done;
}

test(`an archive killed ${KILLS} times mid-import opens, verifies, and keeps every article reported done, byte for byte`, { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-test-'));
  const seed = Date.now() % 100_000;
  let random = seed;
  const nextDelay = (): number => {
    random = (random * 48271) % 2147483647;
    return 5 + (random % 400);
  };
  const confirmed = new Map<number, string>();
  let next = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const delay = nextDelay();
    const done = await runAndKill(dir, next, delay);
    for (const [index, id] of done) confirmed.set(index, id);
    next += done.size + 1; // the article in flight at the kill may or may not be there: skip its index

    const store = await ArchiveStore.open(dir);
    try {
      const report = await store.verify();
      assert.equal(report.ok, true, `kill ${kill} (seed ${seed}, delay ${delay} ms): ${JSON.stringify(report.problems.filter((p) => !p.repaired))}`);
      for (const [index, id] of confirmed) {
        const meta = store.get(id);
        assert.ok(meta, `kill ${kill} (seed ${seed}): article ${index} (${id}) was reported done but is gone`);
        const article = syntheticArticle(index);
        assert.deepEqual((await store.getBody(id)).paragraphs, article.paragraphs);
        assert.deepEqual(new Uint8Array(await store.readOriginal(meta.captures[0]!)), syntheticOriginal(index, article).bytes);
      }
      assert.equal((await store.verify()).problems.length, 0, 'a second verify finds nothing left to clean');
    } finally {
      await store.close();
    }
  }
  assert.ok(confirmed.size >= KILLS, `the writer got ${confirmed.size} adds done across ${KILLS} kills`);
});
