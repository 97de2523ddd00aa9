import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CJK_CHARS_PER_MINUTE, readingTime, WORDS_PER_MINUTE } from './reading-time.ts';

const words = (n: number): string => Array.from({ length: n }, (_, i) => `word${i % 7}`).join(' ');
const han = (n: number): string => '港口城市的清晨'.repeat(Math.ceil(n / 7)).slice(0, n);

test('English is read in words: 230 words a minute, rounded up', () => {
  assert.deepEqual(readingTime([words(WORDS_PER_MINUTE)]), { minutes: 1, cjkChars: 0, words: 230 });
  assert.equal(readingTime([words(WORDS_PER_MINUTE + 1)]).minutes, 2);
  assert.equal(readingTime([words(1000), words(150)]).minutes, 5);
});

test('Chinese is read in characters: 400 a minute, punctuation not counted', () => {
  const text = `${han(CJK_CHARS_PER_MINUTE * 3)}，。「」`;
  assert.deepEqual(readingTime([text]), { minutes: 3, cjkChars: 1200, words: 0 });
  assert.equal(readingTime([han(1201)]).minutes, 4);
});

test('Traditional characters count like Simplified ones', () => {
  assert.equal(readingTime(['這個港口城市的清晨']).cjkChars, readingTime(['这个港口城市的清晨']).cjkChars);
});

test('mixed text adds the characters and the words in between', () => {
  const result = readingTime(['世界贸易组织(WTO)在2020年发布了 well-known 报告']);
  assert.equal(result.words, 3, 'WTO, 2020 and well-known');
  assert.equal(result.cjkChars, 13, "世界贸易组织 在 年发布了 报告");
  assert.equal(result.minutes, 1);
  assert.equal(readingTime([han(400 * 2), words(230 * 2)]).minutes, 4);
});

test('a short text takes a minute, an empty one none', () => {
  assert.equal(readingTime(['Hello.']).minutes, 1);
  assert.deepEqual(readingTime([]), { minutes: 0, cjkChars: 0, words: 0 });
  assert.deepEqual(readingTime(['  ', '——', '。']), { minutes: 0, cjkChars: 0, words: 0 });
});

test("apostrophes and hyphens inside a word keep it one word", () => {
  assert.equal(readingTime(["don't stop the well-known day’s work"]).words, 6);
});
