/**
 * Publication dates as pages write them, to ISO 8601: `2020-11-25`, `2020-11-25T10:30`, or with
 * the offset when the page gives one. Anything we cannot read with confidence is null.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?';
const TIME = '(?:[T\\s,]+(?:at\\s+)?(\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2})(?:\\.\\d+)?)?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?)?';
const OFFSET = '\\s*(Z|[+-]\\d{2}:?\\d{2}|UTC|GMT)?';

const ISO_LIKE = new RegExp(`(\\d{4})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})(?!\\d)${TIME}${OFFSET}`, 'i');
const CHINESE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?(?:\s*(?:星期|禮拜|礼拜|周|週)[一二三四五六日天])?(?:\s*(?:(上午|下午|晚上)?\s*(\d{1,2})\s*[:：时時點点]\s*(\d{1,2})?\s*分?(?:[:：]?\s*(\d{1,2})\s*秒?)?))?/;
const MONTH_FIRST = new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}${OFFSET}`, 'i');
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+(\\d{4})${TIME}${OFFSET}`, 'i');

const pad = (n: number): string => String(n).padStart(2, '0');

function build(
  y: number, mo: number, d: number,
  h?: string, mi?: string, s?: string, meridiem?: string, offset?: string,
): string | null {
  if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return null;
  let out = `${y}-${pad(mo)}-${pad(d)}`;
  if (h === undefined || mi === undefined) return out;
  let hour = Number(h);
  const m = meridiem?.toLowerCase().replace(/\./g, '');
  if ((m === 'pm' || m === '下午' || m === '晚上') && hour < 12) hour += 12;
  if ((m === 'am' || m === '上午') && hour === 12) hour = 0;
  if (hour > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return out;
  out += `T${pad(hour)}:${pad(Number(mi))}${s !== undefined ? `:${pad(Number(s))}` : ''}`;
  if (offset) {
    const o = offset.toUpperCase();
    if (o === 'Z' || o === 'UTC' || o === 'GMT') out += 'Z';
    else out += `${o.slice(0, 3)}:${o.slice(-2)}`;
  }
  return out;
}

/** Full-width digits and separators (`２０２１－０５－０６　０９：１２`) as ASCII. */
function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0d\uff0f\uff1a\uff0e\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** Reads the first date in `text` (ISO-like, Chinese `2020年11月25日`, English `March 25, 2015`). */
export function parsePublishedDate(input: string | null | undefined): string | null {
  if (!input) return null;
  const text = halfWidth(input);
  const candidates: { index: number; value: string | null }[] = [];
  let m = ISO_LIKE.exec(text);
  if (m) candidates.push({ index: m.index, value: build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], m[8]) });
  m = CHINESE.exec(text);
  if (m) candidates.push({ index: m.index, value: build(+m[1]!, +m[2]!, +m[3]!, m[5], m[6] ?? (m[5] ? '0' : undefined), m[7], m[4]) });
  m = MONTH_FIRST.exec(text);
  if (m) candidates.push({ index: m.index, value: build(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!, m[4], m[5], m[6], m[7], m[8]) });
  m = DAY_FIRST.exec(text);
  if (m) candidates.push({ index: m.index, value: build(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!, m[4], m[5], m[6], m[7], m[8]) });
  candidates.sort((a, b) => a.index - b.index);
  return candidates.find((c) => c.value !== null)?.value ?? null;
}
