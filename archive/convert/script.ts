/**
 * Reader-facing script modes on top of OpenCC configurations: which script a text is written in,
 * which configurations take it to the mode the reader chose, and the `lang` tag of the result.
 */
import { displayLang, type ScriptMode } from '../model.ts';
import { IDENTITY_MAP, composeMaps } from './alignment.ts';
import { hanTables } from './chars.ts';
import { getConverter, type OpenCCConfig, type TrackedConversion } from './opencc.ts';

/** The script a Chinese text is written in: Simplified, or Traditional as OpenCC, Taiwan or Hong Kong write it. */
export type ChineseScript = 'hans' | 't' | 'tw' | 'hk';

const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/;

/** True for text that must never be converted (Japanese: kana next to kanji). */
export function isJapanese(text: string): boolean {
  return KANA.test(text);
}

/** Counts characters that only Simplified, or only Traditional, text uses in the first `sampleSize` of `text`. */
export function scriptEvidence(text: string, sampleSize = 8000): { simplified: number; traditional: number } {
  const { scriptOf } = hanTables();
  let simplified = 0;
  let traditional = 0;
  const end = Math.min(text.length, sampleSize);
  for (let i = 0; i < end; i++) {
    const s = scriptOf[text.charCodeAt(i)];
    if (s === 1) simplified++;
    else if (s === 2) traditional++;
  }
  return { simplified, traditional };
}

/**
 * The script of a text, from its characters first (declared charsets and `lang` tags on saved
 * pages are often wrong), with the `lang` tag naming the Traditional variant and breaking ties.
 * Null for languages that must not be converted (Japanese, Korean).
 */
export function sourceScript(lang: string | null, text: string): ChineseScript | null {
  const tag = (lang ?? '').toLowerCase();
  if (/^(ja|ko)\b/.test(tag) || isJapanese(text.slice(0, 4000))) return null;
  const variant: ChineseScript = /^zh-(hant-)?(hk|mo)\b/.test(tag)
    ? 'hk'
    : /^zh-(hant-)?tw\b/.test(tag)
      ? 'tw'
      : 't';
  const declaredTraditional = /^zh-(hant|tw|hk|mo)\b/.test(tag);
  const { simplified, traditional } = scriptEvidence(text);
  if (traditional > simplified) return variant;
  if (simplified > traditional) return 'hans';
  return declaredTraditional ? variant : 'hans';
}

const TO_TRADITIONAL: Record<Exclude<ScriptMode, 'original' | 'hans'>, Record<Exclude<ChineseScript, 'hans'>, OpenCCConfig[]>> = {
  hant: { t: [], tw: ['tw2t'], hk: ['hk2t'] },
  tw: { t: ['t2tw'], tw: [], hk: ['hk2t', 't2tw'] },
  hk: { t: ['t2hk'], tw: ['tw2t', 't2hk'], hk: [] },
};

/** The OpenCC configurations, in order, that show text written in `source` in `mode`. */
export function conversionPlan(mode: ScriptMode, source: ChineseScript | null): OpenCCConfig[] {
  if (mode === 'original' || source === null) return [];
  if (mode === 'hans') return source === 'hans' ? [] : [source === 't' ? 't2s' : source === 'tw' ? 'tw2s' : 'hk2s'];
  if (source === 'hans') return [mode === 'hant' ? 's2t' : mode === 'tw' ? 's2twp' : 's2hk'];
  return [...TO_TRADITIONAL[mode][source]];
}

/** Runs `text` through every configuration of `plan`. */
export function convertText(text: string, plan: readonly OpenCCConfig[]): string {
  let out = text;
  for (const config of plan) out = getConverter(config).convert(out);
  return out;
}

/** Like `convertText`, also mapping input positions to output positions. */
export function convertTextTracked(text: string, plan: readonly OpenCCConfig[]): TrackedConversion {
  if (plan.length === 0) return { text, offsets: IDENTITY_MAP };
  let out = text;
  const maps = [];
  for (const config of plan) {
    const step = getConverter(config).convertTracked(out);
    out = step.text;
    maps.push(step.offsets);
  }
  return { text: out, offsets: composeMaps(maps) };
}

/** Shows one piece of text (a title, a snippet) in `mode`, judging its script from itself and `lang`. */
export function convertForDisplay(text: string, mode: ScriptMode, lang: string | null): string {
  if (mode === 'original') return text;
  return convertText(text, conversionPlan(mode, sourceScript(lang, text)));
}

/** An article's title, byline, source and excerpt as shown in `mode`, with the `lang` that goes with them. */
export function metaInScript<T extends { title: string; byline: string | null; source: string | null; lang: string | null; excerpt?: string }>(meta: T, mode: ScriptMode): T {
  if (mode === 'original') return meta;
  const shown = (text: string | null): string | null => (text === null ? null : convertForDisplay(text, mode, meta.lang));
  const excerpt = meta.excerpt === undefined ? {} : { excerpt: convertForDisplay(meta.excerpt, mode, meta.lang) };
  return { ...meta, title: convertForDisplay(meta.title, mode, meta.lang), byline: shown(meta.byline), source: shown(meta.source), ...excerpt, lang: displayLang(mode, meta.lang) };
}

export { displayLang };
