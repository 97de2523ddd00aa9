/**
 * Issue 11, class 6: everything that comes from a page is text wherever an export writes it.
 * Pages of our own whose titles, bylines and bodies hold HTML and Markdown meant to go live (an
 * image from a remote server with an `onerror` handler, `![x](https://…)`, `[a](javascript:…)`,
 * `</title><script>`, backticks and fences, raw HTML blocks) are imported and exported through
 * the real CLI as Markdown, HTML and EPUB; the files hold no live markup and no remote reference,
 * the HTML and EPUB carry the export's CSP, and an asset that is not a raster image by its bytes
 * is never written out or inlined.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { checkEpub } from '../export/epub/check.ts';
import { EPUB_CSP, EXPORT_CSP } from '../export/print-html.ts';
import type { ExtractedArticle } from '../model.ts';
import { sniffRasterExt } from '../raster.ts';
import { ArchiveStore } from '../store/store.ts';
import { readEntry, readZipDirectory } from '../webarchive/zip-read.ts';
import { assertOnlyImportedContent, assertVerifyClean, HARBOUR_PROSE, runCli, savedPage, tempDir, writePage } from './escape-support.ts';

const HOSTILE_TITLES = [
  '<img src=https://evil.test/x onerror=alert(1)> Ferry timetable',
  '![x](https://evil.test/t.png) Harbour notes [a](javascript:alert(1))',
  '</title><script>alert(1)</script> Pier repairs',
  '`code` ``` <!-- c --> &lt;b&gt; <div onclick="alert(1)"> | table | *stars* _under_',
];
const HOSTILE_BYLINE = 'By <a href=javascript:alert(1)>Ada</a> ![y](https://evil.test/b.png) <img src=https://evil.test/by onerror=alert(1)>';
const HOSTILE_BODY = [
  '<p>Text with <img src="https://evil.test/x" onerror="alert(1)" alt="a harbour photo"> inline.</p>',
  '<p><img src="https://evil.test/y.png" alt="](https://evil.test/alt.png) <img src=x onerror=alert(1)> [z](javascript:alert(1))"></p>',
  '<p>&lt;img src=https://evil.test/z onerror=alert(1)&gt; and ![z](https://evil.test/z.png) and [a](javascript:alert(1)) and &lt;https://evil.test/auto&gt;</p>',
  '<p><a href="javascript:alert(1)">click me</a> and <a href="https://ok.example/a>b<img src=https://evil.test/l onerror=alert(1)>">a link ![li](https://evil.test/in-link.png)</a></p>',
  '<pre>```\n&lt;script&gt;alert(1)&lt;/script&gt;\n```\n~~~\n</pre>',
  '<p><code>a\n\n&lt;img src=https://evil.test/c onerror=alert(1)&gt; ` ``</code></p>',
  '<p>&lt;div onclick=alert(1)&gt;&lt;iframe src=https://evil.test/f&gt;&lt;/iframe&gt;&lt;/div&gt;</p>',
  '<table><tr><td>| &lt;img src=https://evil.test/t onerror=alert(1)&gt; |</td><td>[cell](https://evil.test/cell.png)</td></tr></table>',
  '<ul><li>![li](https://evil.test/li.png)</li><li># not a heading</li><li>1. not a list</li></ul>',
  '<blockquote><p>&gt; nested [q](https://evil.test/q) &amp;lt;script&amp;gt;</p></blockquote>',
  '<svg><script>alert(1)</script><image href="https://evil.test/svg.png"/></svg>',
  '<p>--- <br>=== <br>+ plus <br>1) paren</p>',
  ...HARBOUR_PROSE.map((p) => `<p>${p}</p>`),
].join('\n');

/** Live constructs left in Markdown once code, escapes and the export's own links are set aside. */
function liveMarkdown(md: string): string[] {
  const problems: string[] = [];
  const front = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!front) return ['no front matter'];
  // A viewer that does not know front matter shows it as Markdown: it must be inert there too.
  for (const line of front[1]!.split('\n')) if (/[<>[\]`]/.test(line)) problems.push(`front matter: ${line}`);
  let body = md.slice(front[0].length);
  body = body.replace(/^```\n[\s\S]*?\n```$/gm, '');
  if (body.includes('```')) problems.push('a code fence that does not close where it should');
  body = body.replace(/`[^`\n]+`/g, '');
  body = body.replace(/\\[!-/:-@[-`{-~]/g, '');
  for (const m of body.matchAll(/(!?)\[([^[\]\n]*)\]\(<([^<>\n]*)>\)/g)) {
    const [, bang, , destination] = m;
    if (bang && !/^[^/]+\.assets\/[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif|bmp)$/.test(destination!)) problems.push(`an image from outside the export: ${m[0]}`);
    if (!bang && !/^(?:https?:|mailto:)/i.test(destination!)) problems.push(`a link that is not to the web: ${m[0]}`);
  }
  body = body.replace(/(!?)\[([^[\]\n]*)\]\(<([^<>\n]*)>\)/g, '');
  for (const m of body.matchAll(/<|\[|\]|&[#a-z0-9]+;/gi)) problems.push(`live "${m[0]}" in: ${body.slice(Math.max(0, m.index - 40), m.index + 40)}`);
  return problems;
}

/** Attribute names that load something, wherever they appear. */
const LOADING = new Set(['src', 'srcset', 'poster', 'background', 'data', 'action', 'formaction', 'xlink:href', 'lowsrc', 'dynsrc', 'longdesc', 'ping', 'manifest', 'codebase', 'cite']);

/** Live or remote things in an exported HTML document (parsed as a browser would). */
function liveHtml(html: string): string[] {
  const problems: string[] = [];
  const { document } = parseHTML(html);
  for (const el of Array.from(document.querySelectorAll('*')) as unknown as { tagName: string; attributes: ArrayLike<{ name: string; value: string }> }[]) {
    const tag = el.tagName.toLowerCase();
    if (/^(script|iframe|frame|object|embed|svg|math|link|base|form|input|button|portal|template|video|audio|source)$/.test(tag)) problems.push(`<${tag}>`);
    for (const { name, value } of Array.from(el.attributes)) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) problems.push(`<${tag} ${n}>`);
      else if (n === 'href' && !(tag === 'a' && /^(https?:|mailto:|#)/i.test(value.trim()))) problems.push(`<${tag} href="${value}">`);
      else if (LOADING.has(n) && !/^data:image\/(png|jpeg|gif|webp|avif|bmp);base64,/.test(value)) problems.push(`<${tag} ${n}="${value.slice(0, 80)}">`);
      // alt, title and aria-label are text read to the reader; any other value naming a remote place is suspect.
      else if (!['href', 'alt', 'title', 'aria-label'].includes(n) && /evil\.test|javascript:/i.test(value)) problems.push(`<${tag} ${n}="${value.slice(0, 80)}">`);
    }
  }
  return problems;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name)).map((f) => join(name, f)) : [name]));
}

test('the checks can fail: raw markup in Markdown and in HTML is found', () => {
  assert.notDeepEqual(liveMarkdown('---\ntitle: "x"\n---\n\n# <img src=https://evil.test/x onerror=alert(1)>\n'), []);
  assert.notDeepEqual(liveMarkdown('---\ntitle: "x"\n---\n\n![x](https://evil.test/t.png)\n'), []);
  assert.notDeepEqual(liveMarkdown('---\ntitle: "![x](https://evil.test/t.png)"\n---\n\nok\n'), []);
  assert.notDeepEqual(liveMarkdown('---\ntitle: "x"\n---\n\n`a\n\n<b>`\n'), []);
  assert.deepEqual(liveMarkdown('---\ntitle: "x"\n---\n\n# \\<b\\> \\[a\\](x) `<b>`\n\n```\n<b>\n```\n'), []);
  assert.notDeepEqual(liveHtml('<p><img src="https://evil.test/x" onerror="alert(1)"></p>'), []);
});

test('Markdown, HTML and EPUB exports of pages with hostile titles, bylines and bodies hold only text', { timeout: 300_000 }, async () => {
  const work = tempDir('hostile-export-');
  const dir = join(work, 'archive');
  const pages = HOSTILE_TITLES.map((title, i) => writePage(work, `page-${i}.html`, savedPage({ title, byline: HOSTILE_BYLINE, bodyHtml: HOSTILE_BODY.replace('The new ferry', `The new ferry ${i}`) })));
  const imported = runCli(['--archive', dir, '--json', 'import', ...pages.map((p) => p.path)]);
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  const rows = JSON.parse(runCli(['--archive', dir, '--json', 'list']).stdout) as { id: string; title: string; byline: string | null }[];
  assert.equal(rows.length, HOSTILE_TITLES.length);
  // The hostile text really is in the records: the importer keeps a page's title as text.
  assert.ok(rows.some((r) => r.title.includes('<img src=https://evil.test/x onerror=alert(1)>')), JSON.stringify(rows.map((r) => r.title)));
  assert.ok(rows.some((r) => r.title.includes('</title><script>')));
  const ids = rows.map((r) => r.id);

  const mdDir = join(work, 'md');
  const md = runCli(['--archive', dir, '--json', 'export', ...ids, '--format', 'md', '--out', mdDir]);
  assert.equal(md.status, 0, md.stderr);
  const mdFiles = (JSON.parse(md.stdout) as { files: string[] }).files;
  assert.equal(mdFiles.length, ids.length);
  for (const [i, file] of mdFiles.entries()) {
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(liveMarkdown(text), [], file);
    // The heading shows the title exactly, as text: unescaping it gives the title back.
    const heading = /^# (.*)$/m.exec(text)?.[1] ?? '';
    assert.equal(heading.replace(/\\([!-/:-@[-`{-~])/g, '$1'), rows[i]!.title.replace(/\s+/g, ' ').trim());
  }

  const htmlDir = join(work, 'html');
  const html = runCli(['--archive', dir, '--json', 'export', ...ids, '--format', 'html', '--out', htmlDir]);
  assert.equal(html.status, 0, html.stderr);
  for (const [i, file] of (JSON.parse(html.stdout) as { files: string[] }).files.entries()) {
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(liveHtml(text), [], file);
    const { document } = parseHTML(text);
    assert.equal(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'), EXPORT_CSP);
    assert.equal(document.querySelector('title')?.textContent, rows[i]!.title);
    assert.equal(document.querySelector('h1')?.textContent, rows[i]!.title);
  }

  const epubDir = join(work, 'epub');
  const epub = runCli(['--archive', dir, '--json', 'export', ...ids, '--format', 'epub', '--out', epubDir]);
  assert.equal(epub.status, 0, epub.stderr);
  const [book] = (JSON.parse(epub.stdout) as { files: string[] }).files;
  assert.deepEqual(await checkEpub(book!), []);
  const entries = await readZipDirectory(book!, statSync(book!).size);
  const chapters = entries.filter((e) => /^OEBPS\/text\/.*\.xhtml$/.test(e.name));
  assert.equal(chapters.length, ids.length);
  for (const entry of [...chapters, ...entries.filter((e) => /\.(opf|ncx)$|nav\.xhtml$/.test(e.name))]) {
    const xml = Buffer.from(await readEntry(book!, entry)).toString('utf8');
    // Escaped XML: a raw `<` only starts our own tags, and attributes (checked parsed below) are ours.
    assert.doesNotMatch(xml, /<script|(?:src|href)\s*=\s*"(?:https?:\/\/evil|javascript:)/i, entry.name);
    if (chapters.includes(entry)) {
      assert.ok(xml.includes(`<meta http-equiv="Content-Security-Policy" content="${EPUB_CSP}"/>`), entry.name);
      assert.deepEqual(liveHtml(xml.replace(/^<\?xml[^>]*>/, '')).filter((p) => !p.startsWith('<link')), [], entry.name);
    }
  }
  assertVerifyClean(dir);
  assertOnlyImportedContent(dir, pages.map((p) => p.bytes));
});

test('an asset whose bytes are not a raster image (SVG with a script under a .png name) is never written out or inlined', { timeout: 180_000 }, async () => {
  const work = tempDir('hostile-asset-');
  const dir = join(work, 'archive');
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(7)]);
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const article: ExtractedArticle = {
    title: 'Two pictures of the pier',
    byline: null,
    source: 'Harbour Times',
    publishedAt: '2024-05-20',
    url: 'https://harbour.example.org/pier.html',
    lang: 'en',
    html: `<p>${HARBOUR_PROSE[0]}</p><p><img src="asset:${sha(svg)}.png" alt="the script"><img src="asset:${sha(png)}.png" alt="the pier"></p>`,
    paragraphs: [HARBOUR_PROSE[0]!],
    ruby: [],
    excerpt: null,
    format: 'html',
    charset: 'utf-8',
    assets: [
      { sha256: sha(svg), ext: 'png', bytes: svg },
      { sha256: sha(png), ext: 'png', bytes: png },
    ],
  };
  const original = new TextEncoder().encode(`<html><body>${article.html}</body></html>`);
  const store = await ArchiveStore.open(dir);
  const { id } = await store.addArticle({ article, original: { bytes: original, fileName: 'pier.html', ext: 'html' } });
  await store.close();

  const mdDir = join(work, 'md');
  const md = runCli(['--archive', dir, 'export', id, '--format', 'md', '--out', mdDir]);
  assert.equal(md.status, 0, md.stderr);
  const written = filesIn(mdDir).filter((f) => f.includes('.assets'));
  assert.deepEqual(written.map((f) => f.split('/').pop()), [`${sha(png)}.png`]);
  for (const f of written) assert.equal(sniffRasterExt(readFileSync(join(mdDir, f))), 'png');
  const text = readFileSync(join(mdDir, filesIn(mdDir).find((f) => f.endsWith('.md'))!), 'utf8');
  assert.match(text, /\\\[the script\\\]/);
  assert.deepEqual(liveMarkdown(text), []);

  const htmlDir = join(work, 'html');
  assert.equal(runCli(['--archive', dir, 'export', id, '--format', 'html', '--out', htmlDir]).status, 0);
  const html = readFileSync(join(htmlDir, filesIn(htmlDir)[0]!), 'utf8');
  assert.doesNotMatch(html, /image\/svg|PHN2Zy/);
  assert.match(html, /\[the script\]/);
  assert.match(html, /data:image\/png;base64,/);

  const epubDir = join(work, 'epub');
  assert.equal(runCli(['--archive', dir, 'export', id, '--format', 'epub', '--out', epubDir]).status, 0);
  const book = join(epubDir, filesIn(epubDir)[0]!);
  const names = (await readZipDirectory(book, statSync(book).size)).map((e) => e.name);
  assert.deepEqual(names.filter((n) => n.startsWith('OEBPS/images/')), [`OEBPS/images/${sha(png)}.png`]);

  assertVerifyClean(dir);
  assertOnlyImportedContent(dir, [original]);
});
