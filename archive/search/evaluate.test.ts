import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateQuery, pairsToCheck, type PostingSource } from './evaluate.ts';
import { PostingBuilder } from './postings.ts';
import { parseSearchQuery } from './syntax.ts';

/** A tiny index of CJK-only texts, built the way the index keeps pairs: each pair's positions, per document. */
function sourceOf(texts: readonly string[]): PostingSource {
  const lists = new Map<number, PostingBuilder>();
  texts.forEach((text, doc) => {
    const singles = new Map<number, number>();
    const pairs = new Map<number, number[]>();
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      singles.set(c, (singles.get(c) ?? 0) + 1);
      if (i + 1 < text.length) {
        const key = c * 0x10000 + text.charCodeAt(i + 1);
        pairs.set(key, [...(pairs.get(key) ?? []), i]);
      }
    }
    for (const [key, count] of singles) {
      if (!lists.has(key)) lists.set(key, new PostingBuilder());
      lists.get(key)!.add(doc, count);
    }
    for (const [key, at] of pairs) {
      if (!lists.has(key)) lists.set(key, new PostingBuilder());
      lists.get(key)!.addPositions(doc, Int32Array.from(at));
    }
  });
  return {
    alive: new Uint8Array(texts.length).fill(1),
    size: texts.length,
    cjk: (key) => {
      const list = lists.get(key);
      return list ? [list.bytes.subarray(0, list.length)] : [];
    },
    terms: () => [],
    maxWord: 32,
    title: () => '',
    meta: () => undefined,
  };
}

/** Where `run` starts in `text`, overlapping occurrences included. */
function occurrences(text: string, run: string): number {
  let n = 0;
  for (let at = text.indexOf(run); at >= 0; at = text.indexOf(run, at + 1)) n++;
  return n;
}

/** A small generator of the same sequence on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('runs of three to seven characters match exactly where they stand, overlaps counted, whichever pairs lead', () => {
  const next = random(7);
  // Three characters, one of them rare: most pairs are common, pairs with 丙 are rare, and runs overlap (甲甲甲).
  const pick = () => { const r = next(); return r < 0.55 ? '甲' : r < 0.95 ? '乙' : '丙'; };
  const texts = Array.from({ length: 400 }, () => Array.from({ length: 5 + Math.floor(next() * 60) }, pick).join(''));
  const src = sourceOf(texts);
  const runs = ['甲甲甲', '甲乙甲', '乙丙乙', '甲甲甲甲', '丙甲甲乙', '甲乙丙甲乙', '甲甲乙甲甲', '乙甲甲甲甲乙', '甲乙甲乙甲乙甲', '丙丙丙'];
  for (const run of runs) {
    const got = evaluateQuery(parseSearchQuery(run), src, null);
    const want = texts.map((t, doc) => [doc, occurrences(t, run)] as const).filter(([, n]) => n > 0);
    assert.deepEqual([...got.docs], want.map(([doc]) => doc), `${run}: the documents`);
    assert.deepEqual([...got.weights], want.map(([, n]) => n * run.length), `${run}: each document's count × length`);
  }
  // A run some pair of which is in no document finds nothing.
  assert.equal(evaluateQuery(parseSearchQuery('甲丁甲'), src, null).docs.length, 0);
});

test('the pairs checked cover every character at the fewest bytes, and the two smallest lists lead', () => {
  // 城市发展经济: 城市, 发展 and 经济 are common; 市发 and 展经, across the words, are rare.
  assert.deepEqual(pairsToCheck([900, 10, 800, 12, 700]), [1, 3, 4, 0]);
  // Three characters: both pairs are needed, the smaller leads.
  assert.deepEqual(pairsToCheck([500, 20]), [1, 0]);
  // Four characters, the middle pair large: the ends cover it, and the middle is left out.
  assert.deepEqual(pairsToCheck([30, 1000, 40]), [0, 2]);
  // Four characters, the middle pair the smallest: it leads, with the ends that every run needs.
  assert.deepEqual(pairsToCheck([300, 5, 400]), [1, 0, 2]);
});
