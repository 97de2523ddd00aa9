import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { ImportWorkerPool } from './pool.ts';

const standInModule = new URL('./fixtures/standin-extract.ts', import.meta.url).href;

test("a worker's heap is bounded by the pool's limit, whatever semi-space size the process asked for", async () => {
  // What archive/heap.ts does in the app and the CLI: without the pool's care, each worker's
  // young generation would be two 64 MB semi-spaces (and 192 MB more of heap).
  setFlagsFromString('--max-semi-space-size=64');
  const dir = mkdtempSync(join(tmpdir(), 'import-pool-'));
  const page = join(dir, 'limit.html');
  writeFileSync(page, '<html><head><title>HEAP-LIMIT</title></head><body><p>HEAP-LIMIT</p></body></html>');
  const pool = new ImportWorkerPool({ size: 1, maxHeapMb: 256, extractModule: standInModule });
  try {
    const prepared = await pool.run(page);
    assert.equal(prepared.kind, 'article');
    const limit = Number(/^heap limit ([\d.]+)$/.exec(prepared.kind === 'article' ? prepared.article.title : '')?.[1]);
    // 256 MB of old generation and V8's default young generation (48 MB).
    assert.ok(limit >= 256 && limit <= 256 + 48, `heap limit ${limit} MB`);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
