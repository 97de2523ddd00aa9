/**
 * The label lines of Chinese news pages: `編輯:王軍  信息來源: 白銀新聞網  發布時間:2020-11-25`,
 * `作者：张三 来源：新华社`. Fields often run into each other without a space, so a line is cut
 * at every known label, in both scripts.
 */
import { parsePublishedDate } from './dates.ts';

export interface LabelFields {
  author: string | null;
  reporter: string | null;
  editor: string | null;
  chiefEditor: string | null;
  source: string | null;
  date: string | null;
}

type Field = keyof LabelFields | 'other';

const LABELS: [string, Field][] = [
  ['责任编辑', 'chiefEditor'], ['責任編輯', 'chiefEditor'], ['责编', 'chiefEditor'], ['責編', 'chiefEditor'],
  ['作者', 'author'], ['文', 'author'], ['撰文', 'author'], ['撰稿', 'author'],
  ['楼主', 'author'], ['樓主', 'author'], ['博主', 'author'], ['发帖人', 'author'], ['發帖人', 'author'],
  ['记者', 'reporter'], ['記者', 'reporter'], ['通讯员', 'reporter'], ['通訊員', 'reporter'],
  ['编辑', 'editor'], ['編輯', 'editor'], ['小编', 'editor'], ['小編', 'editor'],
  ['信息来源', 'source'], ['信息來源', 'source'], ['新闻来源', 'source'], ['新聞來源', 'source'],
  ['文章来源', 'source'], ['文章來源', 'source'], ['来源', 'source'], ['來源', 'source'], ['出处', 'source'], ['出處', 'source'],
  ['稿源', 'source'], ['稿件来源', 'source'], ['稿件來源', 'source'],
  ['发表于', 'date'], ['發表於', 'date'], ['发表於', 'date'], ['发布于', 'date'], ['發布於', 'date'], ['發佈於', 'date'],
  ['发帖时间', 'date'], ['發帖時間', 'date'], ['发表日期', 'date'], ['發表日期', 'date'], ['出版日期', 'date'],
  ['发布时间', 'date'], ['發布時間', 'date'], ['發佈時間', 'date'], ['发表时间', 'date'], ['發表時間', 'date'],
  ['发布日期', 'date'], ['發布日期', 'date'], ['更新时间', 'date'], ['更新時間', 'date'], ['时间', 'date'], ['時間', 'date'],
  ['日期', 'date'],
  ['浏览次数', 'other'], ['瀏覽次數', 'other'], ['点击数', 'other'], ['點擊數', 'other'], ['阅读', 'other'], ['閱讀', 'other'],
  ['字号', 'other'], ['字號', 'other'], ['分享到', 'other'], ['审核', 'other'], ['審核', 'other'], ['摄影', 'other'], ['攝影', 'other'],
];
const FIELD_OF = new Map(LABELS);
// `发表于 2006-03-14` needs no colon: a label ending in 于/於 may be followed by the date itself.
const LABEL_RE = new RegExp(
  `(?:【\\s*)?(${[...FIELD_OF.keys()].sort((a, b) => b.length - a.length).join('|')})\\s*(?:】\\s*)?(?:[:：]|(?<=[于於])\\s*(?=[\\d０-９]))`,
  'g',
);

const TRAILING_DATE = /\d{4}\s*[-/.年]\s*\d{1,2}/;

/** Every `label: value` in one line, in order; a line without a label gives []. */
export function readLabels(line: string): { field: Field; label: string; value: string }[] {
  const hits = [...line.matchAll(LABEL_RE)];
  return hits.map((m, i) => {
    const end = i + 1 < hits.length ? hits[i + 1]!.index : line.length;
    const value = line.slice(m.index + m[0].length, end).replace(/[\s\u00a0\u3000]+/g, ' ').replace(/^[\s|｜/]+|[\s|｜/]+$/g, '');
    return { field: FIELD_OF.get(m[1]!)!, label: m[1]!, value };
  });
}

/**
 * True when the line is nothing but labels and short values: the metadata line of a news page,
 * to be read for metadata and left out of the body.
 */
export function isLabelLine(line: string): boolean {
  const t = line.trim();
  if (!t || [...t].length > 200) return false;
  const fields = readLabels(t);
  if (fields.length === 0) return false;
  const first = t.search(LABEL_RE);
  if (first > 0 && !/^[\s\u00a0\u3000【\[(（]*$/.test(t.slice(0, first)) && fields.length < 2) return false;
  if (/[。！？]$/.test(t) && fields.length < 2) return false;
  const maxValue = fields.length >= 2 ? 60 : 30;
  return fields.every((f) => [...f.value].length <= maxValue || f.field === 'date');
}

/** The first value of each field found across `lines` (only lines that are label lines). */
export function collectLabelFields(lines: Iterable<string>): LabelFields {
  const out: LabelFields = { author: null, reporter: null, editor: null, chiefEditor: null, source: null, date: null };
  for (const line of lines) {
    if (!isLabelLine(line)) continue;
    for (const { field, value } of readLabels(line)) {
      if (field === 'other' || !value || out[field] !== null) continue;
      if (field === 'date') {
        out.date = parsePublishedDate(value);
        continue;
      }
      // `来源：新华社 2020年11月25日`: an unlabelled date trails the value.
      const dateAt = value.search(TRAILING_DATE);
      if (dateAt > 0) out.date ??= parsePublishedDate(value.slice(dateAt));
      out[field] = cleanName(dateAt > 0 ? value.slice(0, dateAt) : value);
    }
  }
  return out;
}

/** The byline a label line gives, most specific first: 作者, 记者, 编辑, 责任编辑. */
export function bylineFromLabels(fields: LabelFields): string | null {
  return fields.author ?? fields.reporter ?? fields.editor ?? fields.chiefEditor;
}

function cleanName(value: string): string | null {
  const v = value.replace(/^[【\[(（]+|[】\]）)]+$/g, '').trim();
  return v.length > 0 && v.length <= 60 ? v : null;
}
