import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSnippet, parseQuery, snippetHtml } from './query.ts';

test('a query splits into folded CJK runs and words', () => {
  assert.deepEqual(parseQuery('教育脫貧 School-Teacher，臺灣'), [
    { kind: 'cjk', text: '教育脱贫' },
    { kind: 'word', text: 'school' },
    { kind: 'word', text: 'teacher' },
    { kind: 'cjk', text: '台湾' },
  ]);
  assert.deepEqual(parseQuery('  ，。!? '), []);
});

test('snippet marks stay on the hit when conversion changes the length of earlier text', () => {
  const paragraphs = ['我吃方便面了，然后去学校上课。'];
  const snippet = makeSnippet(paragraphs, parseQuery('學校'), 'tw', 'zh-CN');
  assert.equal(snippet.text, '我吃泡麵了，然後去學校上課。');
  assert.deepEqual(snippet.marks.map(([a, b]) => snippet.text.slice(a, b)), ['學校']);
  assert.equal(snippetHtml(snippet), '我吃泡麵了，然後去<mark>學校</mark>上課。');
});

test('an English snippet starts and ends on word boundaries and escapes HTML', () => {
  const long = `${'Alpha beta gamma delta epsilon '.repeat(4)}the <harbour> market ${'zeta eta theta iota kappa '.repeat(6)}`;
  const snippet = makeSnippet([long], parseQuery('HARBOUR'), 'original', 'en');
  assert.match(snippet.text, /^…\S/);
  const body = snippet.text.replace(/^…/, '').replace(/…$/, '');
  assert.ok(long.includes(body), 'the window is a slice of the paragraph');
  const at = long.indexOf(body);
  assert.equal(long[at - 1], ' ', 'starts at a word');
  assert.ok(/\s$/.test(body) || /\s/.test(long[at + body.length] ?? ' '), 'ends at a word end');
  assert.match(snippetHtml(snippet), /&lt;<mark>harbour<\/mark>&gt;/);
});
