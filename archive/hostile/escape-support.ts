/**
 * What the hostile tests of issue 11's classes 5 (restore), 6 (exports) and 7 (terminal) share:
 * the real CLI in a child process bounded in time and memory, saved pages of our own with hostile
 * titles, bylines and bodies, and the closing checks every hostile test makes: `verify` is clean,
 * and the archive holds only its own files and the bytes of the pages imported into it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const cliPath = join(import.meta.dirname, '..', 'cli.ts');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child (at most 512 MB of heap and `timeoutMs`); a run that hangs fails. */
export function runCli(args: string[], timeoutMs = 60_000, input?: string): CliRun {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', cliPath, ...args], {
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, READER_ARCHIVE: '', NODE_ENV: 'production' },
  });
  assert.equal(r.error, undefined, `the CLI did not finish: ${String(r.error)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `verify --json` through the CLI reports ok and no problem at all. */
export function assertVerifyClean(dir: string): void {
  const run = runCli(['--archive', dir, '--json', 'verify']);
  assert.equal(run.status, 0, `verify failed: ${run.stdout}${run.stderr}`);
  const report = JSON.parse(run.stdout) as { ok: boolean; problems: unknown[] };
  assert.deepEqual(report, { ok: true, problems: [] });
}

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The archive's own files; anything else in its folder came from somewhere it should not have. */
const ARCHIVE_FILE = [
  /^catalog\.json$/,
  /^journal-\d+\.jsonl$/,
  /^catalog\/[0-9a-f]{2}\.json$/,
  /^catalog\/[0-9a-f]{2}\.(?:rows|titles)\.json$/,
  /^provenance\/[0-9a-f]{1,2}\.json$/,
  /^search\/index\.bin$/,
  /^search\/delta\.log$/,
  /^search\/manifest\.json$/,
  /^search\/seg-\d{8}-[0-9a-f]{6}\.seg$/,
  /^articles\/[0-9a-f]{2}\/[0-9a-f]{16,64}\.json$/,
  /^originals\/[0-9a-f]{64}\.[a-z0-9]{1,10}$/,
  /^assets\/[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif|bmp)$/,
  /^backups\/[^/]+(?:\/(?:[0-9a-f]{1,2}|sources)\.json)?$/,
];

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The archive in `dir` holds only its own kinds of file, and its originals are exactly pages we
 * imported (`imported`, their bytes): nothing from outside the imported pages got in.
 */
export function assertOnlyImportedContent(dir: string, imported: Uint8Array[]): void {
  const allowed = new Set(imported.map(sha256));
  for (const file of filesUnder(dir)) {
    assert.ok(ARCHIVE_FILE.some((p) => p.test(file)), `unexpected file in the archive: ${file}`);
    if (file.startsWith('originals/')) {
      const sum = sha256(readFileSync(join(dir, file)));
      assert.ok(allowed.has(sum), `${file} is not one of the imported pages`);
      assert.equal(file.slice('originals/'.length, 'originals/'.length + 64), sum);
    }
  }
}

/** Characters a terminal could act on (tab and newline aside): C0, DEL, C1, bidi and line-separator controls. */
export const TERMINAL_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const htmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A saved article page of our own: `title` and `byline` are the page's text (escaped as a page would), `bodyHtml` is markup. */
export function savedPage(parts: { title: string; byline: string; bodyHtml: string; lang?: string }): string {
  const title = htmlText(parts.title);
  const byline = htmlText(parts.byline);
  return `<!doctype html>
<html lang="${parts.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="author" content="${byline}">
<meta property="og:site_name" content="Harbour Times">
<link rel="canonical" href="https://harbour.example.org/2024/05/ferry.html">
</head>
<body>
<header><nav><a href="/">Home</a> · <a href="/news">News</a></nav></header>
<article>
<h1>${title}</h1>
<p class="byline">${byline}</p>
${parts.bodyHtml}
</article>
<footer>© Harbour Times</footer>
</body>
</html>
`;
}

/** Writes `text` as a UTF-8 file `name` in `dir`; returns the path and the bytes. */
export function writePage(dir: string, name: string, text: string): { path: string; bytes: Uint8Array } {
  const path = join(dir, name);
  const bytes = new TextEncoder().encode(text);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** Ordinary article prose, so the extractor keeps the page as an article. */
export const HARBOUR_PROSE = [
  'The new ferry left the pier at dawn, and by noon the harbour master had counted every boat that came back in.',
  'Fishing crews said the catch had been better than in any spring they could remember, though prices at the market stayed low.',
  'The council will meet next week to decide whether the old pier is repaired or pulled down to make room for a wider quay.',
  'Residents who live along the waterfront asked for the work to be done in winter, when fewer visitors come to the town.',
];
