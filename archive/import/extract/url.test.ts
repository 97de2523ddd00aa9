import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedPage } from '../types.ts';
import { extractArticle } from './index.ts';

const html = `<!doctype html><html><head><title>Harbour works finish early</title><link rel="canonical" href="https://example.org/harbour"></head>
<body><article><h1>Harbour works finish early</h1>${'<p>The new quay opened two weeks ahead of plan, and the ferries moved back to their old berths on Monday morning without delays.</p>'.repeat(4)}</article></body></html>`;

const page = (format: DecodedPage['format'], url: string | null): DecodedPage => ({
  format, content: html, charset: 'utf-8', url, savedAt: null, containerTitle: null, resources: [], warnings: [],
});

test('a capture keeps the address it was taken from; a plain saved page uses its canonical link', () => {
  assert.equal(extractArticle(page('mhtml', 'https://example.org/harbour/')).url, 'https://example.org/harbour/');
  assert.equal(extractArticle(page('singlefile', 'https://example.org/harbour?ref=rss')).url, 'https://example.org/harbour?ref=rss');
  assert.equal(extractArticle(page('html', null)).url, 'https://example.org/harbour');
});
