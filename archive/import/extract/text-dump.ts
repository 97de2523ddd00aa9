/**
 * Plain-text page dumps (the family of `../shared/seeds/`): keyword spam on top, pagination
 * debris, a breadcrumb `位置:… > … > title`, the title line, a label line (編輯/信息來源/發布時間),
 * the paragraphs, then ICP/copyright footer lines. Each line is classified, the title is found
 * through the breadcrumb when there is one, and the paragraphs go through the same sanitizer as
 * HTML so ruby and paragraph offsets come from one place.
 */
import type { ExtractedArticle } from '../../model.ts';
import type { DecodedPage } from '../types.ts';
import { ExtractionError, absoluteHttpUrl, collapse, makeExcerpt } from './common.ts';
import { parsePublishedDate } from './dates.ts';
import { parseDocument } from './dom.ts';
import { classifyJunkLine, isKeywordList, type JunkKind } from './junk.ts';
import { cleanByline, readEnglishByline, readReporterLine } from './byline.ts';
import { collectLabelFields, isLabelLine, readLabels } from './labels.ts';
import { detectLanguage } from './lang.ts';
import { countPinyinAnnotations, stripPinyinAnnotations } from './pinyin.ts';
import { sanitizeArticle } from './sanitize.ts';
import { stripSiteSuffix } from './title.ts';

type LineKind = JunkKind | 'blank' | 'label' | 'byline' | 'date' | 'body';

interface Line {
  raw: string;
  /** Without pinyin annotations, whitespace collapsed: what the rules look at. */
  text: string;
  kind: LineKind;
}

const BY_LINE = /^(?:by|written by|author:?)\s+\p{Lu}[\p{L}.'’ -]{1,60}$/iu;
const SENTENCE_END = /[。！？.!?…」』”"]$/u;
const TITLE_MAX = 120;

/** Extracts the article from a plain-text page dump. */
export function extractTextDump(page: DecodedPage): ExtractedArticle {
  const pinyin = countPinyinAnnotations(page.content) >= 2;
  const lines = page.content.split(/\r\n|\r|\n/).map((raw) => classify(raw));
  const titleIndex = findTitle(lines);

  // Everything above the title is page furniture (site headers, spam, menus): only its labels count.
  const labelTexts: string[] = [];
  const kept: string[] = [];
  let byline: string | null = null;
  let date: string | null = null;
  let inFooter = false;
  lines.forEach((line, i) => {
    if (line.kind === 'label') labelTexts.push(line.text);
    if (line.kind === 'byline') {
      const read = readReporterLine(line.text) ?? readEnglishByline(line.text);
      byline ??= read?.byline ?? line.text.replace(/^(?:by|written by|author:?)\s+/i, '');
      date ??= read?.date ?? null;
    }
    if (line.kind === 'date') date ??= parsePublishedDate(line.text);
    if (i <= titleIndex || line.kind !== 'body') {
      if (line.kind === 'footer' && kept.length > 0) inFooter = true;
      return;
    }
    // After the footer begins, short unpunctuated lines are more footer (运营维护, 地址, 电话 …).
    if (inFooter && [...line.text].length < 100 && !SENTENCE_END.test(line.text)) return;
    kept.push(line.raw.trim());
  });
  // No article found: the dump's readable lines (not spam, not footer) stand in, flagged.
  const wholePage = kept.length === 0;
  if (wholePage) for (const line of lines) if (line.kind === 'body') kept.push(line.raw.trim());
  if (kept.length === 0) throw new ExtractionError('the text dump has no readable text');

  const html = kept.map((p) => `<p>${escapeText(p)}</p>`).join('\n');
  const document = parseDocument(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  const body = sanitizeArticle(document.body!, { baseUrl: page.url, resources: page.resources, pinyin, dropJunk: false });

  const labels = collectLabelFields(labelTexts);
  const titleLine = titleIndex >= 0 ? lines[titleIndex]!.text : null;
  const title =
    stripSiteSuffix(collapse(page.containerTitle ? stripPinyinAnnotations(page.containerTitle).text : titleLine)) ||
    [...(body.paragraphs[0] ?? '')].slice(0, 40).join('');
  return {
    title,
    byline: cleanByline(labels.author) ?? cleanByline(labels.reporter) ?? byline ?? cleanByline(labels.editor) ?? cleanByline(labels.chiefEditor),
    source: labels.source,
    publishedAt: labels.date ?? date,
    url: absoluteHttpUrl(page.url, null),
    lang: detectLanguage(`${title}\n${body.paragraphs.join('\n')}`, null),
    html: body.html,
    paragraphs: body.paragraphs,
    ruby: body.ruby,
    excerpt: makeExcerpt(null, body.paragraphs),
    format: page.format,
    charset: page.charset,
    extraction: wholePage ? 'whole-page' : 'article',
    ...(labels.chiefEditor ?? labels.editor ? { editor: cleanByline(labels.chiefEditor ?? labels.editor) } : {}),
    assets: body.assets,
  };
}

function classify(raw: string): Line {
  const text = collapse(stripPinyinAnnotations(raw).text);
  let kind: LineKind;
  if (!text) kind = 'blank';
  // A run of labels is metadata even when one of them (点击数) would make it a footer line.
  else if (readLabels(text).length >= 2 && isLabelLine(text)) kind = 'label';
  else kind = classifyJunkLine(text) ?? (isLabelLine(text) ? 'label' : 'body');
  if (kind === 'body' && [...text].length <= 80 && (BY_LINE.test(text) || readEnglishByline(text) || readReporterLine(text)?.date)) kind = 'byline';
  if (kind === 'body' && [...text].length <= 40 && isDateOnly(text)) kind = 'date';
  return { raw, text, kind };
}

function isDateOnly(text: string): boolean {
  if (!parsePublishedDate(text)) return false;
  return !/[\p{Script=Han}]{4,}|[a-z]{12,}/u.test(text.replace(/年|月|日|[上下]午/g, ''));
}

/**
 * The title line's index, or -1. With a breadcrumb, it is the line that repeats the crumb's last
 * step; otherwise the first short unpunctuated line before the first label line or long paragraph.
 * Keyword lists above it are spam, whatever their vocabulary.
 */
function findTitle(lines: Line[]): number {
  let index = -1;
  const crumb = lines.findIndex((l) => l.kind === 'breadcrumb');
  if (crumb >= 0) {
    const steps = lines[crumb]!.text.split(/\s*(?:>|»|›|＞|→)\s*/);
    const last = steps[steps.length - 1]!.replace(/(?:\.{3}|…)$/, '');
    if (last.length >= 2) {
      for (let i = crumb + 1; i < lines.length && i <= crumb + 6; i++) {
        const t = lines[i]!.text;
        if (lines[i]!.kind === 'body' && (t === last || t.startsWith(last) || last.startsWith(t))) {
          index = i;
          break;
        }
      }
    }
  }
  if (index < 0) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.kind !== 'body') continue;
      const chars = [...line.text].length;
      if (chars > TITLE_MAX || isKeywordList(line.text)) {
        if (chars > TITLE_MAX) break;
        continue;
      }
      if (!SENTENCE_END.test(line.text) || /[—–-]{2}/.test(line.text)) {
        index = i;
        break;
      }
    }
  }
  for (let i = 0; i < index; i++) if (lines[i]!.kind === 'body' && isKeywordList(lines[i]!.text)) lines[i]!.kind = 'spam';
  return index;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
