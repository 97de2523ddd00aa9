/**
 * Lines that are page furniture, not article: keyword spam, breadcrumbs, pagination debris,
 * previous/next and related-reading links, ICP/copyright/技术支持/浏览次数 footers. Each rule
 * is anchored to the whole (short) line, so a sentence that merely mentions 版权 stays.
 */

export type JunkKind = 'spam' | 'breadcrumb' | 'pagination' | 'navigation' | 'footer';

const SPAM_WORDS =
  /(国产精品|國產精品|精品|无码|無碼|午夜|福利|久久|人妻|少妇|少婦|呻吟|色情|\bav\d*\b|偷拍|自拍|在线观看|在線觀看|彩票|博彩|娱乐城|娛樂城|百家乐|百家樂|赌场|賭場|老虎机|老虎機|一本道)/gi;
const SENTENCE_END = /[。！？!?；;]|[.](\s|$)/;
const LIST_SEPARATORS = /[,，、|｜/]/g;

const BREADCRUMB_LEAD = /^(?:(?:当前|當前|您的|你的|您现在的|您現在的|你现在的|所在)?(?:位置|位址))\s*[:：]/;
const BREADCRUMB_ARROWS = /\s*(?:>|&gt;|»|›|＞|→|\/\/)\s*/g;

const PAGE_TOKEN =
  '(?:第\\s*\\d+\\s*[页頁]|共\\s*\\d+\\s*[页頁]|首[页頁]|尾[页頁]|末[页頁]|[上下前后後]一?[页頁]|\\d{1,3}(?!\\d)|[|｜/«»‹›<>…]|\\.{3}|prev(?:ious)?|next|page\\s*\\d+(?:\\s*of\\s*\\d+)?)';
const PAGINATION = new RegExp(`^${PAGE_TOKEN}(?:\\s*${PAGE_TOKEN})*$`, 'i');

const NAVIGATION =
  /^(?:(?:上一篇|下一篇|上一條|下一條|上一条|下一条|上篇|下篇|前一篇|后一篇|後一篇)(?:文章)?\s*[:：]?|(?:延伸閱讀|延伸阅读|相关阅读|相關閱讀|相关文章|相關文章|相关新闻|相關新聞|推荐阅读|推薦閱讀|热门推荐|熱門推薦|猜你喜欢|猜你喜歡|更多精彩|Related(?:\s+(?:articles|stories|posts|reading))?|Read more|See also|Previous(?:\s+(?:article|post))?|Next(?:\s+(?:article|post))?)\s*[:：]|(?:延伸閱讀|延伸阅读|相关阅读|相關閱讀|相关文章|相關文章|相关新闻|相關新聞|推荐阅读|推薦閱讀)$|(?:【?(?:打印|列印|关闭|關閉|返回顶部|返回頂部|收藏|分享到?|字[号號]\s*[:：]?\s*(?:大|中|小|T)+)】?\s*)+$)/i;

/** Footer lines that say so whatever else they hold. */
const FOOTER = [
  /ICP\s*(?:备|備|证|證|許|许|經營|经营)?.{0,6}\d/i,
  /公[网網]安[备備]/,
  /(?:备案号|備案號|备案编号|備案編號)/,
  /all rights reserved|copyright\s*(?:©|\(c\)|\d{4})|^©|^\(c\)\s*\d{4}/i,
  /(?:不得|禁止|严禁|嚴禁).{0,12}(?:镜像|鏡像|转载|轉載|复制|複製|摘编|摘編)|受法律保[护護]/,
  /(?:网络|網絡|新闻|新聞|视听|視聽).{0,10}(?:许可证|許可證|自律公约|自律公約)/,
];
/** Footer words that a sentence may also use: they count only in a line with no sentence in it. */
const FOOTER_WEAK = [
  /版[权權](?:所有(?![人者])|声明|聲明)/,
  /(?:技[术術]支持|技[术術]支援|[运運][营營][维維][护護]|主办单位|主辦單位|承办单位|承辦單位|主办[:：]|主辦[:：])/,
  /(?:浏览次数|瀏覽次數|浏览量|瀏覽量|阅读次数|閱讀次數|点击数|點擊數|点击量|點擊量|访问量|訪問量)/,
];

/** True when the line is keyword spam: porn/gambling vocabulary in a comma list, no sentence. */
export function isSpamLine(line: string): boolean {
  const words = line.match(SPAM_WORDS)?.length ?? 0;
  if (words < 4 || /[。！？]/.test(line)) return false;
  return (line.match(LIST_SEPARATORS)?.length ?? 0) >= 2 || words >= 6;
}

/** True for a keyword list with no sentence in it, the shape spam takes above a dump's title. */
export function isKeywordList(line: string): boolean {
  if (SENTENCE_END.test(line) || /[“”「」《》]/.test(line)) return false;
  const parts = line.split(LIST_SEPARATORS).map((p) => p.trim()).filter(Boolean);
  return parts.length >= 4 && parts.every((p) => [...p].length <= 24);
}

/** True for `位置:首頁 > 新聞 > …` and `Home › News › …` trails. */
export function isBreadcrumb(line: string): boolean {
  const t = line.trim();
  if (t.length > 300) return false;
  if (BREADCRUMB_LEAD.test(t)) return true;
  const parts = t.split(BREADCRUMB_ARROWS);
  if (parts.length < 3 || parts.some((p) => p.length === 0 || [...p].length > 60)) return false;
  return parts.slice(0, -1).every((p) => [...p].length <= 20) && !SENTENCE_END.test(parts.slice(0, -1).join(' '));
}

/** What kind of furniture `line` is, or null when it may be content. */
export function classifyJunkLine(line: string): JunkKind | null {
  const t = line.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  if (isSpamLine(t)) return 'spam';
  if ([...t].length > 200) return null;
  if (PAGINATION.test(t)) return 'pagination';
  if (isBreadcrumb(t)) return 'breadcrumb';
  if (NAVIGATION.test(t)) return 'navigation';
  if ([...t].length <= 160 && FOOTER.some((re) => re.test(t))) return 'footer';
  if ([...t].length <= 160 && !/[。！？!?]/.test(t) && FOOTER_WEAK.some((re) => re.test(t))) return 'footer';
  return null;
}
