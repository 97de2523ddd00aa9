import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertText } from '../convert/script.ts';
import { articleInScript } from '../convert/article.ts';
import { SCRIPT_MODES, type ArticleBody, type ScriptMode } from '../model.ts';
import { anchorFromShown, anchorToShown, articlePlan, locateAnchor } from './anchor.ts';

const meta = { title: '电脑内存不足怎么办', lang: 'zh-CN', byline: null, source: null };
const paragraphs = [
  '很多用户发现电脑运行越来越慢，打开软件时提示内存不足。',
  '这条信息很重要：我的U盘坏了，里面的文件要先备份，再清理鼠标驱动和网络设置。',
];
const body: ArticleBody = { id: 'a'.repeat(16), html: paragraphs.map((p) => `<p>${p}</p>`).join(''), paragraphs, ruby: [], excerpt: null, assets: [] };

/** The paragraph as the reader sees it in `mode` (the service's own conversion). */
function shown(mode: ScriptMode, paragraph: number): string {
  return articleInScript(meta, body, mode).body.paragraphs[paragraph]!;
}

test('a highlight made in 简体 covers the same characters in 繁體, 台灣, 香港 and the original', () => {
  const start = paragraphs[0]!.indexOf('内存不足');
  const anchor = anchorFromShown({ paragraph: 0, start, end: start + 4 }, paragraphs, articlePlan(meta, paragraphs, 'hans'));
  assert.ok(anchor);
  assert.equal(anchor.quote, '内存不足');
  const expected: Record<ScriptMode, string> = { original: '内存不足', hans: '内存不足', hant: '內存不足', tw: '記憶體不足', hk: '內存不足' };
  for (const mode of SCRIPT_MODES) {
    const inMode = anchorToShown(anchor, paragraphs, articlePlan(meta, paragraphs, mode));
    const text = shown(mode, 0);
    assert.equal(text.slice(inMode.start, inMode.end), expected[mode], mode);
    assert.equal(inMode.quote, expected[mode], mode);
    // The context around it is the shown text too.
    assert.ok(text.slice(0, inMode.start).endsWith(inMode.prefix), mode);
    assert.ok(text.slice(inMode.end).startsWith(inMode.suffix), mode);
  }
});

test('a phrase that changes length in 台灣 (U盘 → 隨身碟, 信息 → 資訊) maps both ways without drifting', () => {
  const tw = articlePlan(meta, paragraphs, 'tw');
  const text = shown('tw', 1);
  assert.match(text, /隨身碟/);
  // Selected in 台灣: 隨身碟壞了 → the original characters U盘坏了.
  const at = text.indexOf('隨身碟');
  const fromTw = anchorFromShown({ paragraph: 1, start: at, end: at + '隨身碟壞了'.length }, paragraphs, tw);
  assert.ok(fromTw);
  assert.equal(fromTw.quote, 'U盘坏了');
  // Text after the longer phrase keeps its place: 鼠标驱动 selected in 台灣 is 鼠标驱动 stored.
  const later = text.indexOf('滑鼠驅動');
  const mouse = anchorFromShown({ paragraph: 1, start: later, end: later + 4 }, paragraphs, tw);
  assert.equal(mouse?.quote, '鼠标驱动');
  // And back again, in every script.
  for (const mode of SCRIPT_MODES) {
    const inMode = anchorToShown(mouse!, paragraphs, articlePlan(meta, paragraphs, mode));
    assert.equal(inMode.quote, convertText('鼠标驱动', articlePlan(meta, paragraphs, mode)), mode);
    assert.equal(shown(mode, 1).slice(inMode.start, inMode.end), inMode.quote, mode);
  }
  const info = paragraphs[1]!.indexOf('信息');
  const infoTw = anchorToShown(anchorFromShown({ paragraph: 1, start: info, end: info + 2 }, paragraphs, [])!, paragraphs, tw);
  assert.equal(infoTw.quote, '資訊');
});

test('a selection inside a phrase that changed length takes the original characters it shows', () => {
  const tw = articlePlan(meta, paragraphs, 'tw');
  const text = shown('tw', 0);
  const at = text.indexOf('記憶體');
  const whole = anchorFromShown({ paragraph: 0, start: at, end: at + 3 }, paragraphs, tw);
  assert.equal(whole?.quote, '内存');
  const part = anchorFromShown({ paragraph: 0, start: at + 1, end: at + 2 }, paragraphs, tw);
  assert.ok(part && part.quote.length >= 1 && '内存'.includes(part.quote));
});

test('an empty or out-of-range selection is no anchor', () => {
  assert.equal(anchorFromShown({ paragraph: 5, start: 0, end: 2 }, paragraphs, []), null);
  assert.equal(anchorFromShown({ paragraph: 0, start: 3, end: 3 }, paragraphs, []), null);
});

test('an anchor whose offsets no longer fit is found again by its quote and context', () => {
  const start = paragraphs[1]!.indexOf('网络');
  const anchor = anchorFromShown({ paragraph: 1, start, end: start + 2 }, paragraphs, [])!;
  const edited = { paragraphs: ['新加的一段。', ...paragraphs.map((p) => `前言：${p}`)] };
  const found = locateAnchor(anchor, edited);
  assert.ok(found);
  assert.equal(found.paragraph, 2);
  assert.equal(edited.paragraphs[2]!.slice(found.start, found.end), '网络');
  assert.equal(locateAnchor({ ...anchor, quote: '不存在的字' }, edited), null);
});

test('a span of a paragraph is placed on the text nodes of a block that shows it, and back', async () => {
  const { spanInPieces, paragraphOffsetOf } = await import('./spans.ts');
  const paragraph = '打开软件时, 提示内存不足。';
  // As a frame shows it: split by an inline tag, a half-width comma set full-width, spacing changed.
  const pieces = ['打开', '软件', '时，提示  内存', '不足。'];
  const start = paragraph.indexOf('软件');
  const end = paragraph.indexOf('不足');
  assert.deepEqual(spanInPieces(paragraph, pieces, start, end), [
    { piece: 1, start: 0, end: 2 },
    { piece: 2, start: 0, end: 8 },
  ]);
  assert.equal(paragraphOffsetOf(paragraph, pieces, 1, 0), start);
  assert.equal(paragraphOffsetOf(paragraph, pieces, 3, 0), end);
  assert.equal(paragraphOffsetOf(paragraph, pieces, 3, 3), paragraph.length);
  assert.deepEqual(spanInPieces(paragraph, pieces, 3, 3), []);
});
