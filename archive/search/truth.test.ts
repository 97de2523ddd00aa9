import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_QUERIES, SyntheticStore, bruteForceIds, scannable } from '../testing/search-corpus.ts';
import { SearchIndex } from './index.ts';

/** Beyond the bench's: 1 and 2 characters, long runs, mixed scripts, English, the query language. */
const OWN_QUERIES = [
  '的', '與', '馆', '卫生', '衛生', '脱貧', '學校教師', '图书馆和博物館', '市场价格的', '農村學校教師的',
  '教育school', 'school 教育 Harbour', 'São', 'resume', 'résumé', 'a', 'Paulo', 'coo',
  '"railway museum"', '"São Paulo"', '"教育 脱贫"', '"学校"', '"univ"', '"school" "teacher"',
  '教育 -脱贫', '-school', 'school -"the river"', 'school OR 教育', '图书馆和博 OR 農村學校教師', 'railway OR 教育脱贫 OR zurich',
  'source:harbour', 'source:"Harbour Times" school', 'source:西部晨报', '-source:白银新闻网 教育', 'title:教育', 'title:"school teacher"',
  'by:王军', 'by:lin 教育', 'date:2020-11', 'date:2019..2021 图书馆', 'source:harbour OR 图书馆和博 -date:2010..2015', 'date:..2006', 'date:2024.. source:城市生活报 OR tag:none',
];

test('the index finds exactly the articles a brute-force scan finds, for every query, at 10k articles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'search-truth-'));
  const store = new SyntheticStore(dir, 10_000);
  const index = await SearchIndex.open(store);
  try {
    await index.ready();
    // Saving merges what was indexed into the compact part that a reopened index reads.
    await index.save();
    const articles = await scannable(store);
    let nonEmpty = 0;
    for (const query of [...BENCH_QUERIES, ...OWN_QUERIES]) {
      const truth = bruteForceIds(articles, query);
      const found = await index.matchingIds(query);
      assert.equal(found.length, new Set(found).size, `${query}: no article twice`);
      assert.deepEqual(new Set(found), truth, `${query}: same articles as the scan`);
      const counted = await index.search(query, { waitForTotal: true });
      assert.equal(counted.syntaxError, undefined, query);
      assert.equal(counted.totalExact, true, `${query}: total is exact once counted`);
      assert.equal(counted.total, truth.size, `${query}: total is the number of matches`);
      if (truth.size > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 70, `most queries match something (${nonEmpty})`);
    // Ranking decides the order, never the membership: paging through gives every match once.
    for (const query of ['图书馆和博', '"São Paulo"', 'source:harbour date:2010..2012 -school']) {
      const truth = bruteForceIds(articles, query);
      const seen: string[] = [];
      for (let offset = 0; offset < truth.size; offset += 200) seen.push(...(await index.search(query, { offset, limit: 200 })).hits.map((h) => h.id));
      assert.equal(seen.length, truth.size, query);
      assert.deepEqual(new Set(seen), truth, query);
    }
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
