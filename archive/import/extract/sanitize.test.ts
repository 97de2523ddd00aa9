import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { DecodedPage, PageResource } from '../types.ts';
import { ELEMENT_NODE, parseDocument, type DomElement, type DomNode } from './dom.ts';
import { extractArticle } from './index.ts';
import { sanitizeArticle } from './sanitize.ts';

const hostile = readFileSync(new URL('./fixtures/hostile.html', import.meta.url), 'utf8');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const resources: PageResource[] = [{ url: 'harbour_files/route-map.png', contentType: 'image/png', bytes: PNG }];
const BASE = 'https://harbour.example.org/news/ferry.html';

const TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var', 'em', 'strong',
  'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'q', 'cite', 'abbr', 'dfn', 'time', 'span', 'div',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'figure', 'figcaption', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'a', 'img', 'ruby', 'rt', 'rp',
  'details', 'summary', 'address', 'bdi', 'bdo', 'wbr',
]);
const ATTRIBUTES = new Set(['title', 'lang', 'dir', 'datetime', 'start', 'reversed', 'type', 'value', 'colspan', 'rowspan', 'span', 'alt', 'width', 'height']);

/** Walks the stored HTML as a browser would read it and checks every element and attribute. */
function assertInert(html: string): void {
  const lower = html.toLowerCase();
  for (const needle of [
    '<script', 'onerror', 'onload', 'onclick', 'onmouseover', 'javascript:', 'vbscript:', 'data:text/html', '<iframe',
    'srcdoc', '<object', '<embed', '<form', '<input', '<button', '<textarea', '<meta', 'refresh', '<base', '<link',
    '<style', 'style=', 'url(', '@import', '<svg', '<math', '<noscript', '<template', '<xmp', '<video', '<audio',
    '<source', 'poster', 'srcset', 'ping=', 'formaction', 'xlink', '<!--',
  ]) {
    assert.ok(!lower.includes(needle), `stored HTML contains ${needle}`);
  }
  const document = parseDocument(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  const stack: DomNode[] = [document.body!];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
    if (node === document.body || node.nodeType !== ELEMENT_NODE) continue;
    const el = node as DomElement;
    const tag = el.localName.toLowerCase();
    assert.ok(TAGS.has(tag), `element <${tag}> is not on the allow-list`);
    for (const { name, value } of (el as unknown as { attributes: Iterable<{ name: string; value: string }> }).attributes) {
      if (name === 'src') assert.match(value, /^asset:[0-9a-f]{64}\.(png|jpg|gif|webp|avif|bmp)$/, `src="${value}"`);
      else if (name === 'href') {
        assert.equal(tag, 'a');
        assert.match(value, /^(https?:|mailto:)/, `href="${value}"`);
      } else if (name === 'rel') assert.equal(value, 'noopener noreferrer nofollow');
      else if (name === 'class') assert.equal(value, 'image-placeholder');
      else if (name === 'role') assert.equal(value, 'img');
      else if (name === 'data-original-src') assert.equal(tag, 'span');
      else if (name === 'aria-label') assert.equal(tag, 'span');
      else assert.ok(ATTRIBUTES.has(name), `attribute ${name} on <${tag}>`);
    }
  }
}

describe('the sanitizer on a hostile page', () => {
  const direct = sanitizeArticle(parseDocument(hostile).body!, { baseUrl: BASE, resources, pinyin: false, dropJunk: true });

  it('writes HTML with nothing active and nothing that loads', () => {
    assertInert(direct.html);
  });

  it('keeps the text of the article around the hostile parts', () => {
    const text = direct.paragraphs.join('\n');
    assert.ok(text.includes('From the first of June the harbour ferry will leave every twenty minutes'));
    assert.ok(text.includes('Passengers with season tickets do not need to buy new ones'));
    assert.ok(text.includes('Leave your email for updates'));
    for (const gone of ['alert(', 'document.location', 'svg text', 'noscript trick']) assert.ok(!text.includes(gone), gone);
  });

  it('stores local images as assets and makes remote ones placeholders with alt text and URL', () => {
    assert.equal(direct.assets.length, 1, 'the route map and the data: PNG are the same bytes: one asset');
    const name = `asset:${direct.assets[0]!.sha256}.png`;
    assert.ok(direct.html.includes(`<img src="${name}" alt="Route map">`));
    assert.ok(direct.html.includes(`<img src="${name}" alt="Pier sign">`));
    assert.match(direct.html, /<span class="image-placeholder" role="img" aria-label="tracking pixel" data-original-src="https:\/\/evil\.example\/tracker\.gif">tracking pixel<\/span>/);
    assert.match(direct.html, /aria-label="The new ferry at the pier" data-original-src="https:\/\/evil\.example\/picture\.jpg"/);
    assert.match(direct.html, /aria-label="Second ferry photo" data-original-src="https:\/\/evil\.example\/second-photo\.png"/);
    assert.match(direct.html, /aria-label="html as image">html as image</);
    assert.match(direct.html, /aria-label="svg data">svg data</);
  });

  it('keeps safe links and turns the others into plain text', () => {
    assert.ok(direct.html.includes('<a href="https://port.example.org/timetable" rel="noopener noreferrer nofollow">the port\'s page</a>'));
    assert.ok(direct.html.includes('<a href="mailto:ferries@port.example.org" rel="noopener noreferrer nofollow">the ferry office</a>'));
    for (const label of ['Click for the timetable', 'mixed case', 'tab inside', 'data link', 'vb']) {
      assert.ok(direct.html.includes(`<a>${label}</a>`), label);
    }
  });

  it('holds through the whole extraction (Readability first, then the sanitizer)', () => {
    const page: DecodedPage = { format: 'html', content: hostile, charset: 'utf-8', url: BASE, savedAt: null, containerTitle: null, resources, warnings: [] };
    const article = extractArticle(page);
    assertInert(article.html);
    assert.equal(article.title, 'Harbour Notes: The Ferry Timetable Changes');
    assert.ok(article.paragraphs.some((p) => p.includes('harbour ferry will leave every twenty minutes')));
    assert.equal(article.url, BASE);
  });

  it('escapes markup-like text so a re-parse cannot build elements from it', () => {
    const doc = parseDocument('<p>a &lt;img src=x onerror=alert(1)&gt; b &amp;lt;script&amp;gt;</p><p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">t</p>');
    const out = sanitizeArticle(doc.body!, { baseUrl: null, resources: [], pinyin: false, dropJunk: false });
    assert.equal(out.html, '<p>a &lt;img src=x onerror=alert(1)&gt; b &amp;lt;script&amp;gt;</p><p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">t</p>');
    assert.deepEqual(out.paragraphs, ['a <img src=x onerror=alert(1)> b &lt;script&gt;', 't']);
  });

  it('survives very deep nesting without recursion', () => {
    const depth = 20_000;
    const doc = parseDocument(`<div>${'<span>'.repeat(depth)}deep text${'</span>'.repeat(depth)}</div>`);
    const out = sanitizeArticle(doc.body!, { baseUrl: null, resources: [], pinyin: false, dropJunk: false });
    assert.deepEqual(out.paragraphs, ['deep text']);
    assert.ok((out.html.match(/<span>/g) ?? []).length <= 200);
  });

  it('keeps a time line deep in an event notice, and drops the label line at its top', () => {
    const doc = parseDocument('<div><p>来源：临江日报 发布时间：2021-03-05</p><p>第一段，介绍活动的背景和意义。</p><p>第二段，介绍报名方式。</p><p>第三段，介绍注意事项。</p><p>第四段，介绍交通安排。</p><p>时间：3月5日上午9点</p></div>');
    const out = sanitizeArticle(doc.body!, { baseUrl: null, resources: [], pinyin: false, dropJunk: true });
    assert.equal(out.paragraphs[0], '第一段，介绍活动的背景和意义。');
    assert.equal(out.paragraphs.at(-1), '时间：3月5日上午9点');
    assert.deepEqual(out.labelLines, ['来源：临江日报 发布时间：2021-03-05']);
  });

  it('keeps numbers in table cells', () => {
    const doc = parseDocument('<table><tr><th>Pier</th><th>Boats</th></tr><tr><td>1</td><td>2</td></tr></table>');
    const out = sanitizeArticle(doc.body!, { baseUrl: null, resources: [], pinyin: false, dropJunk: true });
    assert.deepEqual(out.paragraphs, ['Pier', 'Boats', '1', '2']);
  });

  it('drops a related-links list along with its heading', () => {
    const doc = parseDocument('<div><p>正文第一段，讲述工程进展。</p><h3>延伸阅读</h3><ul><li><a href="/1">旧闻一</a></li><li><a href="/2">旧闻二</a></li></ul></div>');
    const out = sanitizeArticle(doc.body!, { baseUrl: null, resources: [], pinyin: false, dropJunk: true });
    assert.deepEqual(out.paragraphs, ['正文第一段，讲述工程进展。']);
  });
});
