/**
 * Issue 11, the classes that already held when the issue was filed, kept in the hostile suite so
 * they keep holding: a corpus of script-injection vectors imported through the CLI (nothing
 * active and nothing remote survives into the stored article), malformed backups (refused, the
 * archive unchanged), and bad CLI arguments (exit 2 with a usage line, never a stack trace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFiles, runCliBounded } from './support.ts';
import { assertVerifyClean } from './escape-support.ts';
import { goodPage, writeGoodPages } from './fixtures.ts';
import { bodyRelPath } from '../store/store.ts';

const bound = { maxRssMiB: 1024, timeoutMs: 90_000 };

/** Injection vectors of the usual families: each is wrapped in a readable article page. */
const VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r=1></circle></svg>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt&colon;alert(1)">entity</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<iframe src="https://evil.test/frame"></iframe>',
  '<object data="https://evil.test/x.swf"></object><embed src="https://evil.test/y">',
  '<form action="https://evil.test/"><input name=q><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=https://evil.test/">',
  '<base href="https://evil.test/">',
  '<link rel=stylesheet href="https://evil.test/s.css">',
  '<style>@import "https://evil.test/i.css"; body{background:url(https://evil.test/b.png)}</style>',
  '<p style="background-image:url(https://evil.test/bg.png)">styled</p>',
  '<img src="https://evil.test/track.gif" alt="tracker">',
  '<img srcset="https://evil.test/a.png 1x, https://evil.test/b.png 2x" alt="srcset">',
  '<video poster="https://evil.test/p.png"><source src="https://evil.test/v.mp4"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<details open ontoggle=alert(1)><summary>s</summary></details>',
  '<div onclick="alert(1)" onmouseover="alert(1)">handlers</div>',
  '<template><script>alert(1)</script></template>',
  '<x-foo is="x" onfocus=alert(1) autofocus>custom</x-foo>',
  '<a href="  javascript:alert(1)">spaced</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+" alt="svg data">',
];

const ACTIVE = [/<script/i, /\son[a-z]+\s*=/i, /javascript:/i, /<iframe/i, /<object/i, /<embed/i, /<form/i, /<meta/i, /<base/i, /<link/i, /<style/i, /data:text\/html/i, /data:image\/svg/i];

test('a corpus of injection vectors, imported through the CLI, leaves nothing active and nothing remote in the stored articles', { timeout: 180_000 }, async () => {
  const input = mkdtempSync(join(tmpdir(), 'held-xss-in-'));
  const archive = mkdtempSync(join(tmpdir(), 'held-xss-archive-'));
  VECTORS.forEach((vector, i) => writeFileSync(join(input, `v${i}.html`), goodPage(i).replace('</h1>', `</h1>${vector}<p>After the vector ${i}.</p>`)));
  const run = await runCliBounded(['--archive', archive, '--json', 'import', input], bound);
  assert.equal(run.status, 0, run.stderr);
  const imported = (JSON.parse(run.stdout) as { imported: { id: string }[] }).imported;
  assert.equal(imported.length, VECTORS.length);
  for (const [i, { id }] of imported.entries()) {
    // The stored body itself (what the reader and every export start from).
    const body = JSON.parse(readFileSync(join(archive, bodyRelPath(id)), 'utf8')) as { html: string; paragraphs: string[] };
    const article = { html: body.html, text: body.paragraphs.join('\n') };
    for (const pattern of ACTIVE) assert.doesNotMatch(article.html, pattern, `${id}: ${article.html.slice(0, 400)}`);
    // Nothing can load: no attribute that fetches names a remote URL.
    assert.doesNotMatch(article.html, /\s(?:src|srcset|poster|href\s*=\s*"[^"]*\.(?:css|js))\s*=\s*"?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(article.html, /url\(\s*['"]?https?:/i);
    // The text around the vector is kept, unless the vector leaves a style or noscript open (then
    // the rest of the page is inside it to a parser without scripts, and dropped with it).
    const file = (JSON.parse(run.stdout) as { imported: { file: string }[] }).imported[i]!.file;
    const vector = VECTORS[Number(/v(\d+)\.html$/.exec(file)![1])]!;
    if (!/<(style|noscript)>(?![\s\S]*<\/\1>)/i.test(vector) && !/title="<\/noscript>/.test(vector)) assert.match(article.text, /After the vector/, vector);
  }
  assertVerifyClean(archive);
});

test('malformed backups are refused with exit 2 and leave the archive as it was', { timeout: 180_000 }, async () => {
  const input = mkdtempSync(join(tmpdir(), 'held-backup-in-'));
  const source = mkdtempSync(join(tmpdir(), 'held-backup-src-'));
  writeGoodPages(input, 3);
  assert.equal((await runCliBounded(['--archive', source, 'import', input], bound)).status, 0);
  const good = join(input, 'good.backup');
  assert.equal((await runCliBounded(['--archive', source, 'backup', '--out', good], bound)).status, 0);
  const bytes = readFileSync(good);
  const flipped = Buffer.from(bytes);
  const middle = Math.floor(bytes.length / 2);
  flipped[middle] = flipped[middle]! ^ 0xff;
  const cases: Record<string, Uint8Array> = {
    'empty.backup': new Uint8Array(0),
    'truncated.backup': bytes.subarray(0, Math.floor(bytes.length * 0.6)),
    'flipped.backup': flipped,
    'not-a-tar.backup': Buffer.from(goodPage(1)),
    'zeros.backup': new Uint8Array(64 * 1024),
  };
  const target = mkdtempSync(join(tmpdir(), 'held-backup-target-'));
  writeFileSync(join(input, 'other.html'), goodPage(9));
  assert.equal((await runCliBounded(['--archive', target, 'import', join(input, 'other.html')], bound)).status, 0);
  const before = archiveFiles(target);
  for (const [name, data] of Object.entries(cases)) {
    const file = join(input, name);
    writeFileSync(file, data);
    const run = await runCliBounded(['--archive', target, 'restore', file], bound);
    assert.equal(run.status, 2, `${name}: exit ${run.status}\n${run.stdout}${run.stderr}`);
    assert.doesNotMatch(run.stderr, /^\s+at /m, `${name}: no stack trace`);
    assert.ok(run.stderr.trim().length > 0, `${name}: says why`);
    assert.deepEqual(archiveFiles(target).filter((f) => !f.startsWith('backups/')), before.filter((f) => !f.startsWith('backups/')), `${name}: the archive is unchanged`);
  }
  assertVerifyClean(target);
});

test('bad CLI arguments exit 2 with the reason and the usage, never a stack trace', { timeout: 180_000 }, async () => {
  const archive = mkdtempSync(join(tmpdir(), 'held-args-'));
  const cases: string[][] = [
    ['frobnicate'],
    ['list', '--no-such-flag'],
    ['show'],
    ['show', 'abc', '--script', 'klingon'],
    ['export', 'abc', '--format', 'docx', '--out', archive],
    ['export', 'abc', '--format', 'md'],
    ['export', 'abc', '--format', 'pdf', '--out', archive, '--font-size', 'huge'],
    ['search'],
    ['convert', '--config', 'nope'],
    ['backup'],
    ['restore'],
    ['import'],
  ];
  for (const args of cases) {
    const run = await runCliBounded(['--archive', archive, ...args], bound);
    assert.equal(run.status, 2, `${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /^\s+at /m, `${args.join(' ')}: no stack trace`);
    assert.ok(run.stderr.trim().length > 0, `${args.join(' ')}: says why`);
  }
});
