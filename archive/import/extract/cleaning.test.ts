import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePublishedDate } from './dates.ts';
import { classifyJunkLine, isKeywordList } from './junk.ts';
import { collectLabelFields, bylineFromLabels, isLabelLine } from './labels.ts';
import { detectLanguage } from './lang.ts';
import { countPinyinAnnotations, stripPinyinAnnotations } from './pinyin.ts';
import { stripSiteSuffix } from './title.ts';

describe('inline pinyin annotations', () => {
  it('removes one-character annotations and says where each character is in the cleaned text', () => {
    const { text, marks } = stripPinyinAnnotations('打贏攻堅戰(zhàn),上網(wǎng)學習');
    assert.equal(text, '打贏攻堅戰,上網學習');
    assert.deepEqual(marks, [
      { offset: 4, base: '戰', text: 'zhàn' },
      { offset: 7, base: '網', text: 'wǎng' },
    ]);
    for (const m of marks) assert.equal(text.slice(m.offset, m.offset + m.base.length), m.base);
  });

  it('keeps a parenthesis that is content around an annotated character', () => {
    assert.equal(stripPinyinAnnotations('縣、鄉(xiāng)(鎮(zhèn))人民政府').text, '縣、鄉(鎮)人民政府');
    assert.equal(stripPinyinAnnotations('國家(貧困地區(qū))專項').text, '國家(貧困地區)專項');
  });

  it('leaves abbreviations, years, notes and whole-word glosses alone', () => {
    for (const s of ['世界貿易組織(WTO)', '工程(2020)', '市住房和城乡建设局(简称“市住建局”)', '太极拳(tàijíquán)', '乐(le)', 'A(b)', '中(zhong)']) {
      assert.equal(stripPinyinAnnotations(s).text, s, s);
    }
    assert.equal(countPinyinAnnotations('太极拳(tàijíquán) (WTO) (2020)'), 0);
  });

  it('accepts full-width parentheses and ü syllables', () => {
    assert.equal(stripPinyinAnnotations('綠（lǜ）色').text, '綠色');
  });
});

describe('page furniture lines', () => {
  it('recognises each kind of furniture', () => {
    const cases: [string, string][] = [
      ['澳门博彩,在线彩票平台,百家乐娱乐城,老虎机免费试玩', 'spam'],
      ['位置:西E網首頁 > 白銀新聞 > 打贏教育脫貧攻堅戰', 'breadcrumb'],
      ['当前位置：首页 > 新闻 > 正文', 'breadcrumb'],
      ['Home › News › Local', 'breadcrumb'],
      ['1', 'pagination'],
      ['上一页 1 2 3 下一页', 'pagination'],
      ['第2页 共5页', 'pagination'],
      ['上一篇：我市召开春季植树造林动员会', 'navigation'],
      ['下一篇:临江中学开展科技节活动', 'navigation'],
      ['延伸閱讀', 'navigation'],
      ['延伸阅读：去年农村饮水安全成效明显', 'navigation'],
      ['Related: School board approves new budget', 'navigation'],
      ['備案號 隴ICP備10200311號', 'footer'],
      ['京ICP证030173号', 'footer'],
      ['版權所有:中共白銀市委網信辦', 'footer'],
      ['Copyright 2019 Example Inc. All rights reserved.', 'footer'],
      ['© 2019 The Riverside Courier.', 'footer'],
      ['技术支持：临江网络科技有限公司', 'footer'],
      ['浏览次数：1024', 'footer'],
      ['未經本站許可不得建立鏡像連接,相關權益受法律保護。', 'footer'],
    ];
    for (const [line, kind] of cases) assert.equal(classifyJunkLine(line), kind, line);
  });

  it('keeps sentences that only mention the same words', () => {
    for (const line of [
      '亚洲、欧美和日韩股市周二全线下跌，分析人士认为这与美元走强有关。',
      '他说，版权所有人有权要求平台删除侵权内容。',
      '2020',
      '(2020)',
      'The related question is whether the board will approve it.',
      '全市302个贫困村全部达标退出。',
      'He came to the library by bus, 1 hour each way.',
    ]) {
      assert.equal(classifyJunkLine(line), null, line);
    }
  });

  it('tells a keyword list from a sentence that lists things', () => {
    assert.equal(isKeywordList('供水,工程,临江,教育,新闻'), true);
    assert.equal(isKeywordList('工程覆盖甲、乙、丙、丁四个乡镇。'), false);
  });
});

describe('label lines', () => {
  it('reads fields that run into each other, in both scripts', () => {
    const line = '編輯:王軍\u00a0\u00a0\u00a0信息來源: 西e網—白銀新聞網發布時間:2020-11-25';
    assert.equal(isLabelLine(line), true);
    const fields = collectLabelFields([line]);
    assert.equal(fields.editor, '王軍');
    assert.equal(fields.source, '西e網—白銀新聞網');
    assert.equal(fields.date, '2020-11-25');
    assert.equal(bylineFromLabels(fields), '王軍');
  });

  it('prefers the author over the reporter over the editors', () => {
    const fields = collectLabelFields(['记者：李明 作者：周晓燕 来源：临江日报', '责任编辑：王五']);
    assert.equal(bylineFromLabels(fields), '周晓燕');
    assert.equal(fields.chiefEditor, '王五');
    assert.equal(bylineFromLabels(collectLabelFields(['责任编辑：王五'])), '王五');
  });

  it('cuts an unlabelled date off a value', () => {
    const fields = collectLabelFields(['来源：新华社 2021年3月5日 10:30']);
    assert.equal(fields.source, '新华社');
    assert.equal(fields.date, '2021-03-05T10:30');
  });

  it('does not take an interview question for a label line', () => {
    assert.equal(isLabelLine('记者：您怎么看待这次城乡供水一体化工程给农村居民生活带来的变化？'), false);
  });
});

describe('titles', () => {
  it('removes Chinese site and channel suffixes', () => {
    assert.equal(stripSiteSuffix('我市启动城乡供水一体化工程_临江教育网'), '我市启动城乡供水一体化工程');
    assert.equal(stripSiteSuffix('市长考察新区建设 - 城市生活报'), '市长考察新区建设');
    assert.equal(stripSiteSuffix('新电脑已可利用记忆自学_科技_腾讯网'), '新电脑已可利用记忆自学');
    assert.equal(stripSiteSuffix('某地新闻标题 | 临江在线', null), '某地新闻标题');
  });

  it('keeps titles whose dash is part of the title', () => {
    assert.equal(stripSiteSuffix('打贏教育脫貧攻堅戰——訪市教育局黨組書記、局長任文貴'), '打贏教育脫貧攻堅戰——訪市教育局黨組書記、局長任文貴');
    assert.equal(stripSiteSuffix('Evolve: Shared Mutable History — evolve extension for Mercurial'), 'Evolve: Shared Mutable History — evolve extension for Mercurial');
  });
});

describe('publication dates', () => {
  it('reads Chinese, ISO-like and English forms to ISO 8601', () => {
    const cases: [string, string][] = [
      ['2020年11月25日', '2020-11-25'],
      ['2020年11月25日 10:30', '2020-11-25T10:30'],
      ['2020-11-25 10:30', '2020-11-25T10:30'],
      ['2020/1/5', '2020-01-05'],
      ['發布時間:2020-11-25', '2020-11-25'],
      ['March 25, 2015', '2015-03-25'],
      ['Mar. 25, 2015 3:46 PM', '2015-03-25T15:46'],
      ['25 March 2015', '2015-03-25'],
      ['2019-04-28T06:01:07-07:00', '2019-04-28T06:01:07-07:00'],
      ['2024-04-20T04:20:00.000Z', '2024-04-20T04:20:00Z'],
    ];
    for (const [text, iso] of cases) assert.equal(parsePublishedDate(text), iso, text);
  });

  it('returns null rather than guessing', () => {
    for (const text of ['', 'yesterday', '2020-13-45', '(2020)', '302个贫困村']) assert.equal(parsePublishedDate(text), null, text);
  });
});

describe('language', () => {
  it('tells Simplified from Traditional by the characters, whatever the page declares', () => {
    assert.equal(detectLanguage('全市教育系统深入贯彻落实中央关于打赢教育脱贫攻坚战的决策部署', 'zh-TW'), 'zh-Hans');
    assert.equal(detectLanguage('全市教育系統深入貫徹落實中央關於打贏教育脫貧攻堅戰的決策部署', 'zh-CN'), 'zh-Hant');
  });

  it('recognises Japanese, keeps a declared tag, and says null when it cannot tell', () => {
    assert.equal(detectLanguage('トレンドマイクロ、公衆無線LANを安全に使うためのアプリ', null), 'ja');
    assert.equal(detectLanguage('Le projet de loi sur le renseignement', 'fr'), 'fr');
    assert.equal(detectLanguage('When the flood of 2011 swept through the town, the library lost almost everything it had and the town made do with a room in the post office for years.', null), 'en');
    assert.equal(detectLanguage('12345 67890', null), null);
  });

  it('keeps an English page English when it quotes a Japanese or Chinese name', () => {
    assert.equal(detectLanguage('Conversations with a Cryptid, chapter one of a story set in 僕のヒーローアカデミア, posted by the author', 'en'), 'en');
    assert.equal(detectLanguage('The word 教育 means education, and it appears on every school sign in the city.', 'en-US'), 'en-US');
  });
});
