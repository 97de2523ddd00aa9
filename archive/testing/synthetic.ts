/**
 * Synthetic articles for tests and the bench: deterministic (seeded), realistic enough in shape
 * (Chinese news prose in either script, English prose, 2–8 KB), never real pages.
 */
import type { ExtractedArticle } from '../model.ts';

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hansWords = (
  '教育 脱贫 攻坚 学校 教师 学生 农村 城市 发展 经济 政府 会议 记者 报道 计划 改革 科技 文化 历史 环境 ' +
  '医疗 卫生 交通 铁路 公路 建设 投资 企业 市场 价格 工业 农业 旅游 体育 比赛 冠军 音乐 电影 图书馆 博物馆 ' +
  '网络 数据 安全 服务 社区 居民 家庭 儿童 老人 青年 工作 就业 收入 住房 天气 气温 降雨 河流 山区 乡村 ' +
  '干部 群众 政策 资金 项目 资助 补助 质量 标准 管理 研究 大学 课程 考试 招生 专业 培训 交流 合作 协议'
).split(' ');
const hantWords = (
  '教育 脫貧 攻堅 學校 教師 學生 農村 城市 發展 經濟 政府 會議 記者 報導 計劃 改革 科技 文化 歷史 環境 ' +
  '醫療 衛生 交通 鐵路 公路 建設 投資 企業 市場 價格 工業 農業 旅遊 體育 比賽 冠軍 音樂 電影 圖書館 博物館 ' +
  '網路 數據 安全 服務 社區 居民 家庭 兒童 老人 青年 工作 就業 收入 住房 天氣 氣溫 降雨 河流 山區 鄉村 ' +
  '幹部 群眾 政策 資金 項目 資助 補助 質量 標準 管理 研究 大學 課程 考試 招生 專業 培訓 交流 合作 協議'
).split(' ');
const glue = ['的', '在', '和', '了', '是', '对', '将', '与', '为', '从', '等', '也'];
const glueHant = ['的', '在', '和', '了', '是', '對', '將', '與', '為', '從', '等', '也'];
const englishWords = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her all she there would their we him been has when who will more no if out so said what up ' +
  'school teacher student village city council report market price railway museum library weather river ' +
  'policy budget research university course exam training exchange agreement community family children ' +
  'café naïve résumé coöperate Zürich São Paulo'
).split(' ');
const sources = ['白银新闻网', '城市生活报', '臨江教育網', 'The Daily Ledger', 'Harbour Times', '西部晨報', 'Example Gazette'];

export type SyntheticScript = 'hans' | 'hant' | 'en';

function chineseSentence(next: () => number, script: 'hans' | 'hant'): string {
  const words = script === 'hans' ? hansWords : hantWords;
  const glues = script === 'hans' ? glue : glueHant;
  const n = 6 + Math.floor(next() * 10);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += words[Math.floor(next() * words.length)]!;
    if (next() < 0.5) s += glues[Math.floor(next() * glues.length)]!;
    if (next() < 0.08) s += String(Math.floor(next() * 3000));
    if (i < n - 1 && next() < 0.2) s += '，';
  }
  return `${s}。`;
}

function englishSentence(next: () => number): string {
  const n = 8 + Math.floor(next() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(englishWords[Math.floor(next() * englishWords.length)]!);
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** The `index`-th synthetic article: same index, same article. */
export function syntheticArticle(index: number, seed = 1): ExtractedArticle {
  const next = rng(seed * 1_000_003 + index);
  const roll = next();
  const script: SyntheticScript = roll < 0.4 ? 'hans' : roll < 0.75 ? 'hant' : 'en';
  const targetBytes = 2048 + Math.floor(next() * 6144);
  const paragraphs: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    let p = '';
    const sentences = 2 + Math.floor(next() * 4);
    for (let i = 0; i < sentences; i++) p += script === 'en' ? `${englishSentence(next)} ` : chineseSentence(next, script);
    p = p.trim();
    paragraphs.push(p);
    bytes += Buffer.byteLength(p);
  }
  const title = script === 'en' ? englishSentence(next).slice(0, 60).replace(/\.$/, '') : chineseSentence(next, script).slice(0, 20).replace(/。$/, '');
  const year = 2005 + Math.floor(next() * 20);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    title: `${title} #${index}`,
    byline: next() < 0.7 ? (script === 'en' ? 'By Lin Wei' : '王军') : null,
    source: sources[Math.floor(next() * sources.length)]!,
    publishedAt: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    url: `https://news.example.org/${year}/${index}.html`,
    lang: script === 'en' ? 'en' : script === 'hans' ? 'zh-Hans' : 'zh-Hant',
    html: paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n'),
    paragraphs,
    ruby: [],
    excerpt: paragraphs[0]!.slice(0, 120),
    format: 'html',
    charset: 'utf-8',
    assets: [],
  };
}

/** The bytes a synthetic article might have been imported from (distinct per index). */
export function syntheticOriginal(index: number, article: ExtractedArticle): { bytes: Uint8Array; fileName: string; ext: string } {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${article.title}</title></head><body><article>${article.html}</article></body></html>`;
  return { bytes: new TextEncoder().encode(html), fileName: `page-${index}.html`, ext: 'html' };
}
