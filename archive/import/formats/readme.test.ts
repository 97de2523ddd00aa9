import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { card } from '../fixtures/card-formats.ts';
import { formatsTable, registerFormat } from './index.ts';
import { readmeWithFormats } from './readme.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test("the README's table of formats is the registry's (npx tsx build/tools/readme-formats.ts rewrites it)", () => {
  assert.equal(readmeWithFormats(readme, formatsTable()), readme);
});

test('the README check fails when the registry gains a format the table lacks', () => {
  const unregister = registerFormat(card);
  try {
    assert.notEqual(readmeWithFormats(readme, formatsTable()), readme);
  } finally {
    unregister();
  }
});
