import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeBytes } from './index.ts';
import { FRENCH, JAPANESE, KOREAN, RUSSIAN, SIMPLIFIED, TRADITIONAL, page } from '../fixtures/texts.ts';

const enc = (text: string, charset: string): Uint8Array => new Uint8Array(iconv.encode(text, charset));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

test('a UTF-8 byte order mark wins over a declaration and is not part of the text', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page(SIMPLIFIED, 'gb2312'))]);
  const out = decodeBytes(bytes, { kind: 'html' });
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.startsWith('<!DOCTYPE'));
  assert.ok(out.text.includes(SIMPLIFIED));
});

test('UTF-16 with a byte order mark decodes in either byte order', () => {
  const le = new Uint8Array([0xff, 0xfe, ...iconv.encode(TRADITIONAL, 'utf16le')]);
  const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(TRADITIONAL, 'utf16be')]);
  assert.equal(decodeBytes(le).text, TRADITIONAL);
  assert.equal(decodeBytes(le).charset, 'utf-16le');
  assert.equal(decodeBytes(be).text, TRADITIONAL);
});

test('a declared GB2312 page decodes with the GB18030 superset and records gbk', () => {
  // 镕 and 喆 are outside GB2312 but common in names; GBK/GB18030 has them.
  const text = page(`${SIMPLIFIED}朱镕基与张喆`, 'gb2312');
  const out = decodeBytes(enc(text, 'gbk'), { kind: 'html' });
  assert.equal(out.charset, 'gbk');
  assert.equal(out.text, text);
  assert.deepEqual(out.warnings, []);
});

test('<meta charset> and the XML declaration are both read', () => {
  const meta = `<html><head><meta charset="big5"><title>x</title></head><body>${TRADITIONAL}</body></html>`;
  assert.equal(decodeBytes(enc(meta, 'big5'), { kind: 'html' }).charset, 'big5');
  const xml = `<?xml version="1.0" encoding="Shift_JIS"?><html><body>${JAPANESE}</body></html>`;
  const out = decodeBytes(enc(xml, 'shift_jis'), { kind: 'html' });
  assert.equal(out.charset, 'shift_jis');
  assert.ok(out.text.includes(JAPANESE));
});

test('a declaration late in a long head (after 1 KB of keywords) is still found', () => {
  const keywords = '新闻,教育,'.repeat(300);
  const text = `<html><head><meta name="keywords" content="${keywords}"><meta charset="gbk"></head><body>${SIMPLIFIED}</body></html>`;
  assert.equal(decodeBytes(enc(text, 'gbk'), { kind: 'html' }).charset, 'gbk');
});

test('a MIME charset is used before the document looks at itself', () => {
  const out = decodeBytes(enc(KOREAN, 'euc-kr'), { transportCharset: 'ks_c_5601-1987' });
  assert.equal(out.charset, 'euc-kr');
  assert.equal(out.text, KOREAN);
});

test('UTF-8 bytes declared as GB2312 are read as UTF-8, with a warning', () => {
  const text = page(SIMPLIFIED, 'gb2312');
  const out = decodeBytes(utf8(text), { kind: 'html' });
  assert.equal(out.charset, 'utf-8');
  assert.equal(out.text, text);
  assert.match(out.warnings.join('\n'), /declared gb2312 .* bytes are UTF-8/);
});

test('GBK bytes declared as UTF-8 are read as GBK, with a warning', () => {
  const text = page(SIMPLIFIED, 'utf-8');
  const out = decodeBytes(enc(text, 'gbk'), { kind: 'html' });
  assert.equal(out.charset, 'gbk');
  assert.equal(out.text, text);
  assert.match(out.warnings.join('\n'), /declared utf-8 .* read as gbk/);
});

test('GBK bytes declared as ISO-8859-1 by a careless server are read as GBK', () => {
  const text = page(SIMPLIFIED, 'iso-8859-1');
  const out = decodeBytes(enc(text, 'gbk'), { kind: 'html' });
  assert.equal(out.charset, 'gbk');
  assert.equal(out.text, text);
});

test('a real Latin-1 page declared as such stays Latin-1', () => {
  const text = page(FRENCH.replace(/’/g, "'"), 'iso-8859-1');
  const out = decodeBytes(enc(text, 'latin1'), { kind: 'html' });
  assert.equal(out.charset, 'windows-1252');
  assert.equal(out.text, text);
});

const sniffCases: [string, string, string][] = [
  ['GBK (Simplified)', 'gbk', SIMPLIFIED],
  ['GBK (Traditional characters)', 'gbk', TRADITIONAL],
  ['Big5', 'big5', TRADITIONAL],
  ['Shift_JIS', 'shift_jis', JAPANESE],
  ['EUC-JP', 'euc-jp', JAPANESE],
  ['EUC-KR', 'euc-kr', KOREAN],
  ['windows-1251', 'windows-1251', RUSSIAN],
  ['windows-1252', 'windows-1252', FRENCH],
];
for (const [label, cs, body] of sniffCases) {
  test(`an undeclared ${label} page is recognised from its bytes`, () => {
    const text = page(body);
    const out = decodeBytes(enc(text, cs), { kind: 'html' });
    assert.equal(out.charset, cs === 'gbk' ? 'gbk' : cs);
    assert.equal(out.text, text);
  });
}

test('undeclared pure ASCII is recorded as UTF-8', () => {
  const out = decodeBytes(utf8('<html><body>plain</body></html>'), { kind: 'html' });
  assert.equal(out.charset, 'utf-8');
  assert.deepEqual(out.warnings, []);
});

test('a truncated multibyte character at the end becomes U+FFFD with the byte offset', () => {
  const whole = utf8(`<p>${SIMPLIFIED}</p>中`);
  const cut = whole.subarray(0, whole.length - 1);
  const out = decodeBytes(cut, { kind: 'html' });
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.endsWith('\ufffd'));
  assert.match(out.warnings.join('\n'), new RegExp(`invalid utf-8 byte sequence at byte ${cut.length - 2}`));
});

test('a truncated GBK character is replaced, the rest decoded, the offset named', () => {
  const whole = enc(page(SIMPLIFIED, 'gbk'), 'gbk');
  const cut = whole.subarray(0, whole.length - 15); // cuts into the body text
  const fixed = new Uint8Array([...cut.subarray(0, cut.length - 1)]);
  // Make the last byte a lone lead byte.
  const bytes = new Uint8Array([...fixed, 0xd6]);
  const out = decodeBytes(bytes, { kind: 'html' });
  assert.equal(out.charset, 'gbk');
  assert.ok(out.text.startsWith('<!DOCTYPE html>'));
  assert.ok(out.text.endsWith('\ufffd'));
  assert.match(out.warnings.join('\n'), new RegExp(`invalid gbk byte sequence at byte ${bytes.length - 1}`));
});

test('stray invalid bytes in the middle of a UTF-8 page are replaced, not fatal', () => {
  const a = utf8(`<p>${SIMPLIFIED}</p>`);
  const b = utf8(`<p>${TRADITIONAL}</p>`);
  const bytes = new Uint8Array([...a, 0xff, 0xfe, ...b]);
  const out = decodeBytes(bytes, { kind: 'html' });
  assert.equal(out.charset, 'utf-8');
  assert.ok(out.text.includes(SIMPLIFIED) && out.text.includes(TRADITIONAL));
  assert.match(out.warnings.join('\n'), new RegExp(`byte ${a.length} \\(2 sequences replaced`));
});

test('an unknown charset label is reported and the bytes are still decoded', () => {
  const text = page(SIMPLIFIED, 'x-made-up');
  const out = decodeBytes(enc(text, 'gbk'), { kind: 'html' });
  assert.equal(out.charset, 'gbk');
  assert.match(out.warnings.join('\n'), /unknown charset "x-made-up"/);
});

test('plain text ignores things that look like meta tags', () => {
  const out = decodeBytes(enc(`${SIMPLIFIED}\n<meta charset="big5">`, 'gbk'), { kind: 'text' });
  assert.equal(out.charset, 'gbk');
});
