/** Script conversion: OpenCC configurations, reader modes, and whole articles. */
export { OPENCC_CONFIGS, isOpenCCConfig, getConverter, ScriptConverter } from './opencc.ts';
export type { OpenCCConfig, TrackedConversion } from './opencc.ts';
export type { OffsetMap } from './alignment.ts';
export {
  sourceScript,
  conversionPlan,
  convertText,
  convertTextTracked,
  convertForDisplay,
  metaInScript,
  displayLang,
  isJapanese,
  scriptEvidence,
} from './script.ts';
export type { ChineseScript } from './script.ts';
export { articleInScript, convertArticleBody, convertHtml } from './article.ts';
export type { ArticleInScript, ShownMeta } from './article.ts';
