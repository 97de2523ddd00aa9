/**
 * Article titles without the site's name: `…_临江教育网`, `… - 城市生活报`, `…_科技_腾讯网`.
 * Only Chinese titles are trimmed here; Readability already handles `Title | Site` for Latin ones,
 * and trimming them again would cut real titles such as `Evolve: … — … for Mercurial`.
 */

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SEPARATOR = /\s*(?:_|\s[-–—|·]\s|\||｜|—\s|\s—|::)\s*/;
const SITE_WORD = /(?:网|網|报|報|站|频道|頻道|新闻|新聞|日报|日報|晚报|晚報|在线|在線|门户|門戶|论坛|論壇|博客|中心|官网|官網|平台|首页|首頁|PIXNET|\.com|\.cn|\.net)\s*$/i;
/** Channel names that sit between the title and the site: `_科技_腾讯网`, `_教育频道_中国青年网`. */
const CHANNEL = /^[\p{Script=Han}A-Za-z0-9 ]{1,8}$/u;

/** Removes trailing site (and channel) names from a Chinese title; other titles come back trimmed. */
export function stripSiteSuffix(title: string, siteName: string | null = null): string {
  // Chinese only: Japanese titles (kana) keep their `- Yahoo!ニュース`, Latin ones are Readability's.
  if (!HAN.test(title) || KANA.test(title)) return title.trim();
  let t = title.replace(/[\t\r\n]+/g, ' ').trim();
  const site = siteName?.trim();
  if (site && t.endsWith(site) && t.length > site.length + 4) {
    const cut = t.slice(0, -site.length).replace(/[\s_|｜\-–—:·]+$/, '');
    if (cut.length >= 4) t = cut;
  }
  let strippedSite = false;
  for (;;) {
    const parts = t.split(SEPARATOR);
    if (parts.length < 2) break;
    const last = parts[parts.length - 1]!.trim();
    const isSite = SITE_WORD.test(last) && [...last].length <= 20;
    const isChannel = strippedSite && CHANNEL.test(last);
    if (!isSite && !isChannel) break;
    const rest = t.slice(0, t.lastIndexOf(last)).replace(/[\s_|｜\-–—:·]+$/, '');
    if ([...rest].length < 4) break;
    t = rest;
    strippedSite = true;
  }
  return t;
}
