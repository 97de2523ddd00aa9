import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadSavedPage, NotASavedPage, loadSavedFile, readSavedBytes, readSavedFile } from './index.ts';
import { decodeEncodedWords, decodeQuotedPrintable } from './mime.ts';
import { nestingDepth } from './limits.ts';
import { SIMPLIFIED, TRADITIONAL } from '../fixtures/texts.ts';
import { PIXEL_PNG } from '../fixtures/build-saved.ts';

const saved = (name: string): string => fileURLToPath(new URL(`../fixtures/saved/${name}`, import.meta.url));

test('an undeclared GBK page is read as GBK', async () => {
  const page = await readSavedFile(saved('gbk-undeclared.html'));
  assert.equal(page.format, 'html');
  assert.equal(page.charset, 'gbk');
  assert.ok(page.content.includes(SIMPLIFIED));
});

test('a Big5 page is read as Big5', async () => {
  const page = await readSavedFile(saved('big5-declared.htm'));
  assert.equal(page.charset, 'big5');
  assert.ok(page.content.includes(TRADITIONAL));
});

test('a UTF-8 page declared as GB2312 is read as UTF-8 with a warning', async () => {
  const page = await readSavedFile(saved('utf8-declared-gb2312.html'));
  assert.equal(page.charset, 'utf-8');
  assert.ok(page.content.includes(SIMPLIFIED));
  assert.equal(page.warnings.length, 1);
});

test('a page cut inside a multibyte character is read, with the broken byte named', async () => {
  const page = await readSavedFile(saved('truncated-utf8.html'));
  assert.equal(page.charset, 'utf-8');
  assert.match(page.warnings.join(), /invalid utf-8 byte sequence at byte 397 \(replaced with U\+FFFD\)/);
});

test('SingleFile pages give their url and saved date from the header comment', async () => {
  const page = await readSavedFile(saved('singlefile.html'));
  assert.equal(page.format, 'singlefile');
  assert.equal(page.url, 'https://news.example.cn/2020/11/25/education.html');
  assert.equal(page.savedAt, '2020-11-25T08:30:00.000Z');
  assert.ok(page.content.includes('data:image/png;base64,'));
});

test('"Web page, complete" brings the images of its _files folder, and nothing outside it', async () => {
  const page = await readSavedFile(saved('complete.html'));
  assert.equal(page.format, 'html');
  assert.deepEqual(page.resources.map((r) => [r.url, r.contentType]), [['complete_files/photo.png', 'image/png']]);
  assert.deepEqual(Buffer.from(page.resources[0]!.bytes), PIXEL_PNG);
});

test('MHTML gives the decoded Subject, the snapshot url, the date and the image parts', async () => {
  const file = await loadSavedFile(saved('capture.mhtml'));
  const page = file.page;
  assert.equal(page.format, 'mhtml');
  assert.equal(page.containerTitle, '教育新闻 - 白银新闻网');
  assert.equal(page.url, 'https://news.example.cn/2020/11/25/education.html');
  assert.equal(page.savedAt, '2020-11-25T08:30:00.000Z');
  assert.equal(page.charset, 'utf-8');
  assert.ok(page.content.includes(SIMPLIFIED), 'quoted-printable soft breaks removed, UTF-8 decoded');
  assert.deepEqual(page.resources.map((r) => r.url), ['https://news.example.cn/img/photo.png']);
  assert.deepEqual(Buffer.from(page.resources[0]!.bytes), PIXEL_PNG);
  assert.equal(file.original.ext, 'mhtml');
  assert.equal(file.original.fileName, 'capture.mhtml');
});

test('format comes from the content: MHTML named .html, HTML named .asp', async () => {
  assert.equal((await readSavedFile(saved('mhtml-in-disguise.html'))).format, 'mhtml');
  const asp = await loadSavedFile(saved('article.asp'));
  assert.equal(asp.page.format, 'html');
  assert.equal(asp.original.ext, 'asp');
});

test('a plain-text dump is read as text', async () => {
  const page = await readSavedFile(saved('dump.txt'));
  assert.equal(page.format, 'text');
  assert.ok(page.content.startsWith('教育新闻\n'));
});

test('files that are not saved pages are skipped with a reason', async () => {
  await assert.rejects(readSavedFile(saved('notes.md')), (e: Error) => e instanceof NotASavedPage && /notes\.md: not a saved page \(unknown type \.md/.test(e.message));
  await assert.rejects(readSavedFile(saved('photo.jpg')), (e: Error) => e instanceof NotASavedPage && /photo\.jpg: an image/.test(e.message));
  await assert.rejects(readSavedFile(saved('complete_files/style.css')), NotASavedPage);
});

const bad: [string, RegExp][] = [
  ['empty.html', /^empty\.html: empty file \(0 bytes\)$/],
  ['blank.html', /^blank\.html: empty file \(only blank space\)$/],
  ['random.html', /^random\.html: binary data, not a saved page \(NUL byte at offset \d+\)$/],
  ['no-boundary.mhtml', /^no-boundary\.mhtml: multipart boundary missing/],
  ['truncated.mhtml', /^truncated\.mhtml: truncated: the file ends inside part 1 without the closing multipart boundary$/],
  ['headerless.mhtml', /^headerless\.mhtml: not MHTML: MIME headers missing/],
  ['does-not-exist.html', /^does-not-exist\.html: the file is gone/],
];
for (const [name, message] of bad) {
  test(`bad input fails with a clear error: ${name}`, async () => {
    await assert.rejects(readSavedFile(saved(name)), (e: Error) => e instanceof BadSavedPage && message.test(e.message));
  });
}

test('an MHTML whose boundary never occurs is refused', async () => {
  const text = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="abc"\r\n\r\n\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n';
  await assert.rejects(readSavedBytes(Buffer.from(text), 'x.mhtml'), /multipart boundary missing: the declared boundary "abc" never occurs/);
});

test('an unreadable file is reported as such', async (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root: file permissions do not stop reads');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'read-test-'));
  try {
    const path = join(dir, 'locked.html');
    writeFileSync(path, '<html><body>x</body></html>', { mode: 0o000 });
    await assert.rejects(readSavedFile(path), /locked\.html: permission denied/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RFC 2047: Q and B words, charsets, and characters split across words', () => {
  assert.equal(decodeEncodedWords('=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9_au_lait?='), 'café au lait');
  assert.equal(decodeEncodedWords('=?gb2312?B?1tDOxA==?= news'), '中文 news');
  assert.equal(decodeEncodedWords('plain subject'), 'plain subject');
});

test('quoted-printable: escapes, soft breaks (CRLF and LF), lone equals kept', () => {
  const dec = (s: string): string => Buffer.from(decodeQuotedPrintable(Buffer.from(s, 'latin1'))).toString('utf8');
  assert.equal(dec('a=3Db=\r\nc=E4=B8=AD=\nd'), 'a=bc中d');
  assert.equal(dec('x = y'), 'x = y');
});

test('100,000 nested elements are refused quickly with a clear error', async () => {
  const html = `<html><body>${'<div>'.repeat(100_000)}<p>deep</p>${'</div>'.repeat(100_000)}</body></html>`;
  await assert.rejects(readSavedBytes(Buffer.from(html), 'nested.html'), /nested too deeply to extract \(more than 500 levels/);
});

test('a 30 MB HTML page is refused with a clear error, a big SingleFile page of inline images is not', async () => {
  const para = `<p>${SIMPLIFIED}</p>\n`;
  const huge = `<html><body>${para.repeat(Math.ceil(30e6 / Buffer.byteLength(para)))}</body></html>`;
  await assert.rejects(readSavedBytes(Buffer.from(huge), 'huge.html'), /too large to extract \(\d+ million characters of HTML; the limit is 8 million\)/);
  const image = `<img src="data:image/png;base64,${'A'.repeat(2_000_000)}">`;
  const singleFile = `<html><!--\n Page saved with SingleFile \n url: https://example.org/ \n saved date: Wed Nov 25 2020 16:30:00 GMT+0800\n--><body><p>${SIMPLIFIED}</p>${image.repeat(10)}</body></html>`;
  const page = await readSavedBytes(Buffer.from(singleFile), 'big-singlefile.html');
  assert.equal(page.format, 'singlefile');
});

test('nesting depth counts real nesting, not void, optional-end or script content', () => {
  assert.equal(nestingDepth('<html><body><div><p>a<p>b<br><img src=x><ul><li>x<li>y</ul></div></body></html>'), 2);
  assert.equal(nestingDepth('<div><script>if (a<b) { "<div><div><div>" }</script><!-- <div><div> --></div>'), 1);
});

test('an MHTML file with a broken header line (an unfolded encoded title) is still MHTML', async () => {
  const text = [
    'From: <Saved by Blink>', 'Subject: Portfolio', 'X-Snapshot-Title: =?utf-8?Q?This is on multiple', 'lines',
    'MIME-Version: 1.0', 'Content-Type: multipart/related;', '\ttype="text/html";', '\tboundary="b"', '', '--b',
    'Content-Type: text/html', 'Content-Location: http://example.org/', '', '<html><body><p>x</p></body></html>', '--b--', '',
  ].join('\n');
  const page = await readSavedBytes(Buffer.from(text), 'portfolio.mhtml');
  assert.equal(page.containerTitle, 'Portfolio');
  assert.equal(page.url, 'http://example.org/', 'without Snapshot-Content-Location, the HTML part\'s location');
});
