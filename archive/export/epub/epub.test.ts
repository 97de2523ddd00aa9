import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtractedArticle } from '../../model.ts';
import { ArchiveStore } from '../../store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../testing/synthetic.ts';
import { readEntry, readZipDirectory } from '../../webarchive/zip-read.ts';
import { checkEpub, xmlProblems } from './check.ts';
import { exportEpub } from './epub.ts';

function png(seed: number): ExtractedArticle['assets'][number] {
  const bytes = new Uint8Array(120 + seed);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 13 + seed) & 0xff;
  return { sha256: createHash('sha256').update(bytes).digest('hex'), ext: 'png', bytes };
}

/** An archive with a simplified-Chinese article carrying an image and awkward HTML, and an English one. */
async function sample(): Promise<{ store: ArchiveStore; ids: string[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'epub-test-'));
  const store = await ArchiveStore.open(join(dir, 'archive'));
  const image = png(1);
  const chinese: ExtractedArticle = {
    ...syntheticArticle(7),
    title: '学校发展与教育改革',
    lang: 'zh-Hans',
    html: `<p>学校的发展<br>经济 &amp; 文化</p><figure><img src="asset:${image.sha256}.png" alt="学校照片"><figcaption>图书馆</figcaption></figure><p>注音<ruby>网<rt>wǎng</rt></ruby>络</p><script>alert(1)</script><p onclick="x()">点击<a href="javascript:evil()">这里</a><a href="https://example.org/?a=1&amp;b=2">链接</a></p><img src="asset:${'0'.repeat(64)}.png" alt="遗失的图">`,
    paragraphs: ['学校的发展 经济 & 文化', '图书馆', '注音网络', '点击这里链接'],
    assets: [image],
  };
  const english = syntheticArticle(4);
  const ids: string[] = [];
  for (const [i, article] of [chinese, { ...english, lang: 'en' }].entries()) {
    ids.push((await store.addArticle({ article, original: syntheticOriginal(100 + i, article) })).id);
  }
  return { store, ids, dir };
}

test('an exported EPUB passes our structural check: mimetype first and stored, container, package, nav, every file present', async () => {
  const { store, ids, dir } = await sample();
  const out = join(dir, 'book.epub');
  const result = await exportEpub(store, ids, { script: 'hant', outFile: out });
  assert.equal(result.articles, 2);
  assert.equal(result.bytes, statSync(out).size);
  assert.deepEqual(await checkEpub(out), []);

  const entries = await readZipDirectory(out, statSync(out).size);
  assert.equal(entries[0]!.name, 'mimetype');
  const names = entries.map((e) => e.name);
  assert.ok(names.some((n) => /^OEBPS\/images\/[0-9a-f]{64}\.png$/.test(n)), 'the image is in the book');
  const chapter = Buffer.from(await readEntry(out, entries.find((e) => e.name === 'OEBPS/text/article-0001.xhtml')!)).toString('utf8');
  assert.match(chapter, /學校發展與教育改革/, 'the title is in the chosen script');
  assert.match(chapter, /xml:lang="zh-Hant"/);
  assert.match(chapter, /<br\/>/);
  assert.match(chapter, /<rt>wǎng<\/rt>/);
  assert.match(chapter, /\[遺失的圖\]/, 'a missing image becomes its alt text');
  assert.doesNotMatch(chapter, /script|onclick|javascript:/);
  assert.match(chapter, /href="https:\/\/example\.org\/\?a=1&amp;b=2"/);
  const nav = Buffer.from(await readEntry(out, entries.find((e) => e.name === 'OEBPS/nav.xhtml')!)).toString('utf8');
  assert.equal([...nav.matchAll(/<li><a href="text\/article-\d{4}\.xhtml"/g)].length, 2, 'the table of contents lists both articles');
  await store.close();
});

test('the structural check catches a compressed mimetype, a missing file and broken XML', async () => {
  const { ZipWriter } = await import('./zip-write.ts');
  const { open } = await import('node:fs/promises');
  const dir = mkdtempSync(join(tmpdir(), 'epub-bad-'));
  const path = join(dir, 'bad.epub');
  const handle = await open(path, 'w');
  const zip = new ZipWriter(handle);
  await zip.add('mimetype', 'application/epub+zip'.repeat(3), true);
  await zip.add('META-INF/container.xml', '<?xml version="1.0"?><container><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>');
  await zip.add('content.opf', '<package version="3.0"><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="b" href="gone.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>');
  await zip.add('a.xhtml', '<html><body><p>one<br>two</p></body></html>');
  await zip.finish();
  await handle.close();
  const problems = (await checkEpub(path)).join('\n');
  assert.match(problems, /mimetype is compressed|mimetype is not "application/);
  assert.match(problems, /gone\.xhtml\) is missing/);
  assert.match(problems, /no navigation document/);
  assert.match(problems, /a\.xhtml: <\/p> closes <br>/);
  unlinkSync(path);
});

test('xmlProblems accepts well-formed XHTML and names what is wrong otherwise', () => {
  assert.deepEqual(xmlProblems('<?xml version="1.0"?><a x="1"><b/>t &amp; u</a>'), []);
  assert.match(xmlProblems('<a>t & u</a>').join(), /bare "&"/);
  assert.match(xmlProblems('<a><b></a>').join(), /closes/);
});

test('export into a folder names the book after the title in the chosen script and never overwrites', async () => {
  const { exportEpubToDir } = await import('./epub.ts');
  const { store, ids, dir } = await sample();
  const out = join(dir, 'books');
  const first = await exportEpubToDir(store, [ids[0]!], { script: 'hant', outDir: out });
  assert.deepEqual(first.files, [join(out, '學校發展與教育改革.epub')]);
  const second = await exportEpubToDir(store, [ids[0]!], { script: 'hant', outDir: out });
  assert.deepEqual(second.files, [join(out, '學校發展與教育改革 (2).epub')]);
  assert.deepEqual(await checkEpub(second.files[0]!), []);
  await store.close();
});
