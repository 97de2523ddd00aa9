/**
 * Bylines as Chinese and English pages write them, reduced to the names: `本报记者 李明 王芳` is
 * `李明 王芳`, `記者王小明／新北報導` is `王小明`, `（陈静 周涛）` at the end of a story is
 * `陈静 周涛`, `By Ann Lee | Updated June 1, 2022` is `Ann Lee`. Roles go, every name stays.
 */
import { parsePublishedDate } from './dates.ts';
import { stripPinyinAnnotations } from './pinyin.ts';

/** Roles and agencies written before the names. */
const ROLE =
  /^(?:本[报報]讯|本[报報]|新[华華]社|中新社|央[视視]|特[约約]|[实實]习|[见見]习|首席|驻.{1,6}?|駐.{1,6}?)?(?:[记記]者|通[讯訊]员|通[訊讯]員|[实實]习生|[实實]習生|撰稿人|撰文|作者|特[约約]撰稿|编译|編譯)\s*[:：]?\s*/;
const LEADING_WORD = /^(?:文|图|圖|文字|撰文|口述|整理|作者|[记記]者)\s*[/／|｜:：]\s*/;
/** What follows the names: `／新北報導`, `报道`, ` 摄`, a dateline. */
const TRAILER = /(?:\s*[/／|｜]\s*\S{0,8}?)?(?:[报報][道导導]|[摄攝]影?|[发發]自\S{0,8}|电|電)\s*$/;
const HAN_NAME = /^\p{Script=Han}{2,4}(?:·\p{Script=Han}{1,6})?$/u;
const LATIN_NAME = /^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}?[\p{L}.'’-]+){0,4}$/u;

/**
 * The names in a byline-ish string, roles and trailers dropped, several names kept (joined by
 * one space for Chinese names, `, ` for Latin ones); null when nothing name-like is left.
 */
export function cleanByline(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let t = stripPinyinAnnotations(raw).text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
  // A byline wrapped whole in brackets loses them; `名字 (handle)` keeps its own.
  if (/^[【\[(（]/.test(t) && /[】\])）]$/.test(t)) t = t.slice(1, -1).trim();
  t = t.replace(/^by\s+/i, '').replace(/\s*[|｜]\s*(?:updated|published|posted|更新|发布|發布)\b.*$/i, '');
  // What follows a bar or a bracketed button is another field (`山月 | 分类：随笔`, `高原 【打印】`).
  t = t.replace(LEADING_WORD, '').split(/\s*[|｜【]\s*/)[0]!;
  t = t.replace(ROLE, '').replace(TRAILER, '').trim();
  // A date run into the line (`記者王小明／新北報導 2021-05-06`) is not part of the names.
  const dateAt = t.search(/\d{4}\s*[-/.年]/);
  if (dateAt > 0) t = t.slice(0, dateAt).replace(TRAILER, '').trim();
  if (!t) return null;
  if (/\p{Script=Han}/u.test(t)) {
    const names = t.split(/[\s、，,;；/／]+/).map((n) => n.replace(ROLE, '').trim()).filter(Boolean);
    if (names.length === 0 || names.length > 6 || !names.every((n) => HAN_NAME.test(n) || LATIN_NAME.test(n))) {
      return [...t].length <= 20 && !/[。！？:：]/.test(t) ? t : null;
    }
    return names.join(' ');
  }
  return t.length <= 100 ? t : null;
}

const REPORTER_LINE =
  /^(?:【[^】]{1,12}】\s*)?(?:本[报報]讯\s*[(（]?\s*)?(?:本[报報]|新[华華]社|中新社|特[约約])?(?:[记記]者|通[讯訊]员|通[訊讯]員)\s*[:：]?\s*(\p{Script=Han}{2,4}(?:(?:\s+|、)\p{Script=Han}{2,4}){0,4})(?!\p{Script=Han})(?:\s*[/／|｜]\s*\p{Script=Han}{1,8}?(?:[报報][导導道]|[电電]))?\s*[)）]?\s*(.*)$/u;

/** A dateline opening a story: `本报北京6月17日电 （记者王五）…`, `新华社合肥8月11日电（记者张三、李四）…`. */
const DATELINE =
  /^(?:【[^】]{1,12}】\s*)?(?:本[报報]|新[华華]社|中新社|中新网|中新網)?[^（(。，]{0,16}?(?:[电電]|[讯訊])\s*[（(]\s*(?:[记記]者|通[讯訊]员|通[訊讯]員)\s*(\p{Script=Han}{2,4}(?:\s*[、，\s]\s*\p{Script=Han}{2,4}){0,4})\s*[)）]/u;

/** `文/李军`, `文｜张小北`: a credit line of its own. */
const SLASH_CREDIT = /^(?:文|文字|撰文|作者|[记記]者)\s*[/／|｜]\s*(\p{Script=Han}{2,4}(?:\s*[、\s]\s*\p{Script=Han}{2,4}){0,4})$/u;

/** `本报记者 李明 王芳`, `記者王小明／新北報導 2021-05-06 09:12`, `本报讯（记者 李明）…`: names and a date. */
export function readReporterLine(line: string): { byline: string; date: string | null } | null {
  const t = stripPinyinAnnotations(line).text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
  const dateline = DATELINE.exec(t) ?? SLASH_CREDIT.exec(t);
  if (dateline) {
    const byline = cleanByline(dateline[1]!);
    return byline ? { byline, date: null } : null;
  }
  if ([...t].length > 80 && !/^本[报報]讯/.test(t)) return null;
  const m = REPORTER_LINE.exec(t);
  if (!m) return null;
  const rest = m[2] ?? '';
  // A sentence after the names means this is the story's first line; only its head counts.
  const byline = cleanByline(m[1]!.replace(/[报報][导導道]$/, ''));
  if (!byline) return null;
  if (rest && /^[\p{Script=Han}]{2,}/u.test(rest) && !/^[\d０-９]/.test(rest) && !/^本[报報]讯/.test(t)) return rest.length > 40 ? null : { byline, date: null };
  return { byline, date: parsePublishedDate(rest) };
}

const CREDITS = /^[（(]\s*((?:[记記]者|本[报報]记者|本報記者|通[讯訊]员)?\s*(?:\p{Script=Han}{2,4}[\s、，]*){1,5})\s*[)）]$/u;

/** `（陈静 周涛）` or `（记者 陈静）` closing a story: the names, or null. */
export function readCredits(line: string): string | null {
  const t = line.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
  if ([...t].length > 30) return null;
  const m = CREDITS.exec(t);
  return m ? cleanByline(m[1]!) : null;
}

/** `By Ann Lee | Updated June 1, 2022`, `By Ann Lee, June 1, 2022`: the name and the date. */
export function readEnglishByline(line: string): { byline: string; date: string | null } | null {
  const t = line.replace(/\s+/g, ' ').trim();
  if (t.length > 120) return null;
  const m = /^(?:by|written by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}.'’-]*){0,5})\s*(?:[|｜·•,–—-]\s*(.*))?$/iu.exec(t);
  if (!m) return null;
  return { byline: m[1]!.trim(), date: parsePublishedDate(m[2] ?? null) };
}

/** True when the string names a site or a publication rather than a person (`城市晚报`, `admin`). */
export function looksLikeSite(name: string): boolean {
  return /(?:网|網|报|報|站|社|台|频道|頻道|杂志|雜誌|在线|在線|中心|\.com|\.cn|admin|webmaster|editor)$/i.test(name.trim());
}
