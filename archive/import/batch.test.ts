import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveStore } from '../store/store.ts';
import { importPaths, type ImportTarget } from './batch.ts';
import type { ImportProgress } from './types.ts';
import { extractArticle as standIn } from './fixtures/standin-extract.ts';
import { SIMPLIFIED } from './fixtures/texts.ts';

const savedDir = fileURLToPath(new URL('./fixtures/saved', import.meta.url));
const standInModule = new URL('./fixtures/standin-extract.ts', import.meta.url).href;

function temp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const names = (entries: { file: string }[]): string[] => entries.map((e) => e.file.slice(e.file.lastIndexOf('/') + 1)).sort();

test('a folder of saved pages imports on worker threads: each file imported, skipped or failed with a reason', async () => {
  const archive = temp('import-batch-');
  const store = await ArchiveStore.open(archive);
  const events: ImportProgress[] = [];
  try {
    const report = await importPaths(store, [savedDir], { onProgress: (p) => events.push(p), pool: { size: 2 } });
    assert.deepEqual(names(report.imported), [
      'article.asp', 'big5-declared.htm', 'capture.mhtml', 'complete.html', 'dump.txt', 'gbk-undeclared.html',
      'mhtml-in-disguise.html', 'singlefile.html', 'truncated-utf8.html', 'utf8-declared-gb2312.html',
    ]);
    assert.deepEqual(names(report.skipped), ['notes.md', 'photo.jpg'], 'the _files folder is not walked');
    assert.deepEqual(names(report.failed), ['blank.html', 'empty.html', 'headerless.mhtml', 'no-boundary.mhtml', 'random.html', 'truncated.mhtml']);
    for (const f of report.failed) assert.match(f.error, /^[\w.-]+: \S/);
    assert.ok(report.warnings.some((w) => w.file.endsWith('utf8-declared-gb2312.html')));
    assert.equal(report.cancelled, false);

    const last = events.at(-1)!;
    assert.equal(last.phase, 'done');
    assert.equal(last.done, 18);
    assert.equal(last.total, 18);
    assert.ok(events.some((e) => e.phase === 'importing' && e.file !== null && e.rate > 0));

    const gbk = report.imported.find((e) => e.file.endsWith('gbk-undeclared.html'))!;
    const meta = store.get(gbk.id)!;
    assert.equal(meta.captures[0]!.charset, 'gbk');
    assert.equal(meta.captures[0]!.ext, 'html');
    assert.equal(meta.captures[0]!.fileName, 'gbk-undeclared.html');
    assert.equal(store.get(report.imported.find((e) => e.file.endsWith('capture.mhtml'))!.id)!.url,
      'https://news.example.cn/2020/11/25/education.html');

    const again = await importPaths(store, [join(savedDir, 'gbk-undeclared.html')], { pool: { size: 1 } });
    assert.deepEqual(again.duplicates, [{ id: gbk.id, file: join(savedDir, 'gbk-undeclared.html') }]);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    rmSync(archive, { recursive: true, force: true });
  }
});

test('a hanging page, a crashing worker, a page that eats memory and a throwing extractor each fail alone', async () => {
  const dir = temp('import-bad-');
  const archive = temp('import-bad-archive-');
  const page = (marker: string): string => `<html><head><title>${marker}</title></head><body><p>${marker} ${SIMPLIFIED}</p></body></html>`;
  for (const marker of ['HANG-FOREVER', 'EXIT-WORKER', 'EAT-MEMORY', 'THROW-EXTRACT', 'good-one', 'good-two']) {
    writeFileSync(join(dir, `${marker}.html`), page(marker));
  }
  const store = await ArchiveStore.open(archive);
  try {
    const report = await importPaths(store, [dir], { pool: { size: 2, timeoutMs: 6000, maxHeapMb: 64, extractModule: standInModule } });
    assert.deepEqual(names(report.imported), ['good-one.html', 'good-two.html']);
    const error = (name: string): string => report.failed.find((f) => f.file.endsWith(name))?.error ?? '';
    assert.match(error('HANG-FOREVER.html'), /^HANG-FOREVER\.html: gave up after 6 s/);
    assert.match(error('EXIT-WORKER.html'), /^EXIT-WORKER\.html: the import worker stopped unexpectedly/);
    assert.match(error('EAT-MEMORY.html'), /^EAT-MEMORY\.html: (ran out of memory|the import worker)/);
    assert.equal(error('THROW-EXTRACT.html'), 'THROW-EXTRACT.html: no article found in this page');
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(archive, { recursive: true, force: true });
  }
});

test('files that vanish mid-batch and paths that do not exist are reported, the rest imported', async () => {
  const dir = temp('import-vanish-');
  for (let i = 0; i < 12; i++) writeFileSync(join(dir, `page-${String(i).padStart(2, '0')}.html`), `<title>p${i}</title><p>${i} ${SIMPLIFIED}</p>`);
  const store = await ArchiveStore.open(temp('import-vanish-archive-'));
  try {
    let deleted = false;
    const report = await importPaths(store, [dir, join(dir, 'never-was.html')], {
      inProcess: standIn,
      onProgress: (p) => {
        if (p.phase !== 'importing' || deleted) return;
        deleted = true;
        for (let i = 6; i < 12; i++) unlinkSync(join(dir, `page-${String(i).padStart(2, '0')}.html`));
      },
    });
    assert.equal(report.imported.length + report.failed.length, 13, 'every file has an outcome');
    assert.ok(report.failed.some((f) => /page-\d\d\.html: the file is gone/.test(f.error)));
    assert.ok(report.failed.some((f) => /never-was\.html: no such file or folder/.test(f.error)));
    assert.ok(report.imported.length >= 1);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancelling stops the batch early, keeps what was committed, and says so', async () => {
  const dir = temp('import-cancel-');
  for (let i = 0; i < 40; i++) writeFileSync(join(dir, `page-${i}.html`), `<title>p${i}</title><p>${i} ${SIMPLIFIED}</p>`);
  const archive = temp('import-cancel-archive-');
  const store = await ArchiveStore.open(archive);
  try {
    const controller = new AbortController();
    const report = await importPaths(store, [dir], {
      signal: controller.signal,
      pool: { size: 2, extractModule: standInModule },
      onProgress: (p) => {
        if (p.done >= 3) controller.abort();
      },
    });
    assert.equal(report.cancelled, true);
    assert.ok(report.imported.length >= 3 && report.imported.length < 40, `imported ${report.imported.length}`);
    for (const entry of report.imported) assert.ok(store.get(entry.id), 'everything reported is in the store');
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(archive, { recursive: true, force: true });
  }
});

test('a store that refuses one article fails that file only', async () => {
  const dir = temp('import-store-');
  cpSync(join(savedDir, 'gbk-undeclared.html'), join(dir, 'a.html'));
  cpSync(join(savedDir, 'big5-declared.htm'), join(dir, 'b.htm'));
  let calls = 0;
  const target: ImportTarget = {
    async addArticle(input) {
      calls++;
      if (input.original.fileName === 'a.html') throw new Error('disk full (ENOSPC)');
      return { status: 'added', id: 'x'.repeat(16), title: input.article.title };
    },
  };
  try {
    const report = await importPaths(target, [dir], { inProcess: standIn });
    assert.equal(calls, 2);
    assert.deepEqual(report.failed, [{ file: join(dir, 'a.html'), error: 'a.html: could not be stored: disk full (ENOSPC)' }]);
    assert.deepEqual(names(report.imported), ['b.htm']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nested folders are walked, hidden entries and resource folders left alone', async () => {
  const dir = temp('import-walk-');
  mkdirSync(join(dir, 'a/b/c'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'a/page_files'));
  writeFileSync(join(dir, 'a/b/c/deep.html'), '<title>deep</title><p>deep</p>');
  writeFileSync(join(dir, 'a/page.html'), '<title>page</title><p>page</p>');
  writeFileSync(join(dir, 'a/page_files/inner.html'), '<title>frame</title><p>frame</p>');
  writeFileSync(join(dir, '.git/config.html'), '<title>no</title>');
  writeFileSync(join(dir, '.DS_Store'), 'junk');
  const seen: string[] = [];
  const target: ImportTarget = {
    async addArticle(input) {
      seen.push(input.original.fileName);
      return { status: 'added', id: input.original.fileName, title: input.article.title };
    },
  };
  try {
    const report = await importPaths(target, [dir], { inProcess: standIn });
    assert.deepEqual(seen.sort(), ['deep.html', 'page.html']);
    assert.equal(report.failed.length + report.skipped.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 30 MB page and 100,000 nested elements fail with clear errors while the rest of the batch imports', async () => {
  const dir = temp('import-huge-');
  const archive = temp('import-huge-archive-');
  const para = `<p>${SIMPLIFIED}</p>\n`;
  writeFileSync(join(dir, 'huge.html'), `<html><body>${para.repeat(Math.ceil(30e6 / Buffer.byteLength(para)))}</body></html>`);
  writeFileSync(join(dir, 'nested.html'), `<html><body>${'<div>'.repeat(100_000)}<p>deep</p>${'</div>'.repeat(100_000)}</body></html>`);
  writeFileSync(join(dir, 'fine.html'), `<html><head><title>fine</title></head><body><p>${SIMPLIFIED}</p></body></html>`);
  const store = await ArchiveStore.open(archive);
  try {
    const report = await importPaths(store, [dir], { pool: { size: 2, extractModule: standInModule } });
    assert.deepEqual(names(report.imported), ['fine.html']);
    const error = (name: string): string => report.failed.find((f) => f.file.endsWith(name))?.error ?? '';
    assert.match(error('huge.html'), /^huge\.html: the page is too large to extract/);
    assert.match(error('nested.html'), /^nested\.html: the page is nested too deeply to extract/);
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(archive, { recursive: true, force: true });
  }
});
