import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ArchiveStore } from '../store/store.ts';
import { main as cli } from '../cli.ts';
import type { ExtractedArticle } from '../model.ts';
import { BrowserNotFound, findChromium, openChromiumPdfRenderer } from './chromium.ts';
import { exportArticles } from './formats.ts';
import { fileBaseName, uniqueFileName } from './file-names.ts';
import { htmlToMarkdown } from './markdown.ts';
import { buildExportDocument, printPageOf } from './print-html.ts';
import { hasTool, pdfSkipReason } from './fixtures/pdf-tools.ts';
import { awkward, AWKWARD_TITLES, ENGLISH, PHOTO_NAME, SIMPLIFIED, TRADITIONAL } from './fixtures/articles.ts';


describe('file names from titles', () => {
  test('keep CJK, drop separators and reserved characters', () => {
    assert.equal(fileBaseName('打贏教育脫貧攻堅戰——訪市教育局'), '打贏教育脫貧攻堅戰——訪市教育局');
    assert.equal(fileBaseName('a/b\\c: 報告? <x> "y" | z*'), 'a b c 報告 x y z');
    assert.equal(fileBaseName('../../etc/passwd'), 'etc passwd');
    assert.equal(fileBaseName('evil\u202etxt.exe'), 'evil txt.exe');
  });

  test('never a dot name, an empty name or a Windows device name', () => {
    assert.equal(fileBaseName('..', 'fallback'), 'fallback');
    assert.equal(fileBaseName('   ', 'fallback'), 'fallback');
    assert.equal(fileBaseName('CON'), 'CON_');
    assert.equal(fileBaseName('lpt1.txt'), 'lpt1.txt_');
    assert.equal(fileBaseName('title. . .'), 'title');
  });

  test('long titles are cut on a character boundary within the byte limit', () => {
    const name = fileBaseName('教'.repeat(200));
    assert.ok(Buffer.byteLength(name) <= 180);
    assert.equal(name, '教'.repeat(60));
  });

  test('clashing titles get numbered, case-insensitively', () => {
    const taken = new Set<string>();
    assert.deepEqual(['報告', '報告', 'Report', 'report'].map((t) => uniqueFileName(t, 'pdf', taken)), ['報告.pdf', '報告 (2).pdf', 'Report.pdf', 'report (2).pdf']);
  });
});

describe('markdown conversion', () => {
  test('headings, emphasis, links, lists, quotes and escapes', () => {
    const md = htmlToMarkdown('<h2>Title</h2><p>A <strong>bold</strong> and <em>soft</em> <a href="https://x.org/a b">link</a> with *stars*.</p><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote><p>quoted</p></blockquote><pre>code\n  kept</pre><p><a href="javascript:alert(1)">bad</a></p>');
    assert.match(md, /^### Title$/m);
    assert.match(md, /A \*\*bold\*\* and \*soft\* \[link\]\(<https:\/\/x\.org\/a b>\) with \\\*stars\\\*\./);
    assert.match(md, /^- one\n- two$/m);
    assert.match(md, /^1\. first$/m);
    assert.match(md, /^> quoted$/m);
    assert.match(md, /```\ncode\n {2}kept\n```/);
    assert.match(md, /^bad$/m);
    assert.doesNotMatch(md, /javascript:/);
  });
});

describe('export from an archive', () => {
  let dir: string;
  let store: ArchiveStore;
  const ids: Record<string, string> = {};
  const add = async (key: string, article: ExtractedArticle): Promise<string> => {
    const result = await store.addArticle({ article, original: { bytes: Buffer.from(`${key}:${article.html}`), fileName: `${key}.html`, ext: 'html' } });
    ids[key] = result.id;
    return result.id;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-'));
    store = await ArchiveStore.open(join(dir, 'archive'));
    await add('trad', TRADITIONAL);
    await add('simp', SIMPLIFIED);
    await add('en', ENGLISH);
    for (const [i, title] of AWKWARD_TITLES.entries()) await add(`awk${i}`, awkward(title, i));
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the print document is in the chosen script, with images inlined and nothing remote or active', async () => {
    const meta = store.get(ids.trad!)!;
    const body = await store.getBody(ids.trad!);
    const doc = await buildExportDocument(meta, body, { script: 'hans', fontSize: 21 }, async (name) => (name === PHOTO_NAME ? readFile(store.assetPath(name)) : null));
    assert.equal(doc.title, '打赢教育脱贫攻坚战——访市教育局负责人');
    assert.equal(doc.lang, 'zh-Hans');
    assert.match(doc.html, /<html lang="zh-Hans"[ >]/);
    assert.match(doc.html, /近年来，全市教育系统坚持把发展教育作为脱贫攻坚的治本之策/);
    assert.match(doc.html, /<img src="data:image\/png;base64,[A-Za-z0-9+/=]{100,}" alt="乡村学校">/);
    assert.doesNotMatch(doc.html, /tracker\.example\.com|asset:|<script|onclick/);
    assert.match(doc.html, /\[远端图片\]/);
    assert.match(doc.html, /--font-size: 21px/);
    assert.match(doc.html, /article rt, article rp \{ display: none; \}/, 'ruby hidden unless asked');
    const withRuby = await buildExportDocument(meta, body, { script: 'hans', fontSize: 21, showRuby: true }, async () => null);
    assert.doesNotMatch(withRuby.html, /article rt, article rp \{ display: none; \}/);
    assert.match(doc.html, /Content-Security-Policy" content="default-src 'none'; img-src data:/);
    assert.match(doc.html, /记者 王小明/);
    const page = printPageOf(doc, 'Letter');
    assert.equal(page.paper, 'Letter');
    assert.match(page.headerTemplate, /打赢教育脱贫攻坚战/);
    assert.match(page.footerTemplate, /class="pageNumber"/);
    assert.match(page.footerTemplate, /class="totalPages"/);
    const original = await buildExportDocument(meta, body, { script: 'original', fontSize: 18 }, async () => null);
    assert.equal(original.title, TRADITIONAL.title);
    assert.equal(original.lang, 'zh-Hant');
  });

  test('HTML export: one self-contained file per article, no script, titles made safe and unique', async () => {
    const out = join(dir, 'html');
    const all = Object.values(ids);
    const result = await exportArticles(store, { ids: all, format: 'html', outDir: out, script: 'original', fontSize: 18 });
    assert.deepEqual(result.failed, []);
    assert.equal(result.files.length, all.length);
    assert.equal(new Set(result.files).size, all.length);
    const names = (await readdir(out)).sort();
    assert.deepEqual(names, result.files.map((f) => basename(f)).sort());
    assert.ok(names.includes('打贏教育脫貧攻堅戰——訪市教育局負責人.html'));
    assert.ok(names.includes('a b c 報告.html') && names.includes('a b c 報告 (2).html'));
    assert.ok(names.includes('CON_.html'));
    for (const name of names) {
      assert.doesNotMatch(name, /[/\\:*?"<>|]/);
      const html = await readFile(join(out, name), 'utf8');
      assert.doesNotMatch(html, /<script|onclick|https?:\/\/[^"<\s]*\.(png|gif|jpg)"/i);
    }
    const trad = await readFile(join(out, '打贏教育脫貧攻堅戰——訪市教育局負責人.html'), 'utf8');
    assert.match(trad, /data:image\/png;base64,/);
  });

  test('Markdown export: front matter, text in the script, images copied next to it', async () => {
    const out = join(dir, 'md');
    const result = await exportArticles(store, { ids: [ids.trad!, ids.en!], format: 'md', outDir: out, script: 'tw', fontSize: 18 });
    assert.deepEqual(result.failed, []);
    const trad = await readFile(result.files[0]!, 'utf8');
    assert.match(trad, /^---\ntitle: "打贏教育脫貧攻堅戰——訪市教育局負責人"\n/);
    assert.match(trad, /\nbyline: "記者 王小明"\nsource: "示例新聞網"\npublished: "2020-11-25"\nurl: "https:\/\/news\.example\.cn\/2020\/11\/25\/edu\.html"\nlang: "zh-TW"\nscript: "tw"\n/);
    const imageLink = /!\[鄉村學校\]\(<([^>]+)>\)/.exec(trad);
    assert.ok(imageLink, trad);
    assert.ok(existsSync(join(out, imageLink[1]!)));
    const en = await readFile(result.files[1]!, 'utf8');
    // The title is text: escaped in the heading, and in the front matter as YAML escapes that a
    // viewer showing the front matter as Markdown cannot read as a link either.
    assert.match(en, /^title: "Reading \*slowly\*: notes on \\x5bmarkdown\\x5d & friends"$/m);
    assert.match(en, /^# Reading \\\*slowly\\\*: notes on \\\[markdown\\\] \\& friends$/m);
    assert.match(en, /^- First item$/m);
    assert.doesNotMatch(en, /alert|onclick/);
  });

  test('an unknown id fails alone; the rest are exported', async () => {
    const result = await exportArticles(store, { ids: ['0'.repeat(16), ids.simp!], format: 'html', outDir: join(dir, 'partial'), script: 'original', fontSize: 18 });
    assert.equal(result.files.length, 1);
    assert.deepEqual(result.failed.map((f) => f.id), ['0'.repeat(16)]);
  });

  test('a missing browser is a clear error naming what to install', () => {
    assert.throws(() => findChromium({ CHROMIUM_PATH: '/nowhere/chrome' }, () => false), /CHROMIUM_PATH is \/nowhere\/chrome/);
    assert.throws(() => findChromium({}, () => false, 'linux'), (e: Error) => e instanceof BrowserNotFound && /apt-get install chromium/.test(e.message) && /CHROMIUM_PATH/.test(e.message));
    assert.throws(() => findChromium({}, () => false, 'darwin'), /install Google Chrome or Chromium/);
  });

  const skipPdf = pdfSkipReason('pdftotext', 'pdffonts');

  test('PDF: CJK text selectable in the chosen script, every font embedded, images included', { skip: skipPdf }, async () => {
    const out = join(dir, 'pdf');
    const renderer = await openChromiumPdfRenderer();
    after(() => renderer.close());
    const shared = { openPdfRenderer: async () => ({ render: renderer.render, close: async () => {} }) };
    const result = await exportArticles(store, { ids: [ids.trad!, ids.en!], format: 'pdf', outDir: out, script: 'hans', fontSize: 18 }, shared);
    assert.deepEqual(result.failed, []);
    const trad = result.files[0]!;
    assert.equal(basename(trad), '打赢教育脱贫攻坚战——访市教育局负责人.pdf');
    assert.equal((await readFile(trad)).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', trad, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes('打赢教育脱贫攻坚战'), text.slice(0, 400));
    assert.ok(flat.includes('市教育局负责人介绍，全市累计改善农村学校办学条件三百余所'), text);
    assert.ok(flat.includes('记者王小明'));
    assert.match(text, /1\s*\/\s*1/, 'footer page numbers');
    assert.ok(flat.includes('[远端图片]'), 'alt text converted too');
    const fonts = execFileSync('pdffonts', [trad], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    assert.ok(fonts.length > 0);
    for (const line of fonts) assert.match(line, /\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/, `not embedded: ${line}`);
    if (hasTool('pdfimages')) {
      const images = execFileSync('pdfimages', ['-list', trad], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
      assert.ok(images.some((l) => /\s48\s+48\s/.test(l)), `the archive image is in the PDF:\n${images.join('\n')}`);
    }
    const hant = await exportArticles(store, { ids: [ids.simp!], format: 'pdf', outDir: join(dir, 'pdf-hant'), script: 'hant', fontSize: 18 }, shared);
    const hantText = execFileSync('pdftotext', ['-enc', 'UTF-8', hant.files[0]!, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(hantText.includes('圖書館延長開放時間'), hantText);
  });

  test('CLI: export --json prints {files}; bad flags are usage errors', () => {
    const out = join(dir, 'cli');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'cli.ts'), '--archive', join(dir, 'archive'), ...args], { encoding: 'utf8' });
    const ok = run('--json', 'export', ids.en!, ids.simp!, '--format', 'md', '--out', out, '--script', 'hant');
    assert.equal(ok.status, 0, ok.stderr);
    const json = JSON.parse(ok.stdout.trim().split('\n').at(-1)!) as { files: string[] };
    assert.equal(json.files.length, 2);
    for (const file of json.files) assert.ok(existsSync(file), file);
    const simp = json.files.find((f) => basename(f) === '圖書館延長開放時間.md');
    assert.ok(simp, json.files.join(', '));
    assert.match(readFileSync(simp, 'utf8'), /^original_title: "图书馆延长开放时间"$/m);
    const bad = run('export', ids.en!, '--format', 'docx', '--out', out);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be one of pdf, html, md, epub\nusage: reader-archive export/);
  });

  test('CLI: missing flags and bad values are usage errors (exit 2)', async () => {
    const stderr = process.stderr.write.bind(process.stderr);
    const said: string[] = [];
    process.stderr.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      for (const args of [
        ['export', ids.en!, '--format', 'pdf'],
        ['export', '--format', 'pdf', '--out', join(dir, 'x')],
        ['export', ids.en!, '--format', 'md', '--out', join(dir, 'x'), '--script', 'klingon'],
        ['export', ids.en!, '--format', 'md', '--out', join(dir, 'x'), '--font-size', 'huge'],
        ['export', ids.en!, '--format', 'pdf', '--out', join(dir, 'x'), '--paper', 'A3'],
      ]) {
        assert.equal(await cli(['--archive', join(dir, 'archive'), ...args]), 2, args.join(' '));
      }
    } finally {
      process.stderr.write = stderr;
    }
    assert.equal(said.filter((l) => l.includes('usage: reader-archive export')).length, 5);
  });
});
