import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleBody } from '../model.ts';
import { getConverter, isOpenCCConfig, OPENCC_CONFIGS } from './opencc.ts';
import { conversionPlan, convertForDisplay, displayLang, sourceScript } from './script.ts';
import { articleInScript, convertArticleBody, convertHtml } from './article.ts';

test('every OpenCC configuration converts in its direction', () => {
  const cases: [string, string, string][] = [
    ['s2t', '汉语的历史', '漢語的歷史'],
    ['t2s', '漢語的歷史', '汉语的历史'],
    ['s2tw', '台湾的网络', '臺灣的網絡'],
    ['s2twp', '鼠标和自行车', '滑鼠和腳踏車'],
    ['tw2s', '臺灣的網路', '台湾的网路'],
    ['tw2sp', '滑鼠和腳踏車', '鼠标和自行车'],
    ['s2hk', '汉语里面', '漢語裏面'],
    ['hk2s', '漢語裏面', '汉语里面'],
    ['t2tw', '裏面', '裡面'],
    ['tw2t', '裡面', '裏面'],
    ['hk2t', '為賦新詞強説愁', '爲賦新詞強說愁'],
    ['t2hk', '爲賦新詞強說愁', '為賦新詞強説愁'],
  ];
  assert.deepEqual(cases.map((c) => c[0]).sort(), [...OPENCC_CONFIGS].sort());
  for (const [config, input, expected] of cases) {
    assert.ok(isOpenCCConfig(config));
    assert.equal(getConverter(config).convert(input), expected, config);
  }
});

test('converters are built once and reused', () => {
  assert.equal(getConverter('s2t'), getConverter('s2t'));
  assert.equal(isOpenCCConfig('s2x'), false);
});

test('non-Chinese text and the Latin parts of mixed text pass through unchanged', () => {
  const english = 'Ünïcode “quotes” — naïve café, 3.14 & <tags>';
  for (const config of OPENCC_CONFIGS) assert.equal(getConverter(config).convert(english), english);
  assert.equal(getConverter('s2t').convert('OpenCC 1.4 汉语 Unicode'), 'OpenCC 1.4 漢語 Unicode');
});

test('a tracked conversion maps positions across a phrase that changes length', () => {
  const { text, offsets } = getConverter('s2twp').convertTracked('我吃方便面了');
  assert.equal(text, '我吃泡麵了');
  assert.equal(offsets.map(0), 0);
  assert.equal(text[offsets.map(2)], '泡');
  assert.equal(text[offsets.map(4)], '麵');
  assert.equal(text[offsets.map(5)], '了');
  assert.equal(offsets.map(6), text.length);
});

test('the source script comes from the characters, the variant from the lang tag', () => {
  assert.equal(sourceScript(null, '教育脱贫是一项长期的工作'), 'hans');
  assert.equal(sourceScript('zh-CN', '教育脫貧是一項長期的工作'), 't');
  assert.equal(sourceScript('zh-TW', '教育脫貧是一項長期的工作'), 'tw');
  assert.equal(sourceScript('zh-HK', '教育脫貧是一項長期的工作'), 'hk');
  assert.equal(sourceScript('ja', '日本語の文章'), null);
  assert.equal(sourceScript(null, 'ひらがなと漢字'), null);
  assert.deepEqual(conversionPlan('tw', 'hk'), ['hk2t', 't2tw']);
  assert.deepEqual(conversionPlan('hans', 'hans'), []);
  assert.deepEqual(conversionPlan('original', 't'), []);
});

test('titles convert to every mode and each mode has its lang tag', () => {
  assert.equal(convertForDisplay('教育脫貧的軟體', 'hans', 'zh-TW'), '教育脱贫的软体');
  assert.equal(convertForDisplay('教育脱贫的软件', 'tw', null), '教育脫貧的軟體');
  assert.equal(convertForDisplay('教育脱贫', 'original', null), '教育脱贫');
  assert.equal(convertForDisplay('Plain English', 'hant', 'en'), 'Plain English');
  assert.equal(displayLang('tw', 'zh-Hans'), 'zh-TW');
  assert.equal(displayLang('hans', 'en'), 'en');
  assert.equal(displayLang('original', 'zh-Hant'), 'zh-Hant');
});

test('HTML text converts while tags, attributes and comments stay as they are', () => {
  const html =
    '<p title="汉语" data-x=\'a>b\'>我吃方便<b>面</b>了 <a href="/汉语">链接</a><!-- 汉语 --></p>' +
    '<ruby>网<rt>wǎng</rt></ruby><p>日本語のテキスト</p>';
  assert.equal(
    convertHtml(html, ['s2twp']),
    '<p title="汉语" data-x=\'a>b\'>我吃泡<b>麵</b>了 <a href="/汉语">連結</a><!-- 汉语 --></p>' +
      '<ruby>網<rt>wǎng</rt></ruby><p>日本語のテキスト</p>',
  );
});

test('an article body converts with each ruby annotation still on its character', () => {
  const body: ArticleBody = {
    id: 'a1',
    html: '<p>我吃方便面了，网络很好。</p><p>English stays.</p>',
    paragraphs: ['我吃方便面了，网络很好。', 'English stays.'],
    ruby: [
      { paragraph: 0, offset: 4, base: '面', text: 'miàn' },
      { paragraph: 0, offset: 5, base: '了', text: 'le' },
      { paragraph: 0, offset: 7, base: '网', text: 'wǎng' },
      { paragraph: 1, offset: 0, base: 'E', text: 'e' },
    ],
    excerpt: '网络很好',
    assets: [],
  };
  const tw = convertArticleBody(body, 'tw', 'zh-CN');
  assert.deepEqual(tw.paragraphs, ['我吃泡麵了，網路很好。', 'English stays.']);
  assert.deepEqual(
    tw.ruby.map((r) => [r.paragraph, r.offset, r.base, r.text]),
    [
      [0, 3, '麵', 'miàn'],
      [0, 4, '了', 'le'],
      [0, 6, '網', 'wǎng'],
      [1, 0, 'E', 'e'],
    ],
  );
  for (const r of tw.ruby) assert.equal(tw.paragraphs[r.paragraph]!.slice(r.offset, r.offset + r.base.length), r.base);
  assert.equal(tw.html, '<p>我吃泡麵了，網路很好。</p><p>English stays.</p>');
  assert.equal(tw.excerpt, '網路很好');
  assert.equal(body.paragraphs[0], '我吃方便面了，网络很好。', 'the stored body is not changed');
  assert.equal(convertArticleBody(body, 'original', 'zh-CN'), body);
  assert.equal(convertArticleBody(body, 'hans', 'zh-CN'), body);
});

test('articleInScript judges the script once from the whole article, so a short byline or source converts with it', () => {
  // A Simplified article whose page wrongly declared zh-Hant: alone, "信息" reads as Traditional
  // and would stay as it is; with the article's text it is Simplified, and Taiwan says 資訊.
  const body: ArticleBody = { id: 'x', html: '<p>我们的软件在网络上很受欢迎。<img alt="软件截图"></p>', paragraphs: ['我们的软件在网络上很受欢迎。'], ruby: [], excerpt: null, assets: [] };
  const meta = { id: 'x', title: '软件的发展', byline: '李明', source: '信息', lang: 'zh-Hant', tags: ['keep'] };
  const tw = articleInScript(meta, body, 'tw');
  assert.deepEqual(tw.meta, { id: 'x', title: '軟體的發展', byline: '李明', source: '資訊', lang: 'zh-TW', tags: ['keep'] });
  assert.deepEqual(tw.body.paragraphs, ['我們的軟體在網路上很受歡迎。']);
  assert.match(tw.body.html, /alt="软件截图"/, 'attributes are left to the caller');
  assert.equal(tw.convert('软件截图'), '軟體截圖', 'which converts them the same way');
  const original = articleInScript(meta, body, 'original');
  assert.equal(original.meta, meta);
  assert.equal(original.body, body);
  assert.equal(articleInScript({ ...meta, title: 'ひらがなの記事', lang: 'ja' }, { ...body, paragraphs: ['日本語の文章です。'] }, 'hans').meta.title, 'ひらがなの記事', 'Japanese is never converted');
});

test('our converters give exactly what opencc-js gives for the same configuration', async () => {
  const { default: OpenCC } = await import('opencc-js');
  const { syntheticArticle } = await import('../testing/synthetic.ts');
  const locales: Record<string, { from: string; to: string }> = {
    s2t: { from: 'cn', to: 't' }, t2s: { from: 't', to: 'cn' }, s2tw: { from: 'cn', to: 'tw' },
    s2twp: { from: 'cn', to: 'twp' }, tw2s: { from: 'tw', to: 'cn' }, tw2sp: { from: 'twp', to: 'cn' },
    s2hk: { from: 'cn', to: 'hk' }, hk2s: { from: 'hk', to: 'cn' }, t2tw: { from: 't', to: 'tw' },
    tw2t: { from: 'tw', to: 't' }, t2hk: { from: 't', to: 'hk' }, hk2t: { from: 'hk', to: 't' },
  };
  const samples = [
    ...Array.from({ length: 12 }, (_, i) => syntheticArticle(i, 3).paragraphs.join('\n')),
    '⿰氵工 and ⿱艹⿰日月 are description sequences; 𠮷野家 has a character beyond the BMP',
    '鼠标、自行车、方便面、软件、内存和信息技术；乾隆皇帝的著作。',
  ];
  for (const config of OPENCC_CONFIGS) {
    const plain = OpenCC.Converter(locales[config]!);
    for (const text of samples) assert.equal(getConverter(config).convert(text), plain(text), `${config}: ${text.slice(0, 20)}`);
  }
});
