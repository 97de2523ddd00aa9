import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ranking, TITLE_BOOST } from './rank.ts';
import { mayHold, partsSig, writeTitleSig, SIG_WORDS } from './title-sig.ts';
import { IdList } from './ids.ts';
import { TermKeys } from './segment.ts';
import { allPartsIn, parseQuery } from './query.ts';
import { foldText } from './fold.ts';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The order a full scoring and sort gives: score descending, ties by match. */
function fullOrder(base: Float64Array, hit: (k: number) => boolean): number[] {
  const score = (k: number) => base[k]! + (hit(k) ? TITLE_BOOST : 0);
  return Array.from(base.keys()).sort((a, b) => score(b) - score(a) || a - b);
}

test('the top of a ranking is what scoring every match and sorting gives, for any share of title hits', () => {
  const next = random(7);
  for (const [m, share] of [[5000, 0.5], [5000, 0.01], [40000, 0.0005], [40000, 0], [300, 1], [30, 0.3]] as const) {
    // Few distinct bases, so ties are common and their order is checked too.
    const base = Float64Array.from({ length: m }, () => Math.floor(next() * 50) / 25);
    const hits = Uint8Array.from({ length: m }, () => (next() < share ? 1 : 0));
    let reads = 0;
    const ranking = new Ranking(base.slice(), (k) => {
      reads++;
      return hits[k] === 1;
    });
    const want = fullOrder(base, (k) => hits[k] === 1);
    for (const count of [1, 20, 52, 300]) {
      const top = Array.from(ranking.top(count));
      assert.deepEqual(top, want.slice(0, Math.min(count, m)), `m=${m} share=${share} count=${count}`);
      for (const k of top) assert.equal(ranking.score(k), base[k]! + (hits[k] ? TITLE_BOOST : 0));
    }
    if (share >= 0.5 && m >= 5000) assert.ok(reads < m / 4, `titles read ${reads} of ${m}: only as far as the top needs`);
  }
  const plain = new Ranking(Float64Array.from([0.5, 1.5, 1.5, 0.1]), null);
  assert.deepEqual(Array.from(plain.top(3)), [1, 2, 0], 'without a title test the order is by base alone');
});

test('a title signature never rules out a title that holds the query', () => {
  const titles = ['教育脫貧攻堅戰的最後一里路 #123', 'Harbour Times: the railway museum reopens', '台灣高鐵 2025 年報', 'Café culture in Zürich', 'A', ''];
  const queries = ['教育', '脱贫', '攻坚战', '路', 'harbour', 'harb', 'times', 'the railway', 'museum re', '高铁', '2025', 'cafe', 'zurich', 'zur', 'a', '#123', '123'];
  const sigs = new Uint32Array(titles.length * SIG_WORDS);
  titles.forEach((t, n) => writeTitleSig(t, sigs, n * SIG_WORDS));
  let ruledOut = 0;
  for (const q of queries) {
    const parts = parseQuery(q);
    const want = partsSig(parts);
    titles.forEach((t, n) => {
      const folded = foldText(t);
      const holds = parts.length > 0 && allPartsIn(folded, folded, parts);
      const may = want === null || mayHold(sigs, n, want);
      if (holds) assert.ok(may, `"${t}" holds "${q}" but its signature says it cannot`);
      if (!may) ruledOut++;
    });
  }
  assert.ok(ruledOut > queries.length, 'signatures rule most titles out');
});

test('an IdList finds every id by its bytes, the last of a repeated id, and reads each id back', async () => {
  const ids = ['doc00000001', 'doc00000002', 'élan-7', 'doc00000001', 'x'];
  const list = await IdList.read(Buffer.from(ids.join('\n'), 'utf8'));
  assert.equal(list.length, 5);
  assert.deepEqual(Array.from({ length: 5 }, (_, n) => list.at(n)), ids);
  assert.equal(list.get('doc00000001'), 3, 'the last document of a repeated id');
  assert.equal(list.get('doc00000002'), 1);
  assert.equal(list.get('élan-7'), 2);
  assert.equal(list.get('x'), 4);
  assert.equal(list.get('doc0000000'), undefined);
  assert.equal(list.has('missing'), false);
  const empty = await IdList.read(new Uint8Array(0));
  assert.equal(empty.length, 0);
  assert.equal(empty.get('x'), undefined);
});

test("a segment's words are read from their bytes in order, and found by their start", () => {
  const words = ['café', 'cafe', 'river', 'riverside', 'zurich'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = new TermKeys(Buffer.from(words.join('\n'), 'utf8'));
  assert.equal(keys.length, words.length);
  assert.deepEqual(Array.from({ length: keys.length }, (_, i) => keys.get(i)), words);
  assert.equal(keys.get(keys.lowerBound('river')), 'river');
  assert.equal(keys.get(keys.lowerBound('rivers')), 'riverside');
  assert.equal(keys.lowerBound('zz'), words.length);
  assert.equal(new TermKeys(new Uint8Array(0)).length, 0);
});
