/**
 * The shape of one showcase article: what we wrote (title, people, dates, paragraphs), which kind
 * of site it is saved from, and what the archive adds to it afterwards (tags, highlights).
 */

/** The kinds of saved page the showcase is written as; each has its own furniture (pages.ts). */
export type ShowcaseLayout = 'cn-news' | 'tw-news' | 'hk-news' | 'en-magazine' | 'en-blog' | 'cn-lesson' | 'cn-homepage';

/** A highlight the showcase puts on an article once the archive can hold highlights. */
export interface ShowcaseHighlight {
  /** Index of the paragraph, as the article stores it (after pinyin is taken out). */
  paragraph: number;
  /** The highlighted words, exactly as they stand in that paragraph. */
  quote: string;
  color: 'yellow' | 'green' | 'blue' | 'pink';
  note?: string;
}

/** One article of the showcase. */
export interface ShowcaseArticle {
  /** File name of the saved page, without extension. */
  slug: string;
  /** The title the library shows (checked against what the importer finds). */
  title: string;
  lang: 'zh-Hans' | 'zh-Hant' | 'en';
  /** The regional flavour of a Traditional text (its vocabulary), when it has one. */
  region?: 'tw' | 'hk';
  byline: string;
  /** The publication the page names (its 来源 label or its site name). */
  source: string;
  /** ISO date or date-time, as the page gives it. */
  publishedAt: string;
  url: string;
  layout: ShowcaseLayout;
  /** The text as the page holds it; in `cn-lesson` with inline readings such as `网(wǎng)`. */
  paragraphs: string[];
  /** Tags the reader gave it after import. */
  tags: string[];
  /** Saved twice (a later visit, with other page furniture): the archive keeps two captures. */
  savedTwice?: boolean;
  highlights?: ShowcaseHighlight[];
}
