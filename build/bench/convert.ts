/**
 * Conversion bench (`convert.*`): throughput of our converters against plain opencc-js
 * converters for the same configuration on the same text in the same run (ratio ≥ 1 means we
 * are at least as fast), and the time to switch a 20,000-character article to another script
 * (body paragraphs, HTML and ruby), first with converters still to build and then warm.
 */
import OpenCC from 'opencc-js';
import { convertArticleBody } from '../../archive/convert/article.ts';
import { forgetConvertedSegments, getConverter, type OpenCCConfig } from '../../archive/convert/opencc.ts';
import type { ArticleBody, ScriptMode } from '../../archive/model.ts';
import { syntheticArticle } from '../../archive/testing/synthetic.ts';
import { median, medianMs, round, type BenchSuite, type Figures } from './harness.ts';

/** Synthetic paragraphs in one script until `chars` characters. */
function textOf(script: 'zh-Hans' | 'zh-Hant', chars: number): string[] {
  const paragraphs: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const a = syntheticArticle(i, 7);
    if (a.lang !== script) continue;
    for (const p of a.paragraphs) {
      if (length >= chars) break;
      const piece = p.slice(0, chars - length);
      paragraphs.push(piece);
      length += piece.length;
    }
  }
  return paragraphs;
}

/** An article body of `chars` characters with a ruby annotation every 200 characters. */
export function articleOf(script: 'zh-Hans' | 'zh-Hant', chars: number): ArticleBody {
  const paragraphs = textOf(script, chars);
  const ruby = paragraphs.flatMap((p, paragraph) =>
    Array.from({ length: Math.floor(p.length / 200) }, (_, k) => ({ paragraph, offset: k * 200, base: p[k * 200]!, text: 'pīn' })),
  );
  return {
    id: 'bench',
    html: paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
    paragraphs,
    ruby,
    excerpt: paragraphs[0]!.slice(0, 100),
    assets: [],
  };
}

const PAIRS: [OpenCCConfig, { from: string; to: string }, 'zh-Hans' | 'zh-Hant'][] = [
  ['s2t', { from: 'cn', to: 't' }, 'zh-Hans'],
  ['s2twp', { from: 'cn', to: 'twp' }, 'zh-Hans'],
  ['t2s', { from: 't', to: 'cn' }, 'zh-Hant'],
  ['tw2sp', { from: 'twp', to: 'cn' }, 'zh-Hant'],
];

export const convertBench: BenchSuite = {
  name: 'convert',
  async run(ctx) {
    const figures: Figures = {};
    const article = articleOf('zh-Hans', 20_000);
    let t = performance.now();
    convertArticleBody(article, 'tw', 'zh-Hans');
    figures['convert.switch_20k_cold_ms'] = round(performance.now() - t);
    // Warm converters, but nothing remembered from converting this article before.
    const switchTo = (body: ArticleBody, mode: ScriptMode, lang: string) => () => {
      forgetConvertedSegments();
      convertArticleBody(body, mode, lang);
    };
    for (const mode of ['tw', 'hant', 'hk'] as const) {
      convertArticleBody(article, mode, 'zh-Hans');
      figures[`convert.switch_20k_${mode}_ms`] = await medianMs(Math.max(ctx.runs, 5), switchTo(article, mode, 'zh-Hans'));
    }
    const trad = articleOf('zh-Hant', 20_000);
    convertArticleBody(trad, 'hans', 'zh-Hant');
    figures['convert.switch_20k_hant_to_hans_ms'] = await medianMs(Math.max(ctx.runs, 5), switchTo(trad, 'hans', 'zh-Hant'));

    const texts = { 'zh-Hans': textOf('zh-Hans', 500_000).join('\n'), 'zh-Hant': textOf('zh-Hant', 500_000).join('\n') };
    const ratios: number[] = [];
    for (const [config, locales, script] of PAIRS) {
      const text = texts[script];
      const plain = OpenCC.Converter(locales);
      if (getConverter(config).convert(text) !== plain(text)) throw new Error(`${config}: our output differs from opencc-js on the bench text`);
      const ours = getConverter(config);
      const oursMs: number[] = [];
      const plainMs: number[] = [];
      const runPlain = () => {
        t = performance.now();
        plain(text);
        plainMs.push(performance.now() - t);
      };
      const runOurs = () => {
        // Nothing remembered from the previous run of the same text.
        ours.forgetSegments();
        t = performance.now();
        ours.convert(text);
        oursMs.push(performance.now() - t);
      };
      for (let r = 0; r < Math.max(ctx.runs, 5); r++) {
        if (r % 2) {
          runPlain();
          runOurs();
        } else {
          runOurs();
          runPlain();
        }
      }
      const oursRate = text.length / (median(oursMs) / 1000);
      const plainRate = text.length / (median(plainMs) / 1000);
      figures[`convert.${config}_chars_per_s`] = Math.round(oursRate);
      figures[`convert.${config}_opencc_js_chars_per_s`] = Math.round(plainRate);
      figures[`convert.${config}_ratio`] = round(oursRate / plainRate);
      ratios.push(oursRate / plainRate);
    }
    figures['convert.throughput_ratio_min'] = round(Math.min(...ratios));
    ctx.log(`switch 20k chars to tw: ${figures['convert.switch_20k_tw_ms']} ms; throughput ratio ≥ ${figures['convert.throughput_ratio_min']}`);
    return figures;
  },
};
