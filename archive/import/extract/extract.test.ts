import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ExtractedArticle } from '../../model.ts';
import type { DecodedPage, PageResource } from '../types.ts';
import { ExtractionError, extractArticle } from './index.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function page(content: string, over: Partial<DecodedPage> = {}): DecodedPage {
  return { format: 'html', content, charset: 'utf-8', url: null, savedAt: null, containerTitle: null, resources: [], warnings: [], ...over };
}

/** Every ruby annotation must point at its own character in the cleaned paragraph. */
function assertRubyAligned(article: ExtractedArticle): void {
  for (const r of article.ruby) {
    const paragraph = article.paragraphs[r.paragraph];
    assert.ok(paragraph !== undefined, `ruby on missing paragraph ${r.paragraph}`);
    assert.equal(paragraph.slice(r.offset, r.offset + r.base.length), r.base, JSON.stringify(r));
  }
}

const ANNOTATION = /\p{Script=Han}[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]/u;

describe('a plain-text page dump (the seed family)', () => {
  const article = extractArticle(page(fixture('dump-traditional-interview.txt'), { format: 'text' }));

  it('reads title, byline, source and date from the breadcrumb, title and label lines', () => {
    assert.equal(article.title, '讓每個孩子都能上好學——訪市教育局局長陳明遠');
    assert.equal(article.byline, '林曉');
    assert.ok(article.source?.includes('臨江新聞網'), String(article.source));
    assert.equal(article.publishedAt, '2021-03-05');
    assert.equal(article.lang, 'zh-Hant');
    assert.equal(article.format, 'text');
    assert.equal(article.url, null);
  });

  it('keeps exactly the article paragraphs: no spam, pagination, breadcrumb, label line or footer', () => {
    assert.equal(article.paragraphs.length, 5);
    assert.ok(article.paragraphs[0]!.startsWith('今年以來'));
    assert.ok(article.paragraphs[4]!.startsWith('陳明遠表示'));
    const all = article.paragraphs.join('\n');
    for (const junk of ['博彩', '位置', '編輯:', '發布時間', 'ICP', '版權所有', '技術支持', '鏡像', '受法律保護']) {
      assert.ok(!all.includes(junk), junk);
      assert.ok(!article.html.includes(junk), junk);
    }
    assert.ok(!article.paragraphs.includes('1') && !article.paragraphs.includes('2'));
  });

  it('turns inline pinyin into ruby on its character and keeps content parentheses', () => {
    const all = article.paragraphs.join('\n');
    assert.ok(!ANNOTATION.test(all.replace('太極拳(tàijíquán)', '')), 'an annotation is left in the text');
    for (const kept of ['鄉(鎮)', '(2020年開工12所)', '(WTO)', '太極拳(tàijíquán)', '(簡稱“市住建局”)']) assert.ok(all.includes(kept), kept);
    const bases = new Set(article.ruby.map((r) => r.base));
    for (const ch of ['統', '鄉', '鎮', '貿', '結', '構']) assert.ok(bases.has(ch), ch);
    assert.deepEqual(
      article.ruby.find((r) => r.base === '鎮'),
      { paragraph: 1, offset: article.paragraphs[1]!.indexOf('鎮'), base: '鎮', text: 'zhèn' },
    );
    assertRubyAligned(article);
    assert.match(article.html, /<ruby>鄉<rt>xiāng<\/rt><\/ruby>/);
  });

  it('prefers the title the container gives', () => {
    const withTitle = extractArticle(page(fixture('dump-traditional-interview.txt'), { format: 'text', containerTitle: '陳明遠談教育_臨江網' }));
    assert.equal(withTitle.title, '陳明遠談教育');
  });
});

describe('other plain-text dumps', () => {
  it('finds the title without a breadcrumb and reads an English byline and date line', () => {
    const text = [
      'Riverside Courier | Home | Local | Sports',
      '',
      'Ferry Timetable Changes in June',
      'By Maria Lopez',
      'March 25, 2015',
      '',
      'From the first of June the harbour ferry will leave every twenty minutes instead of every half hour.',
      '',
      'The authority will add two boats to the fleet, both built at the yard across the bay.',
      '',
      'Copyright 2015 Riverside Courier. All rights reserved.',
    ].join('\n');
    const a = extractArticle(page(text, { format: 'text', url: 'https://courier.example.com/ferry' }));
    assert.equal(a.title, 'Ferry Timetable Changes in June');
    assert.equal(a.byline, 'Maria Lopez');
    assert.equal(a.publishedAt, '2015-03-25');
    assert.equal(a.url, 'https://courier.example.com/ferry');
    assert.equal(a.lang, 'en');
    assert.equal(a.paragraphs.length, 2);
    assert.deepEqual(a.ruby, []);
  });

  it('keeps a lone reading in the text when annotations do not repeat', () => {
    const text = '字的讀音\n\n這個字讀作樂(yuè),在音樂一詞中使用,和快樂的樂讀音不同,是常見的多音字之一。';
    const a = extractArticle(page(text, { format: 'text' }));
    assert.ok(a.paragraphs.join('').includes('樂(yuè)'));
    assert.deepEqual(a.ruby, []);
  });
});

describe('a Chinese news page in HTML', () => {
  const article = extractArticle(page(fixture('news-simplified.html'), { url: 'http://www.linjiang.example.cn/news/2021/0305.html' }));

  it('reads the metadata from the label line and drops the site name from the title', () => {
    assert.equal(article.title, '我市启动城乡供水一体化工程');
    assert.equal(article.byline, '周晓燕');
    assert.equal(article.source, '临江日报');
    assert.equal(article.publishedAt, '2021-03-05T10:30');
    assert.equal(article.url, 'http://www.linjiang.example.cn/news/2021/0305.html');
    assert.equal(article.lang, 'zh-Hans');
  });

  it('keeps the four paragraphs and their parentheses, and none of the furniture', () => {
    assert.equal(article.paragraphs.length, 4);
    const all = article.paragraphs.join('\n');
    for (const kept of ['(2020年已完成前期论证)', '(简称“市住建局”)', '(WTO)', '太极拳(tàijíquán)']) assert.ok(all.includes(kept), kept);
    for (const junk of ['上一篇', '下一篇', '延伸阅读', '当前位置', 'ICP', '版权所有', '技术支持', '浏览次数', '作者：']) {
      assert.ok(!all.includes(junk), junk);
      assert.ok(!article.html.includes(junk), junk);
    }
    assert.deepEqual(article.ruby, []);
  });

  it('cleans furniture and annotations inside the article body too', () => {
    const html = `<html><head><title>鄉村教育網(wǎng)絡課堂開講 - 城市生活報</title></head><body><div id="content">
      <p>位置:首頁 &gt; 教育 &gt; 正文</p>
      <p>記者:李明　來源:城市生活報　2021年4月2日</p>
      <p>本學期起,全市鄉(xiāng)村學校通過網(wǎng)絡課堂共享城區優質課程,首批覆蓋學生一萬二千人。</p>
      <p>市教育局表示,網(wǎng)絡課堂將逐步覆蓋全部鄉(xiāng)鎮(zhèn)中心學校,並為教師提供線上教研支持。</p>
      <p>上一篇:全市中小學開展春季運動會</p>
      <p>瀏覽次數:321</p></div></body></html>`;
    const a = extractArticle(page(html));
    assert.equal(a.title, '鄉村教育網絡課堂開講');
    assert.equal(a.byline, '李明');
    assert.equal(a.source, '城市生活報');
    assert.equal(a.publishedAt, '2021-04-02');
    assert.equal(a.paragraphs.length, 2);
    assert.ok(a.paragraphs[0]!.startsWith('本學期起,全市鄉村學校通過網絡課堂'));
    assert.ok(a.ruby.some((r) => r.base === '網' && r.text === 'wǎng'));
    assertRubyAligned(a);
  });
});

describe('an English article in HTML', () => {
  const resources: PageResource[] = [{ url: 'library_files/reading-room.png', contentType: 'image/png', bytes: PNG }];
  const article = extractArticle(page(fixture('article-english.html'), { url: 'https://courier.example.com/2019/04/library?ref=feed', resources }));

  it('reads metadata from JSON-LD, Open Graph and the canonical link', () => {
    assert.equal(article.title, 'How a Small Town Rebuilt Its Library');
    assert.equal(article.byline, 'Maria Lopez');
    assert.equal(article.source, 'The Riverside Courier');
    assert.equal(article.publishedAt, '2019-04-28T06:01:07-07:00');
    assert.equal(article.url, 'https://courier.example.com/2019/04/library-rebuilt');
    assert.equal(article.lang, 'en');
    assert.equal(article.excerpt, 'Volunteers, a bake sale and a decade of patience.');
  });

  it('stores the local image as an asset and drops the Related: line', () => {
    assert.equal(article.assets.length, 1);
    const asset = article.assets[0]!;
    assert.equal(asset.ext, 'png');
    assert.match(article.html, new RegExp(`<img src="asset:${asset.sha256}\\.png" alt="The new reading room">`));
    assert.ok(!article.paragraphs.join('\n').includes('Related:'));
    assert.ok(article.paragraphs.some((p) => p.startsWith('When the flood of 2011')));
  });

  it('keeps http(s) and mailto links, and only those', () => {
    assert.match(article.html, /href="https:\/\/courier\.example\.com\/2011\/06\/flood"/);
    assert.match(article.html, /href="mailto:letters@courier\.example\.com"/);
  });
});

describe('pages Readability does not want', () => {
  it('still yields an article from a short page', () => {
    const a = extractArticle(page('<html><head><title>Closed on Monday</title></head><body><p>The museum is closed on Monday for repairs.</p></body></html>'));
    assert.equal(a.title, 'Closed on Monday');
    assert.deepEqual(a.paragraphs, ['The museum is closed on Monday for repairs.']);
  });

  it('reads the text when all of it sits in blocks Readability throws away', () => {
    const html = `<html><head><title>Notice</title></head><body><div class="sidebar comment footer">
      <p>Water will be off in Elm Street on Thursday from nine to noon while the main is replaced.</p>
      <p>Residents can collect bottled water at the library.</p></div></body></html>`;
    const a = extractArticle(page(html));
    assert.ok(a.paragraphs.join(' ').includes('Water will be off in Elm Street'), a.paragraphs.join(' | '));
    assert.ok(a.paragraphs.join(' ').includes('bottled water at the library'));
  });

  it('reads a page that leaves out <html>, <head> and <body>', () => {
    const a = extractArticle(page('<!doctype html><title>Bare page</title><p>Some text without any of the usual wrapping elements, as old pages were written.</p>'));
    assert.equal(a.title, 'Bare page');
    assert.equal(a.paragraphs.length, 1);
  });

  it('gives a title-less page an empty title rather than inventing one', () => {
    const a = extractArticle(page('<html><body><p>Only a paragraph of text, and no title anywhere in the page at all.</p></body></html>'));
    assert.equal(a.title, '');
    assert.equal(a.byline, null);
    assert.equal(a.publishedAt, null);
    assert.equal(a.source, null);
  });

  it('refuses a page nested 100,000 levels deep with a reason, without parsing it', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}text${'</div>'.repeat(depth)}</body></html>`;
    assert.throws(() => extractArticle(page(html)), (e: unknown) => e instanceof ExtractionError && /100,000 levels deep/.test(e.message));
  });

  it('refuses a page with nothing to read', () => {
    assert.throws(() => extractArticle(page('<html><body><script>var a = 1;</script></body></html>')), ExtractionError);
    assert.throws(() => extractArticle(page('\n\n  \n', { format: 'text' })), ExtractionError);
  });
});
