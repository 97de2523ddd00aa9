/**
 * The saved pages the showcase is imported from: each article written out as the page a reader
 * would have saved from its site (navigation, breadcrumbs, label lines, related links, footers),
 * so the real importer has the work it has on real pages: find the article, read the byline,
 * source and date, take inline pinyin out as ruby, and fall back to the whole page when the site
 * has no article to find. A second visit to the same address gets other furniture around the
 * same text, as a page saved again a few days later does.
 */
import type { ShowcaseArticle } from './types.ts';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraphs = (a: ShowcaseArticle): string => a.paragraphs.map((p) => `      <p>${escape(p)}</p>`).join('\n');

function ymd(iso: string): { y: string; m: string; d: string; hm: string } {
  const [date = '', time = ''] = iso.split('T');
  const [y = '', m = '', d = ''] = date.split('-');
  return { y, m: String(Number(m)), d: String(Number(d)), hm: time.slice(0, 5) };
}

function head(a: ShowcaseArticle, siteTitle: string, extra = ''): string {
  return `<!DOCTYPE html>
<html lang="${a.lang === 'en' ? 'en' : a.region === 'tw' ? 'zh-TW' : a.region === 'hk' ? 'zh-HK' : a.lang === 'zh-Hant' ? 'zh-Hant' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<title>${escape(a.title)}${siteTitle}</title>
<link rel="canonical" href="${escape(a.url)}">
<meta property="og:url" content="${escape(a.url)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/site.css">
<script src="/static/analytics.js"></script>
${extra}</head>`;
}

function cnNews(a: ShowcaseArticle, visit: number): string {
  const t = ymd(a.publishedAt);
  return `${head(a, `_${a.source}`, `<meta name="keywords" content="${escape(a.tags.join(','))}">\n<meta property="og:site_name" content="${escape(a.source)}">\n`)}
<body>
<div class="top"><div class="nav"><a href="/">首页</a> | <a href="/news/">本地新闻</a> | <a href="/society/">社会</a> | <a href="/culture/">文化</a> | <a href="/epaper/">数字报</a></div>
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">本地新闻</a> &gt; 正文</div></div>
<div class="main">
  <div class="article">
    <h1>${escape(a.title)}</h1>
    <div class="info">作者：${escape(a.byline)}　来源：${escape(a.source)}　发布时间：${t.y}年${t.m}月${t.d}日 ${t.hm}　浏览次数：${visit === 1 ? 1873 : 5302}</div>
    <div class="content" id="content">
${paragraphs(a)}
    </div>
    <div class="pager"><a href="/news/prev.html">上一篇：全市中小学秋季开学工作会议召开</a> <a href="/news/next.html">下一篇：城东菜市场完成改造重新开业</a></div>
  </div>
  <div class="related"><h3>${visit === 1 ? '相关阅读' : '热点推荐'}</h3>
    <ul><li><a href="/news/1.html">老旧小区改造今年计划完成四十个</a></li><li><a href="/news/2.html">${visit === 1 ? '社区食堂开到了家门口' : '周末城区部分路段临时交通管制'}</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：${escape(a.source)}　未经授权禁止转载</p><p>备案号：赣ICP备09012345号-1</p></div>
</body>
</html>
`;
}

function twNews(a: ShowcaseArticle, visit: number): string {
  return `${head(a, ` | ${a.source}`, `<meta property="og:site_name" content="${escape(a.source)}">\n<meta property="article:published_time" content="${a.publishedAt}">\n<meta name="author" content="${escape(a.byline)}">\n`)}
<body>
<header class="site"><a class="logo" href="/">${escape(a.source)}</a>
  <nav><a href="/politics">政治</a><a href="/life">生活</a><a href="/local">地方</a><a href="/food">美食</a><a href="/travel">旅遊</a></nav>
  <a class="login" href="/login">會員登入</a></header>
<main>
  <article>
    <h1>${escape(a.title)}</h1>
    <div class="meta"><span class="reporter">記者${escape(a.byline)}／報導</span> <time datetime="${a.publishedAt}">${a.publishedAt.replace('T', ' ').slice(0, 16)}</time></div>
    <div class="story">
${paragraphs(a)}
    </div>
    <p class="share">分享：<a href="#fb">Facebook</a> <a href="#line">LINE</a></p>
  </article>
  <aside><h2>${visit === 1 ? '延伸閱讀' : '熱門新聞'}</h2><ul><li><a href="/local/1">老屋改建咖啡館 週末排隊人潮不斷</a></li><li><a href="/local/2">${visit === 1 ? '颱風過後 農民搶收文旦' : '夜市攤商推行動支付 年輕客層增加'}</a></li></ul></aside>
</main>
<footer><p>© ${escape(a.source)} 版權所有，未經同意不得轉載</p><p>服務信箱｜隱私權政策｜廣告刊登</p></footer>
</body>
</html>
`;
}

function hkNews(a: ShowcaseArticle, visit: number): string {
  return `${head(a, ` - ${a.source}`, `<meta property="og:site_name" content="${escape(a.source)}">\n<meta property="article:published_time" content="${a.publishedAt}">\n<meta name="author" content="${escape(a.byline)}">\n`)}
<body>
<div id="header"><a href="/">${escape(a.source)}</a> <span class="weather">天文台：${visit === 1 ? '26°C 大致多雲' : '24°C 有驟雨'}</span>
  <ul class="menu"><li><a href="/local">港聞</a></li><li><a href="/finance">財經</a></li><li><a href="/district">地區</a></li><li><a href="/sport">體育</a></li></ul></div>
<div id="content">
  <h1 class="headline">${escape(a.title)}</h1>
  <div class="info"><span class="byline">撰文：${escape(a.byline)}</span> <span class="date">${a.publishedAt.slice(0, 10)}</span></div>
  <div class="article-body">
${paragraphs(a)}
  </div>
  <div class="more"><h3>相關新聞</h3><a href="/district/1">屋邨街市翻新後重開</a> <a href="/district/2">${visit === 1 ? '小巴新路線下月投入服務' : '渡輪公司申請加價 區議員反對'}</a></div>
</div>
<div id="footer">${escape(a.source)} 版權所有 不得轉載｜私隱政策</div>
</body>
</html>
`;
}

function enMagazine(a: ShowcaseArticle, visit: number): string {
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.title, datePublished: a.publishedAt, author: { '@type': 'Person', name: a.byline }, publisher: { '@type': 'Organization', name: a.source } });
  return `${head(a, ` | ${a.source}`, `<meta property="og:site_name" content="${escape(a.source)}">\n<script type="application/ld+json">${ld}</script>\n`)}
<body>
<header><a href="/" class="masthead">${escape(a.source)}</a><nav><a href="/city">City</a> <a href="/features">Features</a> <a href="/science">Science</a> <a href="/opinion">Opinion</a></nav>
  <a href="/subscribe" class="cta">${visit === 1 ? 'Subscribe' : 'Get the weekly edition'}</a></header>
<main>
  <article>
    <header><p class="kicker">Features</p><h1>${escape(a.title)}</h1>
      <p class="byline">By <a rel="author" href="/people/">${escape(a.byline)}</a></p><time datetime="${a.publishedAt}">${a.publishedAt.slice(0, 10)}</time></header>
    <section class="body">
${paragraphs(a)}
    </section>
  </article>
  <aside class="more"><h2>${visit === 1 ? 'More from Features' : 'Most read'}</h2><ul><li><a href="/f/1">The last lamplighter of the old quarter</a></li><li><a href="/f/2">A year of walking every street in town</a></li></ul></aside>
</main>
<footer>© ${a.publishedAt.slice(0, 4)} ${escape(a.source)}. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
`;
}

function enBlog(a: ShowcaseArticle): string {
  return `${head(a, ` | ${a.source}`, `<meta name="author" content="${escape(a.byline)}">\n<meta property="article:published_time" content="${a.publishedAt}">\n<meta property="og:site_name" content="${escape(a.source)}">\n`)}
<body class="post">
<div class="wrap">
  <header class="blog-header"><a href="/">${escape(a.source)}</a> <nav><a href="/archive">Archive</a> <a href="/about">About</a> <a href="/feed.xml">RSS</a></nav></header>
  <article class="entry">
    <h1 class="entry-title">${escape(a.title)}</h1>
    <div class="entry-meta">Posted on <time datetime="${a.publishedAt}">${a.publishedAt.slice(0, 10)}</time> by ${escape(a.byline)}</div>
    <div class="entry-content">
${paragraphs(a)}
    </div>
    <footer class="entry-footer">Filed under ${a.tags.map(escape).join(', ')}</footer>
  </article>
  <div class="comments"><h3>2 comments</h3><p>Thanks for this, we tried the same at our branch.</p></div>
</div>
</body>
</html>
`;
}

function cnLesson(a: ShowcaseArticle): string {
  const t = ymd(a.publishedAt);
  return `${head(a, `-${a.source}`, `<meta name="application-name" content="${escape(a.source)}">\n`)}
<body>
<div class="header"><a href="/">${escape(a.source)}</a> <a href="/yuwen/">语文</a> <a href="/shuxue/">数学</a> <a href="/jiazhang/">家长课堂</a></div>
<div class="crumb">您的位置：首页 &gt; 家长课堂 &gt; 识字</div>
<div class="wrap">
  <h1>${escape(a.title)}</h1>
  <div class="info">作者：${escape(a.byline)}　发布时间：${t.y}-${a.publishedAt.slice(5, 7)}-${a.publishedAt.slice(8, 10)}　来源：${escape(a.source)}</div>
  <div class="text">
${paragraphs(a)}
  </div>
  <div class="tags">标签：${a.tags.map(escape).join(' ')}</div>
</div>
<div class="foot">Copyright ${escape(a.source)} 京ICP备11002233号</div>
</body>
</html>
`;
}

/** An old personal homepage: one table, `<br>` between paragraphs, no article element to find. */
function cnHomepage(a: ShowcaseArticle): string {
  // Its editor wrapped every pasted line in fonts it never closed: the tree gets too deep for an
  // article to be looked for, as on many pages of that time.
  const line = (s: string): string => `<font face="宋体"><font size="3"><font color="#333333"><span lang="ZH-CN"><span style="font-size:12pt">${escape(s)}`;
  const body = a.paragraphs.map((p) => `&nbsp;&nbsp;&nbsp;&nbsp;${p.split(/(?<=。)/).map(line).join('')}<br><br>`).join('\n');
  return `<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="GENERATOR" content="Microsoft FrontPage 5.0">
<title>${escape(a.title)} - ${escape(a.source)}</title>
</head>
<body bgcolor="#FAF6EC">
<table width="760" border="0" align="center" cellpadding="4" cellspacing="0">
<tr><td><font size="5">${escape(a.source)}</font>&nbsp;&nbsp;<a href="/">首页</a> | <a href="/youji.html">游记</a> | <a href="/photo.html">相册</a> | <a href="/guestbook.asp">留言</a></td></tr>
<tr><td align="center"><font size="4"><b>${escape(a.title)}</b></font></td></tr>
<tr><td align="center"><font size="2" color="#777777">作者：${escape(a.byline)}&nbsp;&nbsp;发表于 ${a.publishedAt.replace('T', ' ')}</font></td></tr>
<tr><td>
${body}
</td></tr>
<tr><td align="center"><font size="2">本站文章均为原创，转载请注明出处　您是第 20817 位访客</font></td></tr>
</table>
</body>
</html>
`;
}

/** The saved page of `article` on its `visit`-th save (1, or 2 for the later capture), as UTF-8 bytes. */
export function savedPage(article: ShowcaseArticle, visit = 1): Uint8Array {
  const html = {
    'cn-news': () => cnNews(article, visit),
    'tw-news': () => twNews(article, visit),
    'hk-news': () => hkNews(article, visit),
    'en-magazine': () => enMagazine(article, visit),
    'en-blog': () => enBlog(article),
    'cn-lesson': () => cnLesson(article),
    'cn-homepage': () => cnHomepage(article),
  }[article.layout]();
  return new TextEncoder().encode(html);
}
