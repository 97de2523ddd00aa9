/**
 * Issue 11, class 1 (decompression bombs) and class 3 (garbage after a WARC header): each bomb is
 * imported beside eight good pages through the real CLI, in a child watched for memory and time.
 * The eight come in, the bomb is reported by name, the child's peak memory stays under 600 MiB,
 * and the archive verifies clean with nothing in it but the good pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFiles, runCliBounded } from './support.ts';
import { assertVerifyClean } from './escape-support.ts';
import { goodPage, compressedRun, encodedPageWarc, garbageAfterHeaderWarcs, headerBombWarcGz, manyEntriesWacz, waczBombs, writeGoodPages } from './fixtures.ts';

const MAX_RSS_MIB = 600;
const BOMB_MIB = 300;

interface Outcome {
  imported: { id: string; file: string }[];
  failed: { file: string; error: string }[];
  skipped: { file: string; reason: string }[];
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Imports a folder of eight good pages and `name` (holding `bytes`); checks everything the issue asks of a bomb. */
async function importBeside(name: string, bytes: Uint8Array, expectError: RegExp, extraPages = 0): Promise<void> {
  const input = mkdtempSync(join(tmpdir(), 'hostile-in-'));
  const archive = mkdtempSync(join(tmpdir(), 'hostile-archive-'));
  const good = writeGoodPages(input, 8);
  writeFileSync(join(input, name), bytes);
  const run = await runCliBounded(['--archive', archive, '--json', 'import', input], { maxRssMiB: MAX_RSS_MIB, timeoutMs: 120_000 });
  assert.equal(run.killed, null, `the import was killed for ${run.killed} (peak ${run.peakRssMiB} MiB): ${run.stderr.slice(-2000)}`);
  assert.ok(run.peakRssMiB < MAX_RSS_MIB, `peak RSS ${run.peakRssMiB} MiB`);
  assert.equal(run.status, 1, `exit ${run.status}: ${run.stderr.slice(-2000)}`);
  const outcome = JSON.parse(run.stdout) as Outcome;
  const importedGood = outcome.imported.filter((i) => good.includes(i.file));
  assert.equal(importedGood.length, 8, JSON.stringify(outcome));
  assert.equal(outcome.imported.length, 8 + extraPages, JSON.stringify(outcome.imported));
  const failure = outcome.failed.find((f) => f.file.includes(name));
  assert.ok(failure, `the bomb is reported: ${JSON.stringify(outcome.failed)}`);
  assert.match(failure.error, expectError);
  assertVerifyClean(archive);
  // Nothing but the good pages' bytes (and pages of the archive that were whole) became originals.
  const originals = archiveFiles(archive).filter((f) => f.startsWith('originals/')).map((f) => f.slice('originals/'.length).split('.')[0]);
  const goodShas = new Set(good.map((p) => sha(readFileSync(p))));
  assert.equal(originals.filter((s) => goodShas.has(s!)).length, 8);
  assert.equal(originals.length, 8 + extraPages);
  // No temp folder was left behind by the reader.
  assert.deepEqual(readdirSync(archive).filter((f) => /^(warc|wacz)-/.test(f)), []);
  console.log(`# ${name}: peak RSS ${run.peakRssMiB} MiB; reported as: ${failure.error.slice(0, 160)}`);
}

test(`a WARC page sent with Content-Encoding: br that expands to ${BOMB_MIB} MB is reported; the eight pages beside it come in`, { timeout: 180_000 }, async () => {
  await importBeside('br-bomb.warc', encodedPageWarc(await compressedRun('br', BOMB_MIB), 'br'), /expands to more than .* when decompressed/);
});

test(`a WARC page sent with Content-Encoding: gzip that expands to ${BOMB_MIB} MB is reported`, { timeout: 180_000 }, async () => {
  await importBeside('gzip-bomb.warc', encodedPageWarc(await compressedRun('gzip', BOMB_MIB), 'gzip'), /expands to more than .* when decompressed/);
});

test(`a .warc.gz whose gzip member holds a WARC header line of ${BOMB_MIB} MB stops there, keeping the record before it`, { timeout: 180_000 }, async () => {
  await importBeside('header-bomb.warc.gz', await headerBombWarcGz(BOMB_MIB), /header|too long|expands|not a readable|stopped/i, 1);
});

test('WACZ bombs: entries that lie about their sizes or expand past the budget are refused without filling memory or the temp folder', { timeout: 300_000 }, async () => {
  const bombs = await waczBombs(BOMB_MIB);
  for (const [name, bytes] of Object.entries(bombs)) {
    await importBeside(name, bytes, /bomb|more bytes|too many bytes|size mismatch|expands|declares|too large/i);
  }
});

test('a WACZ listing 60,000 entries is refused by its entry count', { timeout: 120_000 }, async () => {
  await importBeside('many.wacz', manyEntriesWacz(60_000), /60001 entries/);
});

test('class 3: garbage after a WARC header is reported, never an empty success', { timeout: 180_000 }, async () => {
  const cases = garbageAfterHeaderWarcs();
  for (const [name, bytes] of Object.entries(cases)) {
    const extra = name === 'record-then-garbage.warc' ? 1 : 0;
    await importBeside(name, bytes, /.+/, extra);
  }
});

test('ARC: a gzipped ARC stops at its inflate bound, and a page of NUL bytes in it fails alone', { timeout: 120_000 }, async () => {
  const { gzipSync } = await import('node:zlib');
  const { arcFile } = await import('../webarchive/fixtures.ts');
  const { readWebArchive } = await import('../webarchive/index.ts');
  const http = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${body}`;
  const good = goodPage(400);
  const zeros = `<html><head><title>z</title></head><body>${'\0'.repeat(8 * 2 ** 20)}</body></html>`;
  const arc = gzipSync(arcFile([
    { url: 'http://arc.test/good', date: '20240301000000', mime: 'text/html', http: http(good) },
    { url: 'http://arc.test/zeros', date: '20240301000001', mime: 'text/html', http: http(zeros) },
  ]));
  const dir = mkdtempSync(join(tmpdir(), 'hostile-arc-'));
  const path = join(dir, 'pages.arc.gz');
  writeFileSync(path, arc);
  const read = async (maxInflatedBytes?: number): Promise<{ urls: string[]; problems: string[] }> => {
    const problems: string[] = [];
    const urls: string[] = [];
    const pages = readWebArchive(path, { onProblem: (p) => problems.push(p.message), ...(maxInflatedBytes ? { maxInflatedBytes } : {}) });
    for (let next = await pages.next(); !next.done; next = await pages.next()) urls.push(next.value.page.url ?? '');
    return { urls, problems };
  };
  const whole = await read();
  assert.deepEqual(whole.urls, ['http://arc.test/good']);
  assert.ok(whole.problems.some((p) => /arc\.test\/zeros: binary data/.test(p)), whole.problems.join('\n'));
  // Bound below what the file expands to: the read stops there, saying why, keeping what came before.
  const bounded = await read(2 ** 20);
  assert.deepEqual(bounded.urls, ['http://arc.test/good']);
  assert.ok(bounded.problems.some((p) => /expands to more than 1 MiB when decompressed/.test(p)), bounded.problems.join('\n'));
});
