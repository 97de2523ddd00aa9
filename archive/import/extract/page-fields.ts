/**
 * Byline, editor, source and date read from the whole page, not only from the extracted body:
 * the `作者： 青石 时间： 2006-03-14 21:05:33` line of a forum post, a date and time above the
 * title, `本报记者 李明 王芳`, `（陈静 周涛）` closing the story, a label run after the body, an
 * English `By … | Updated …` line, a date in the URL path. Lines of "related articles" lists,
 * navigation and copyright footers are never read: their dates are other stories' or the site's.
 */
import { readCredits, readEnglishByline, readReporterLine, cleanByline } from './byline.ts';
import { collapse } from './common.ts';
import { parsePublishedDate } from './dates.ts';
import { classifyJunkLine } from './junk.ts';
import { collectLabelFields, isLabelLine, readLabels } from './labels.ts';
import type { PageLine } from './page-lines.ts';
import { stripPinyinAnnotations } from './pinyin.ts';

export interface PageFields {
  /** The author's names (作者, 记者, a reporter line, closing credits, `By …`). */
  author: string | null;
  /** 编辑 (a plain editor, which a page with nothing better gives as its byline). */
  editor: string | null;
  /** 责任编辑: never the author. */
  chiefEditor: string | null;
  source: string | null;
  date: string | null;
}

/** A heading that starts a list of other stories (whose dates are theirs, not this page's). */
const RELATED_HEADING =
  /^(?:相关|相關|延伸|推荐|推薦|热门|熱門|热点|熱點|最新|更多|精彩|猜你|其他|其它|往期|本类|本類|同类|同類|排行|related|more\b|recommended|popular|latest|most read|you may also|read next)/i;
/** Lines that are a clock, not a date of the article: `今天是2022年3月1日 星期二`. */
const CLOCK = /今天|今日|现在|現在|当前|當前|today/i;
const MAYBE_LABEL = /[:：于於]/;
const MAYBE_REPORTER = /[记記通]|^(?:文|文字|撰文|作者)\s*[/／|｜]/;
/** A date opening a line of labels: `2010年06月18日08:23  来源：人民网`. */
const LEADING_DATE = /^[\d０-９][\d０-９\s年月日号:：\-/.时時分秒]{7,}/;
const MAYBE_ENGLISH = /^(?:by|written by)\s/i;
const MAYBE_CREDITS = /^[（(].{2,28}[)）]$/;
const DIGITS = /\d{4}|[０-９]{4}/;

/** How far (in lines) from the title a bare date line may stand and still be the article's. */
const NEAR_TITLE_BEFORE = 4;
const NEAR_TITLE_AFTER = 6;
/** Lines after the title searched for reporter lines, credits and label runs. */
const AFTER_TITLE = 400;

/** Reads the page's own metadata lines; `titles` are what the title may read as (h1, `<title>` …). */
export function readPageFields(lines: readonly PageLine[], titles: readonly (string | null | undefined)[], url: string | null): PageFields {
  const texts = lines.map((l) => collapse(/[(（]/.test(l.text) ? stripPinyinAnnotations(l.text).text : l.text));
  const skip = furnitureLines(lines, texts);
  const title = titleIndex(lines, texts, skip, titles);
  const from = Math.max(0, title - NEAR_TITLE_BEFORE);
  const order = [...range(from, Math.min(texts.length, title + AFTER_TITLE)), ...range(0, from)];

  const labelLines: string[] = [];
  let reporter: { byline: string; date: string | null } | null = null;
  let english: { byline: string; date: string | null } | null = null;
  let credits: string | null = null;
  let nearDate: string | null = null;
  for (const i of order) {
    if (skip[i]) continue;
    const t = texts[i]!;
    // Cheap tests first: most lines of a page are none of these, and pages have thousands.
    const label = MAYBE_LABEL.test(t) && isLabelLine(t);
    const after = i >= from;
    const near = after && i <= title + NEAR_TITLE_AFTER && DIGITS.test(t);
    const byline = after && (MAYBE_REPORTER.test(t) || MAYBE_ENGLISH.test(t) || MAYBE_CREDITS.test(t));
    if (!label && !near && !byline) continue;
    // A run of labels is metadata even when one of them (点击数) would make it a footer line.
    if (!(label && readLabels(t).length >= 2) && classifyJunkLine(t) !== null) continue;
    if (label) labelLines.push(t);
    if (byline) {
      reporter ??= readReporterLine(t);
      english ??= readEnglishByline(t);
      credits ??= readCredits(t);
    }
    if (near && !nearDate) {
      if (isDateLine(t)) nearDate = parsePublishedDate(t);
      else if (!CLOCK.test(t) && MAYBE_LABEL.test(t) && readLabels(t).length > 0) nearDate = parsePublishedDate(LEADING_DATE.exec(t)?.[0]);
    }
  }
  const labels = collectLabelFields(labelLines);
  const author = cleanByline(labels.author) ?? cleanByline(labels.reporter) ?? reporter?.byline ?? english?.byline ?? credits;
  return {
    author,
    editor: cleanByline(labels.editor),
    chiefEditor: cleanByline(labels.chiefEditor),
    source: labels.source,
    date: labels.date ?? reporter?.date ?? english?.date ?? nearDate ?? dateInUrl(url),
  };
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}

/**
 * Lines not to read metadata from: link lists, and the lists after a related heading (footer
 * and navigation lines are left out later, only where a line could give metadata at all).
 */
function furnitureLines(lines: readonly PageLine[], texts: readonly string[]): boolean[] {
  const skip = new Array<boolean>(lines.length).fill(false);
  let related = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = texts[i]!;
    // `楼主：<a>听雨轩主</a>`, `来源：<a>城市晚报</a>`: a label whose value is a link is still metadata.
    const labelled = line.linkShare >= 0.3 && MAYBE_LABEL.test(t) && isLabelLine(t);
    if ([...t].length <= 24 && RELATED_HEADING.test(t)) {
      related = 40;
      skip[i] = true;
      continue;
    }
    if (related > 0) {
      // A related list runs on while its lines are links or list items.
      if (line.inList || line.linkShare >= 0.3) {
        skip[i] = true;
        related--;
        continue;
      }
      related = 0;
    }
    skip[i] = (line.linkShare >= 0.5 && !labelled) || (line.inList && line.linkShare >= 0.3 && !labelled);
  }
  return skip;
}

/** The index of the title line (a heading first), or 0 when none matches. */
function titleIndex(lines: readonly PageLine[], texts: readonly string[], skip: readonly boolean[], titles: readonly (string | null | undefined)[]): number {
  const wanted = titles.map((t) => collapse(t)).filter((t) => [...t].length >= 2);
  // `<title>` often adds the site (`江城日报--标题`): a line that is most of it matches too.
  const matches = (t: string): boolean =>
    wanted.some((w) => t === w || ([...t].length >= 6 && (t.startsWith(w) || (w.includes(t) && 2 * [...t].length >= [...w].length))));
  for (const headingOnly of [true, false]) {
    for (let i = 0; i < texts.length; i++) {
      if (skip[i] || (headingOnly && !lines[i]!.heading)) continue;
      if (matches(texts[i]!)) return i;
    }
  }
  return 0;
}

/** A line that is a date and little else (`2004-6-2 08:15`, `2021年5月6日 09:12`). */
function isDateLine(t: string): boolean {
  if ([...t].length > 40 || CLOCK.test(t) || !parsePublishedDate(t)) return false;
  return !/\p{Script=Han}{3,}|[a-z]{10,}/iu.test(t.replace(/年|月|日|时|時|分|秒|[上下]午/g, ''));
}

const URL_DATE = /(?:^|[/_t-])((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?=\D|$)/i;

/** `/2021-07/09/`, `/2021/07/09/`, `/20210709/`, `t20210709_123.html`: the date in a URL path. */
export function dateInUrl(url: string | null): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE.exec(path);
  return m ? parsePublishedDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
}
