import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { readSavedFile } from '../read/index.ts';
import { cleanByline, readCredits, readEnglishByline, readReporterLine } from './byline.ts';
import { parsePublishedDate } from './dates.ts';
import { extractArticle } from './index.ts';
import { dateInUrl } from './page-fields.ts';

interface Expected {
  file: string;
  layout: string;
  charset: string;
  author: string;
  date: string;
}

const folder = new URL('./fixtures/zh-pages/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', folder), 'utf8')) as Expected[];

describe('Chinese metadata from the whole page (fixtures/zh-pages)', () => {
  it('finds the stated author and date on at least 90% of the 32 pages, each', async () => {
    assert.ok(manifest.length >= 30);
    let authors = 0;
    let dates = 0;
    const misses: string[] = [];
    for (const expected of manifest) {
      const page = await readSavedFile(fileURLToPath(new URL(expected.file, folder)));
      assert.equal(page.charset, expected.charset, expected.file);
      const article = extractArticle(page);
      if (article.byline === expected.author) authors++;
      else misses.push(`${expected.file}: byline ${JSON.stringify(article.byline)}, want ${expected.author}`);
      if (article.publishedAt === expected.date) dates++;
      else misses.push(`${expected.file}: date ${JSON.stringify(article.publishedAt)}, want ${expected.date}`);
    }
    const share = (n: number): string => `${n}/${manifest.length} (${((100 * n) / manifest.length).toFixed(1)}%)`;
    console.log(`zh-pages: authors ${share(authors)}, dates ${share(dates)}${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
    assert.ok(authors / manifest.length >= 0.9, `authors ${share(authors)}:\n${misses.join('\n')}`);
    assert.ok(dates / manifest.length >= 0.9, `dates ${share(dates)}:\n${misses.join('\n')}`);
  });

  it('never takes the date of a related-articles list or a copyright line', async () => {
    const page = await readSavedFile(fileURLToPath(new URL(manifest.find((m) => m.layout === 'label-run-url-date')!.file, folder)));
    // Without its address the page states no date of its own: its lists and footer must not give one.
    const article = extractArticle({ ...page, content: page.content.replace(/<link rel="canonical"[^>]*>/, '') });
    assert.equal(article.publishedAt, null);
    assert.ok(article.byline);
  });
});

describe('bylines, reporter lines and credits', () => {
  it('keeps every name and drops roles', () => {
    assert.equal(cleanByline('本报记者 李明 王芳'), '李明 王芳');
    assert.equal(cleanByline('记者：张三、李四'), '张三 李四');
    assert.equal(cleanByline('文/刘畅'), '刘畅');
    assert.equal(cleanByline('文｜张小北'), '张小北');
    assert.equal(cleanByline('作者 | 张三 | 2021-01-01'), '张三');
    assert.equal(cleanByline('By Ann Lee | Updated June 1, 2022'), 'Ann Lee');
    assert.equal(cleanByline('史蒂文的家_藍天 (stevenhgm)'), '史蒂文的家_藍天 (stevenhgm)', 'a handle in parentheses is part of the name');
    assert.equal(cleanByline('（陈静 周涛）'), '陈静 周涛');
  });

  it('reads reporter lines with their place and date, pinyin annotations removed', () => {
    assert.deepEqual(readReporterLine('記者王(wáng)小明／新北報(bào)導 2021-05-06 09:12'), { byline: '王小明', date: '2021-05-06T09:12' });
    assert.deepEqual(readReporterLine('本报记者 李明 王芳'), { byline: '李明 王芳', date: null });
    assert.equal(readReporterLine('记者从市教育局获悉，今年全市新建学校十二所，新增学位一万余个。'), null);
  });

  it('reads parenthesised credits closing a story, and nothing else in parentheses', () => {
    assert.equal(readCredits('（陈静 周涛）'), '陈静 周涛');
    assert.equal(readCredits('(记者 林海)'), '林海');
    assert.equal(readCredits('（完）'), null);
    assert.equal(readCredits('（WTO）'), null);
  });

  it('reads an English byline with its date', () => {
    assert.deepEqual(readEnglishByline('By Ann Lee | Updated June 1, 2022'), { byline: 'Ann Lee', date: '2022-06-01' });
  });

  it('reads dates in full-width digits, 年月日 with 时分, and URL paths', () => {
    assert.equal(parsePublishedDate('２０１５－０９－２１　１０：３０'), '2015-09-21T10:30');
    assert.equal(parsePublishedDate('2005年10月8日 14时20分'), '2005-10-08T14:20');
    assert.equal(parsePublishedDate('2006-03-14 21:05:33'), '2006-03-14T21:05:33');
    assert.equal(dateInUrl('http://www.example.cn/news/2021-07/09/content_1.htm'), '2021-07-09');
    assert.equal(dateInUrl('http://www.example.cn/gb/20040602/t20040602_123.html'), '2004-06-02');
    assert.equal(dateInUrl('http://www.example.cn/article/202107091234567.html'), null);
  });
});

describe('text dumps of the seed family laid out another way', () => {
  const story = ['　　今年以来，江城市持续推进老旧小区改造工作，全市共有一百二十个小区纳入改造计划，涉及居民三万余户。', '　　市住建局相关负责人介绍，改造工程坚持“先地下、后地上”的原则，优先解决群众反映强烈的排水不畅等问题。'];
  const dump = (lines: string[]) =>
    extractArticle({ format: 'text', content: lines.join('\n'), charset: 'utf-8', url: null, savedAt: null, containerTitle: null, resources: [], warnings: [] });

  it('reads 发布日期 来源 作者 点击数 in one line', () => {
    const a = dump(['位置:江城新闻网 > 城建 > 老旧小区改造惠及三万户', '', '老旧小区改造惠及三万户', '', '发布日期：2019-04-02 10:00  来源：江城日报  作者：张三  点击数：88', '', ...story]);
    assert.deepEqual([a.byline, a.source, a.publishedAt], ['张三', '江城日报', '2019-04-02T10:00']);
    assert.ok(!a.paragraphs.join('\n').includes('点击数'));
  });

  it('reads a Taiwan reporter line with pinyin annotations inside the name', () => {
    const a = dump(['新北市推動社區長照據點', '', '記者王(wáng)小明／新北報(bào)導 2021-05-06 09:12', '', ...story]);
    assert.deepEqual([a.byline, a.publishedAt], ['王小明', '2021-05-06T09:12']);
  });

  it('reads `By … | Updated …`', () => {
    const a = dump(['City Parks Add Evening Hours', '', 'By Ann Lee | Updated June 1, 2022', '', 'The parks department will keep six of its largest parks open until ten in the evening, officials said.', 'Residents had asked for more time to walk after work.']);
    assert.deepEqual([a.byline, a.publishedAt], ['Ann Lee', '2022-06-01']);
  });
});

describe('editors', () => {
  const html = (info: string): string =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>城西菜市场改造完工_城市晚报</title></head><body><div class="nav"><a href="/">首页</a> | <a href="/news/">本地</a> | <a href="/life/">生活</a></div>
<h1>城西菜市场改造完工</h1><div class="content"><p>经过半年的施工，城西菜市场改造工程日前完工并重新开业。改造后的市场面积扩大到四千平方米，摊位由原来的一百二十个增加到二百个。</p>
<p>记者在现场看到，市场地面铺上了防滑地砖，每个摊位上方都安装了电子显示屏，标明商品名称、产地和价格。不少市民一早就来买菜，对新环境赞不绝口。</p>
<p>市场管理方负责人介绍，改造期间临时市场一直正常运营，没有影响周边居民的日常生活。</p></div><div class="info">${info}</div></body></html>`;
  const extract = (info: string) =>
    extractArticle({ format: 'html', content: html(info), charset: 'utf-8', url: null, savedAt: null, containerTitle: null, resources: [], warnings: [] });

  it('责任编辑 is kept as the editor, never as the author', () => {
    const alone = extract('来源：城市晚报　责任编辑：刘洋');
    assert.equal(alone.byline, null);
    assert.equal(alone.editor, '刘洋');
    const withAuthor = extract('作者：赵阳 孙磊　来源：城市晚报　责任编辑：刘洋');
    assert.equal(withAuthor.byline, '赵阳 孙磊');
    assert.equal(withAuthor.editor, '刘洋');
  });
});

describe('a text dump with no article', () => {
  it('comes in as its readable lines, flagged whole-page; spam and footers stay out', () => {
    const a = extractArticle({
      format: 'text',
      content: ['国产精品,久久精品,午夜福利,在线观看,人妻少妇,精品无码', '城西菜市场改造完工 摊位增加到二百个', '版权所有 江城新闻网 备案号：赣ICP备12345678号'].join('\n'),
      charset: 'utf-8', url: null, savedAt: null, containerTitle: null, resources: [], warnings: [],
    });
    assert.equal(a.extraction, 'whole-page');
    assert.deepEqual(a.paragraphs, ['城西菜市场改造完工 摊位增加到二百个']);
    for (const junk of ['精品', '备案号']) assert.ok(!a.paragraphs.join('\n').includes(junk), junk);
  });
});
