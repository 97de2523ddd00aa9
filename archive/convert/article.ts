/**
 * Converting a whole article for display: paragraphs, ruby annotations (kept on their
 * characters even where a phrase changes length), excerpt, and the text of its HTML (tags and
 * attributes untouched). The stored article is never changed: these return new values.
 */
import { displayLang, type ArticleBody, type ArticleMeta, type RubyAnnotation, type ScriptMode } from '../model.ts';
import type { OpenCCConfig } from './opencc.ts';
import { conversionPlan, convertText, convertTextTracked, isJapanese, scriptEvidence, sourceScript } from './script.ts';

/** The fields of an article's record that are shown in a script. */
export type ShownMeta = Pick<ArticleMeta, 'title' | 'byline' | 'source' | 'lang'>;

/** An article as it reads in one script: its record and body converted, and the same conversion for any other text of it. */
export interface ArticleInScript<M extends ShownMeta> {
  /** `meta` with title, byline and source converted and `lang` naming the script shown. */
  meta: M;
  body: ArticleBody;
  /** Converts other text of the article (image alt text, a link's title) the same way. */
  convert: (text: string) => string;
}

/**
 * The one way an article is put into a script, for the reader, the CLI and every export format:
 * the script it is written in is judged once from its title and text (a short byline alone can
 * read as either script), and title, byline, source and body all go through that one plan;
 * except that a byline or source whose own characters are plainly of the other script (王军 on a
 * Traditional page) is converted from the script it is written in, so 繁體 never shows 王军.
 */
export function articleInScript<M extends ShownMeta>(meta: M, body: ArticleBody, mode: ScriptMode): ArticleInScript<M> {
  if (mode === 'original') return { meta, body, convert: (text) => text };
  const plan = conversionPlan(mode, sourceScript(meta.lang, `${meta.title}\n${body.paragraphs.join('\n').slice(0, 8000)}`));
  const convert = (text: string): string => (isJapanese(text) ? text : convertText(text, plan));
  const shown = (text: string | null): string | null => {
    if (text === null || isJapanese(text)) return text;
    const { simplified, traditional } = scriptEvidence(text);
    if (simplified === traditional) return convert(text);
    return convertText(text, conversionPlan(mode, sourceScript(meta.lang, text)));
  };
  return {
    meta: { ...meta, title: convert(meta.title), byline: shown(meta.byline), source: shown(meta.source), lang: displayLang(mode, meta.lang) },
    body: convertBody(body, plan),
    convert,
  };
}

/** `body` as it reads in `mode`; `lang` is the article's original language tag. */
export function convertArticleBody(body: ArticleBody, mode: ScriptMode, lang: string | null): ArticleBody {
  return convertBody(body, conversionPlan(mode, sourceScript(lang, body.paragraphs.join('\n').slice(0, 8000))));
}

/** `body` run through `plan`: paragraphs, ruby kept on its characters, excerpt and the text of the HTML. */
function convertBody(body: ArticleBody, plan: readonly OpenCCConfig[]): ArticleBody {
  if (plan.length === 0) return body;
  const rubyByParagraph = new Map<number, RubyAnnotation[]>();
  for (const r of body.ruby) {
    const list = rubyByParagraph.get(r.paragraph) ?? [];
    list.push(r);
    rubyByParagraph.set(r.paragraph, list);
  }
  const ruby: RubyAnnotation[] = [];
  const memo = new Map<string, string>();
  const paragraphs = body.paragraphs.map((text, index) => {
    if (isJapanese(text)) {
      ruby.push(...(rubyByParagraph.get(index) ?? []));
      return text;
    }
    const annotations = rubyByParagraph.get(index);
    if (!annotations) return memoized(memo, text, plan);
    const converted = convertTextTracked(text, plan);
    memo.set(text, converted.text);
    for (const r of annotations) {
      const start = snap(converted.text, converted.offsets.map(r.offset));
      let end = snap(converted.text, converted.offsets.map(r.offset + r.base.length));
      if (end <= start) end = Math.min(converted.text.length, start + codePointWidth(converted.text, start));
      ruby.push({ ...r, offset: start, base: converted.text.slice(start, end) || r.base });
    }
    return converted.text;
  });
  return {
    ...body,
    html: convertHtml(body.html, plan, memo),
    paragraphs,
    ruby,
    excerpt: body.excerpt === null ? null : convertText(body.excerpt, plan),
  };
}

/** Elements whose text flows on with the text around them (a phrase may span them). */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rb',
  'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'font',
]);
/** Elements whose text is never converted: pinyin, code that should not run in a reader anyway. */
const KEEP = new Set(['rt', 'rp', 'script', 'style', 'textarea']);

interface TextPiece {
  start: number;
  end: number;
}

/**
 * Converts the text of `html` with `plan`, leaving tags, attributes, comments and entities as
 * they are. Text is converted a block at a time, so phrases split by inline tags still convert
 * as phrases.
 */
export function convertHtml(html: string, plan: readonly OpenCCConfig[], memo = new Map<string, string>()): string {
  if (plan.length === 0) return html;
  const out: string[] = [];
  let copiedTo = 0;
  let group: TextPiece[] = [];
  let keepDepth = 0;

  const flush = () => {
    if (group.length === 0) return;
    const pieces = group;
    group = [];
    const source = pieces.map((p) => html.slice(p.start, p.end)).join('');
    if (isJapanese(source)) return;
    if (pieces.length === 1) {
      const piece = pieces[0]!;
      out.push(html.slice(copiedTo, piece.start), memoized(memo, source, plan));
      copiedTo = piece.end;
      return;
    }
    const converted = convertTextTracked(source, plan);
    if (converted.text === source) return;
    let at = 0;
    let previous = 0;
    for (const piece of pieces) {
      at += piece.end - piece.start;
      const next = snap(converted.text, converted.offsets.map(at));
      out.push(html.slice(copiedTo, piece.start), converted.text.slice(previous, next));
      copiedTo = piece.end;
      previous = next;
    }
  };

  let i = 0;
  let textStart = 0;
  const addText = (end: number) => {
    if (end > textStart && keepDepth === 0) group.push({ start: textStart, end });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      addText(lt);
      const close = html.indexOf('-->', lt + 4);
      i = textStart = close < 0 ? html.length : close + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(lt, lt + 40));
    if (!tag) {
      i = lt + 1;
      continue;
    }
    addText(lt);
    const end = tagEnd(html, lt + tag[0].length);
    const name = tag[2]!.toLowerCase();
    const closing = tag[1] === '/';
    const selfClosing = html[end - 2] === '/';
    if (KEEP.has(name) && !selfClosing) keepDepth = Math.max(0, keepDepth + (closing ? -1 : 1));
    if (!INLINE.has(name) && !KEEP.has(name)) flush();
    i = textStart = end;
  }
  addText(html.length);
  flush();
  out.push(html.slice(copiedTo));
  return out.join('');
}

/** The position just past the `>` closing a tag, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return html.length;
}

/** `text` converted, reusing an earlier conversion of the same text (HTML blocks repeat paragraphs). */
function memoized(memo: Map<string, string>, text: string, plan: readonly OpenCCConfig[]): string {
  let out = memo.get(text);
  if (out === undefined) {
    out = convertText(text, plan);
    memo.set(text, out);
  }
  return out;
}

/** Moves a position off the second half of a surrogate pair. */
function snap(text: string, pos: number): number {
  if (pos > 0 && pos < text.length) {
    const c = text.charCodeAt(pos);
    const before = text.charCodeAt(pos - 1);
    if (c >= 0xdc00 && c <= 0xdfff && before >= 0xd800 && before <= 0xdbff) return pos - 1;
  }
  return pos;
}

function codePointWidth(text: string, pos: number): number {
  return (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
}
