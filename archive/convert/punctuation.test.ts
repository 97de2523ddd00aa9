import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autospaceRuns, displayPunctuation, punctuationSpots, uprightDigitRuns } from './punctuation.ts';

// Phrases in the manner of saved Chinese news pages: half-width marks typed between Han characters.
const SEED_LIKE = '全市教育系統深入貫徹落實一系列決策部署,聚焦“義務教育有保障”目標任務;任文貴說:“投入資金35.78億元,全面實現(鎮)村覆蓋.”';

test('half-width marks between Han characters show full-width: 決策部署,聚焦 → 決策部署，聚焦', () => {
  assert.equal(displayPunctuation('決策部署,聚焦'), '決策部署，聚焦');
  assert.equal(
    displayPunctuation(SEED_LIKE),
    '全市教育系統深入貫徹落實一系列決策部署，聚焦“義務教育有保障”目標任務；任文貴說：“投入資金35.78億元，全面實現（鎮）村覆蓋。”',
  );
  assert.equal(displayPunctuation('真的嗎?好!'), '真的嗎？好！');
  // A mark after one just turned full-width is judged beside the full-width form.
  assert.equal(displayPunctuation('萬人次(含寄宿生),確保'), '萬人次（含寄宿生），確保');
  // After Han, a number may follow a comma, semicolon or colon; a decimal point never turns.
  assert.equal(displayPunctuation('培訓7萬餘人次;12月以前'), '培訓7萬餘人次；12月以前');
  assert.equal(displayPunctuation('他說:2018年'), '他說：2018年');
});

test('numbers, URLs, Latin runs and English sentences keep their marks', () => {
  for (const text of [
    '35.78億元',
    '投入資金35.78億元',
    'https://example.com/a,b',
    '見https://example.com/a,b網站',
    'The valley station reopened on Tuesday, after forty years. Was it worth it? Yes: every bit!',
    '加入世貿組織(WTO)以後',
    '太极拳(tàijíquán)是',
    '2018年(2020)版',
    '惠及學生98.5萬人次',
    '全縣共有3,500名教師',
    '他說……然後',
  ]) {
    assert.equal(displayPunctuation(text), text, text);
  }
});

test('the text around a node decides a mark at its edge, as the reader sees it', () => {
  assert.deepEqual(punctuationSpots(',聚焦', '決策部署'), [{ index: 0, mark: ',', full: '，' }]);
  assert.deepEqual(punctuationSpots('決策部署,', '', '聚焦'), [{ index: 4, mark: ',', full: '，' }]);
  assert.deepEqual(punctuationSpots(',b', 'a'), []);
  // A sentence-final full stop after Han is Chinese; one inside a number never is.
  assert.equal(displayPunctuation('取得決定性成效.'), '取得決定性成效。');
  assert.equal(displayPunctuation('版本1.'), '版本1.');
});

test('the function returns new strings: its input is never changed', () => {
  const stored = '決策部署,聚焦';
  const shown = displayPunctuation(stored);
  assert.equal(stored, '決策部署,聚焦');
  assert.notEqual(shown, stored);
  assert.equal(shown.length, stored.length);
});

test('one- and two-digit runs among Han are set upright in vertical text; longer numbers are not', () => {
  const text = '第7屆大會於12月舉行，投入35.78億元，2018年通過';
  const runs = uprightDigitRuns(text).map((r) => text.slice(r.start, r.start + r.length));
  assert.deepEqual(runs, ['7', '12']);
  assert.deepEqual(uprightDigitRuns('version 12 of it'), []);
  assert.deepEqual(uprightDigitRuns('12', '第', '屆'), [{ start: 0, length: 2 }]);
});

test('Latin and digit runs that touch Han are found with the sides that touch', () => {
  const text = '投入資金35.78億元，用於AI課程與 Wi-Fi 建設';
  const runs = autospaceRuns(text).map((r) => [text.slice(r.start, r.start + r.length), r.hanBefore, r.hanAfter]);
  assert.deepEqual(runs, [
    ['35.78', true, true],
    ['AI', true, true],
  ]);
  assert.deepEqual(autospaceRuns('plain English, no Han at all'), []);
});
