import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuerySyntax, parseSearchQuery } from './syntax.ts';

const errorOf = (query: string) => {
  try {
    parseSearchQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntax) return error.detail;
    throw error;
  }
  assert.fail(`${query} parsed without an error`);
};

test('phrases, exclusions, OR and field filters are read in either script', () => {
  const q = parseSearchQuery('“教育 脫貧” -學校 school OR College source：臨江教育網 by:"Lin Wei" tag:Sample date:2019..2021 title:「经济」');
  assert.deepEqual(q.clauses, [
    { negated: false, anyOf: [{ kind: 'phrase', parts: [{ kind: 'cjk', text: '教育' }, { kind: 'cjk', text: '脱贫' }] }] },
    { negated: true, anyOf: [{ kind: 'text', parts: [{ kind: 'cjk', text: '学校' }] }] },
    { negated: false, anyOf: [{ kind: 'text', parts: [{ kind: 'word', text: 'school' }] }, { kind: 'text', parts: [{ kind: 'word', text: 'college' }] }] },
    { negated: false, anyOf: [{ kind: 'source', value: '临江教育网' }] },
    { negated: false, anyOf: [{ kind: 'by', value: 'lin wei' }] },
    { negated: false, anyOf: [{ kind: 'tag', value: 'sample' }] },
    { negated: false, anyOf: [{ kind: 'date', from: '2019', to: '2021' }] },
    { negated: false, anyOf: [{ kind: 'title', inner: { kind: 'phrase', parts: [{ kind: 'cjk', text: '经济' }] } }] },
  ]);
  assert.deepEqual(parseSearchQuery('"Railway Museum"').clauses[0]!.anyOf[0], {
    kind: 'phrase',
    parts: [{ kind: 'word', text: 'railway', whole: true }, { kind: 'word', text: 'museum', whole: true }],
  });
  assert.deepEqual(parseSearchQuery('date:2020-11').clauses[0]!.anyOf[0], { kind: 'date', from: '2020-11', to: '2020-11' });
  assert.deepEqual(parseSearchQuery('date:..2021').clauses[0]!.anyOf[0], { kind: 'date', from: '', to: '2021' });
  assert.deepEqual(parseSearchQuery('http://example.org 12:30 a-b').clauses.length, 3, 'unknown prefixes are plain text');
  assert.deepEqual(parseSearchQuery('  ，。 ').clauses, []);
});

test('a malformed query is explained: what is wrong and where', () => {
  assert.deepEqual(errorOf('school "railway museum'), { code: 'unclosed-quote', at: 7, token: '"railway mus', message: 'the phrase "railway mus… has no closing quote' });
  assert.equal(errorOf('「教育').code, 'unclosed-quote');
  assert.equal(errorOf('school ""').code, 'empty-phrase');
  assert.equal(errorOf('school - museum').code, 'dangling-minus');
  assert.equal(errorOf('OR school').code, 'dangling-or');
  assert.equal(errorOf('school OR').code, 'dangling-or');
  assert.equal(errorOf('school OR OR museum').code, 'dangling-or');
  assert.equal(errorOf('school OR -museum').code, 'exclude-in-or');
  assert.equal(errorOf('source: school').code, 'empty-field');
  assert.match(errorOf('source: school').message, /source: needs a value/);
  for (const bad of ['date:2020-13-45x', 'date:20', 'date:2021..2019', 'date:..', 'date:2019..2020..2021']) assert.equal(errorOf(bad).code, 'bad-date', bad);
});
