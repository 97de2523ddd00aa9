import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ArticleMeta } from '../model.ts';
import { readCatalogFiles } from './catalog-file.ts';
import { buildArticles, writeVersion2Catalog } from './fixtures/archive-builder.ts';
import { ArchiveStore } from './store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';

/** Kills of the everyday writer (a compaction every 7 entries), and of one that compacts after every entry (most kills land in a shard or manifest write). */
const KILLS = 16;
const SHARD_KILLS = 12;
const MIGRATION_KILLS = 10;

/** A seeded generator of kill delays from `min` to `min + span` ms. */
function delays(seed: number, min: number, span: number): () => number {
  let random = seed;
  return () => {
    random = (random * 48271) % 2147483647;
    return min + (random % span);
  };
}

/** Runs the writer from `start`, kills it with SIGKILL after `delayMs` of adding, returns what it reported done. */
async function runAndKill(dir: string, start: number, delayMs: number, compactAfter: number): Promise<Map<number, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), dir, String(start), String(compactAfter)], {
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

for (const [kills, compactAfter] of [[KILLS, 7], [SHARD_KILLS, 1]] as const) {
  test(`an archive killed ${kills} times mid-import (compacting after ${compactAfter} entries) opens, verifies, and keeps every article reported done, byte for byte`, { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-test-'));
    const seed = Date.now() % 100_000;
    const nextDelay = delays(seed, 5, 400);
    const confirmed = new Map<number, string>();
    let next = 0;
    for (let kill = 0; kill < kills; kill++) {
      const delay = nextDelay();
      const done = await runAndKill(dir, next, delay, compactAfter);
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
    assert.ok(confirmed.size >= kills, `the writer got ${confirmed.size} adds done across ${kills} kills`);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Starts the migration of `dir`, kills it `delayMs` after it says it is opening; whether it was killed before the migration ended. */
async function migrateAndKill(dir: string, delayMs: number): Promise<{ killedMidway: boolean; openMs: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-migrate.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  let opening = 0;
  let openMs = 0;
  let migrated = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'opening') {
      opening = performance.now();
      timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    }
    if (line === 'migrated') {
      migrated = true;
      openMs = performance.now() - opening;
    }
  });
  await exited;
  clearTimeout(timer);
  if (child.signalCode !== 'SIGKILL') assert.equal(child.exitCode, 0, stderr);
  return { killedMidway: child.signalCode === 'SIGKILL' && !migrated, openMs };
}

test(`a migration from a single-file archive killed ${MIGRATION_KILLS} times leaves the old archive or the new one, and every article byte for byte`, { timeout: 600_000 }, async () => {
  const template = mkdtempSync(join(tmpdir(), 'crash-migrate-template-'));
  const catalog = buildArticles(template, 300);
  writeVersion2Catalog(template, catalog);
  const oldCatalog = readFileSync(join(template, 'catalog.json'));
  const records = catalog.articles as Record<string, ArticleMeta>;
  const indexOf = new Map(Object.keys(records).map((id, i) => [id, i]));
  // One run to the end says how long a migration takes here; the kills fall within it.
  const measure = mkdtempSync(join(tmpdir(), 'crash-migrate-'));
  cpSync(template, measure, { recursive: true });
  const { openMs } = await migrateAndKill(measure, 600_000);
  rmSync(measure, { recursive: true, force: true });
  const seed = Date.now() % 100_000;
  const nextDelay = delays(seed, 0, Math.max(50, Math.round(openMs)));
  let midway = 0;
  for (let kill = 0; kill < MIGRATION_KILLS; kill++) {
    const dir = mkdtempSync(join(tmpdir(), 'crash-migrate-'));
    cpSync(template, dir, { recursive: true });
    const delay = nextDelay();
    if ((await migrateAndKill(dir, delay)).killedMidway) midway++;
    // Either the old catalog.json, untouched, or a manifest whose shards hold every article: never a mix.
    const text = readFileSync(join(dir, 'catalog.json'));
    if (!text.equals(oldCatalog)) {
      const data = await readCatalogFiles(join(dir, 'catalog.json'));
      assert.equal((data as unknown as { articles: object }).articles && Object.keys(data!.articles).length, 300, `kill ${kill} (seed ${seed}, delay ${delay} ms): the new catalog holds every article`);
    }
    const store = await ArchiveStore.open(dir);
    try {
      const report = await store.verify();
      assert.equal(report.ok, true, `kill ${kill} (seed ${seed}, delay ${delay} ms): ${JSON.stringify(report.problems.filter((p) => !p.repaired))}`);
      assert.equal(store.size, 300);
      for (const [id, record] of Object.entries(records)) {
        assert.deepEqual(store.get(id), record, `kill ${kill} (seed ${seed}, delay ${delay} ms): ${id}`);
        const index = indexOf.get(id)!;
        const article = syntheticArticle(index);
        assert.deepEqual((await store.getBody(id)).paragraphs, article.paragraphs);
        assert.deepEqual(new Uint8Array(await store.readOriginal(record.captures[0]!)), syntheticOriginal(index, article).bytes);
      }
    } finally {
      await store.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(midway >= MIGRATION_KILLS / 2, `only ${midway} of ${MIGRATION_KILLS} kills landed during the migration (it took ${Math.round(openMs)} ms)`);
  rmSync(template, { recursive: true, force: true });
});
