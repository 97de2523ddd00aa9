/**
 * The archive's data model: what an article is, on disk and across the contract.
 * Pure types and constants only, so the renderer can `import type` it.
 */

/** How the reader wants Chinese text shown: as stored, or converted to one script. */
export type ScriptMode = 'original' | 'hans' | 'hant' | 'tw' | 'hk';

/**
 * The `lang` tag of text shown in `mode` (so fonts pick the right glyph forms). Here, beside the
 * types, so the window and the service tag text the same way.
 */
export function displayLang(mode: ScriptMode, originalLang: string | null): string | null {
  if (mode === 'original') return originalLang;
  if (originalLang && !/^zh\b/i.test(originalLang)) return originalLang;
  return { hans: 'zh-Hans', hant: 'zh-Hant', tw: 'zh-TW', hk: 'zh-HK' }[mode];
}
export const SCRIPT_MODES: readonly ScriptMode[] = ['original', 'hans', 'hant', 'tw', 'hk'];

/** The Chinese setting (display-only marks, faces, vertical columns): pure, here so the window and the exports share it. */
export { CJK_CSS, isCjkLang, typographyAttributes, type TypographyChoice } from './typography/cjk-css.ts';
export { autospaceRuns, FULL_WIDTH_OF, punctuationSpots, uprightDigitRuns } from './convert/punctuation.ts';
/** Where a highlight's paragraph span falls in a block's text nodes: pure, so the window and the exports place marks alike. */
export { paragraphOffsetOf, spanInPieces, squashSpace, type PieceRange } from './highlights/spans.ts';
export { readingTime, type ReadingTime } from './typography/reading-time.ts';

/**
 * How the text of a capture was found: `article` when the extractor found the article in the
 * page, `whole-page` when it found none and kept the page's whole readable text instead (a
 * later extractor may do better: the original bytes are kept for that).
 */
export type Extraction = 'article' | 'whole-page';

/** Saved-page formats the importer recognises. */
export type SourceFormat = 'html' | 'singlefile' | 'mhtml' | 'text' | 'warc' | 'wacz';

/** One imported file behind an article: the original bytes are kept under `originals/`. */
export interface Capture {
  /** sha256 of the original bytes, hex; the file is `originals/<sha256>.<ext>`. */
  sha256: string;
  ext: string;
  /** The file's base name as the user had it. */
  fileName: string;
  bytes: number;
  importedAt: string;
  importerVersion: string;
  format: SourceFormat;
  /** Charset the bytes were decoded with (`utf-8`, `gbk`, `big5` …), null when not text. */
  charset: string | null;
  /** How its text was found (absent in captures recorded before the flag existed: `article`). */
  extraction?: Extraction;
  /** Version of the extraction rules that read it (absent before it was recorded). */
  extractorVersion?: string;
}

/**
 * One article's catalog record: small on purpose (the catalog holds 100k of them and is
 * parsed whole at open); the body lives in its own file.
 */
export interface ArticleMeta {
  id: string;
  title: string;
  byline: string | null;
  source: string | null;
  /** ISO 8601 date or date-time, null when the page does not say. */
  publishedAt: string | null;
  importedAt: string;
  url: string | null;
  /** BCP 47 tag of the original text: `zh-Hans`, `zh-Hant`, `en` … */
  lang: string | null;
  /** `whole-page` when no article was found and the page's whole text stands in; absent otherwise. */
  extraction?: 'whole-page';
  /** The page's editor (责任编辑, 编辑) when it names one apart from the author. */
  editor?: string;
  /** The start of the text (EXCERPT_COLUMNS wide) for the library's rows; absent in records stored before it was kept. */
  excerpt?: string;
  tags: string[];
  /** Characters of plain text in the body. */
  length: number;
  /** sha256 of the body file, checked by `verify`. */
  bodySha256: string;
  /** sha256 of the normalized plain text: another capture of the same article has the same. */
  textSha256: string;
  /** Asset file names (`<sha256>.<ext>`) the body refers to. */
  assets: string[];
  captures: Capture[];
  /** How many highlights the article has (absent = 0); kept by the store as highlights change. */
  highlightCount?: number;
}

/** What the library lists: an article's record without its provenance. */
export type ArticleSummary = Omit<ArticleMeta, 'captures' | 'textSha256' | 'bodySha256' | 'assets'> & {
  /** How many captures (imported files) the article has; set by the list once provenance is read (absent before). */
  captureCount?: number;
};

/** Where an article came from and what checks it: kept apart from the list (provenance.json). */
export type ArticleProvenance = Pick<ArticleMeta, 'captures' | 'textSha256' | 'bodySha256' | 'assets'>;

/** A pinyin (or other) annotation kept on one character of a paragraph. */
export interface RubyAnnotation {
  /** Index into `ArticleBody.paragraphs`. */
  paragraph: number;
  /** UTF-16 offset of the annotated character within that paragraph. */
  offset: number;
  /** The annotated text, usually one character, e.g. `網`. */
  base: string;
  /** The annotation, e.g. `wǎng`. */
  text: string;
}

/** An article's content, stored as `articles/<id[0..2]>/<id>.json`. */
export interface ArticleBody {
  id: string;
  /** Sanitized HTML; images point at `asset:<sha256>.<ext>` and nothing else. */
  html: string;
  /** Plain text paragraphs, in order. */
  paragraphs: string[];
  ruby: RubyAnnotation[];
  excerpt: string | null;
  /** Asset file names (`<sha256>.<ext>`) this body refers to. */
  assets: string[];
}

/** Highlights and notes: colours, anchors, the record (archive/highlights/types.ts). */
export { HIGHLIGHT_COLORS, type Highlight, type HighlightAnchor, type HighlightColor } from './highlights/types.ts';

/** Per-article reading state; saved often, so it never costs a catalog rewrite. */
export interface ReadingState {
  /** Scroll position as a fraction of the article, 0..1. */
  progress: number;
  lastOpenedAt: string;
}

/** The reader's preferences, kept in the catalog. */
export interface Settings {
  script: ScriptMode;
  fontSize: number;
  lineHeight: number;
  measure: number;
  theme: 'system' | 'light' | 'dark' | 'sepia';
  showRuby: boolean;
  /** Indent the first line of each paragraph by two characters, as Chinese print does. */
  firstLineIndent: boolean;
  uiLanguage: 'system' | 'en' | 'zh-Hans' | 'zh-Hant';
  libraryPaneWidth: number;
  /** Show half-width `, . : ; ? ! ( )` between Han characters full-width (display only; the text is kept as imported). */
  cjkPunctuation: boolean;
  /** Justify Chinese body text (inter-character); Latin text stays ragged-right. */
  justify: boolean;
  /** The Chinese face: sans (黑體) or serif (宋體/明體), picked per script. */
  fontFamily: 'sans' | 'serif';
  /** Chinese articles set horizontally, or in vertical columns read right to left (直排). */
  writingMode: 'horizontal' | 'vertical';
}

export const DEFAULT_SETTINGS: Settings = {
  script: 'original',
  fontSize: 18,
  lineHeight: 1.8,
  measure: 38,
  theme: 'system',
  showRuby: false,
  firstLineIndent: false,
  uiLanguage: 'system',
  libraryPaneWidth: 360,
  cjkPunctuation: true,
  justify: true,
  fontFamily: 'sans',
  writingMode: 'horizontal',
};

/**
 * The range of a numeric setting, and the step its controls (menu, keys, toolbar, splitter) move
 * it by; for a setting chosen from presets (line height, column), the precision it is kept at.
 */
export interface SettingLimit {
  min: number;
  max: number;
  step: number;
}

/**
 * The one table of numeric setting limits: the contract's checks, export's font size, the
 * window's controls and the menu all read it. Text 12–40 px in 2 px steps (the defaults sit on
 * the steps); line height in tenths; the column in characters; the library pane in pixels.
 */
export const SETTING_LIMITS: { readonly [K in 'fontSize' | 'lineHeight' | 'measure' | 'libraryPaneWidth']: SettingLimit } = {
  fontSize: { min: 12, max: 40, step: 2 },
  lineHeight: { min: 1, max: 3, step: 0.1 },
  measure: { min: 20, max: 120, step: 1 },
  libraryPaneWidth: { min: 200, max: 900, step: 20 },
};

/** `value` brought inside the limits of `setting` (numbers that are not finite become the default). */
export function clampSetting(setting: keyof typeof SETTING_LIMITS, value: number): number {
  const { min, max } = SETTING_LIMITS[setting];
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_SETTINGS[setting];
}

/** `value` moved one step of `setting` up (1) or down (-1), within its limits; 0 is back to the default. */
export function stepSetting(setting: keyof typeof SETTING_LIMITS, value: number, direction: 1 | -1 | 0): number {
  if (direction === 0) return DEFAULT_SETTINGS[setting];
  return clampSetting(setting, value + direction * SETTING_LIMITS[setting].step);
}

/** Sort keys of the library list. */
export type SortKey = 'publishedAt' | 'importedAt' | 'title' | 'source';

/** The library's collections (recent, needs review, highlighted) and the rows' excerpt: pure, here so the list, search and the window share them. */
export { EXCERPT_COLUMNS, excerptOf, inCollection, LIBRARY_COLLECTIONS, RECENT_DAYS, recentSince, type LibraryCollection } from './collections.ts';
import { inCollection, recentSince, type LibraryCollection } from './collections.ts';

/** A query for one page of the library. */
export interface ListQuery {
  sort?: SortKey;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
  source?: string;
  tag?: string;
  /** Matches the start of `lang`: `zh` matches `zh-Hans` and `zh-Hant`. */
  lang?: string;
  /** Inclusive bounds on `publishedAt`, ISO dates. */
  from?: string;
  to?: string;
  /** Only articles whose text is the extracted article, or only whole-page fallbacks. */
  extraction?: Extraction;
  /** Only the articles of one collection (absent: all of them). */
  collection?: LibraryCollection;
  /** The script titles and sources are shown in (the service converts; the store ignores it). */
  script?: ScriptMode;
}

/** The library's filters and paging, shared by the list and by search. */
export type LibraryFilters = Pick<ListQuery, 'offset' | 'limit' | 'source' | 'tag' | 'lang' | 'from' | 'to' | 'extraction' | 'collection'>;

/**
 * Whether a record passes the library's filters (source, tag, lang, publication dates, extraction,
 * collection); the list and search both ask this. `since` is recentSince(), computed once per pass.
 */
export function matchesLibraryFilters(
  m: Pick<ArticleMeta, 'source' | 'tags' | 'lang' | 'publishedAt' | 'extraction' | 'importedAt' | 'highlightCount'>,
  q: LibraryFilters,
  since?: string,
): boolean {
  return (
    (!q.collection || inCollection(m, q.collection, since ?? recentSince())) &&
    (!q.source || m.source === q.source) &&
    (!q.tag || m.tags.includes(q.tag)) &&
    (!q.lang || (m.lang ?? '').startsWith(q.lang)) &&
    (!q.from || (m.publishedAt !== null && m.publishedAt.slice(0, 10) >= q.from)) &&
    (!q.to || (m.publishedAt !== null && m.publishedAt.slice(0, 10) <= q.to)) &&
    (!q.extraction || (m.extraction ?? 'article') === q.extraction)
  );
}

/** How to search: the library's filters, and the script titles and snippets come back in. */
export interface SearchFilters extends LibraryFilters {
  script?: ScriptMode;
  /** Answer only once the total is exact (quoted phrases of several words are checked against the text). */
  waitForTotal?: boolean;
}

/** One page of the library. */
export interface ListPage {
  total: number;
  offset: number;
  items: ArticleSummary[];
}

/** An article as the reader opens it. */
export interface ArticleView {
  meta: ArticleMeta;
  body: ArticleBody;
  reading: ReadingState | null;
}

/** One value the library can be filtered by, and how many articles have it. */
export interface FacetValue {
  value: string;
  count: number;
}

/** What the library's filters can offer: sources and tags (most used first), and the date span. */
export interface LibraryFacets {
  sources: FacetValue[];
  tags: FacetValue[];
  /** The earliest and latest publication dates (YYYY-MM-DD), or null in an archive without dates. */
  firstDate: string | null;
  lastDate: string | null;
  /** How many articles each collection of the library's sidebar holds. */
  collections: { all: number; recent: number; needsReview: number; highlighted: number };
}

/** Counts for the status bar and `stats`. */
export interface ArchiveStats {
  articles: number;
  captures: number;
  sources: number;
  tags: number;
  originalsBytes: number;
  schemaVersion: number;
}

/** One problem found by `verify`. */
export interface VerifyProblem {
  kind: 'missing-file' | 'checksum-mismatch' | 'orphan-file' | 'bad-body' | 'bad-journal';
  path: string;
  id?: string;
  detail: string;
  /** True when `verify --repair` (or the automatic clean-up of orphans) fixed it. */
  repaired?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
}

/** What the importer hands the store: an extracted, cleaned, sanitized article. */
export interface ExtractedArticle {
  title: string;
  byline: string | null;
  source: string | null;
  publishedAt: string | null;
  url: string | null;
  lang: string | null;
  html: string;
  paragraphs: string[];
  ruby: RubyAnnotation[];
  excerpt: string | null;
  format: SourceFormat;
  charset: string | null;
  /** How the text was found; absent means `article` (stand-ins in tests leave it out). */
  extraction?: Extraction;
  /** Version of the extraction rules that produced it. */
  extractorVersion?: string;
  /** The page's editor (责任编辑, 编辑) when it names one apart from the author. */
  editor?: string | null;
  /** Images and other media found locally, to be stored as assets. */
  assets: { sha256: string; ext: string; bytes: Uint8Array }[];
}

/** One search result: title and snippet in the reader's script, with the hits marked. */
export interface SearchHit {
  id: string;
  /** The title in the reader's script. */
  title: string;
  /** A window of the text around the first hit, in the reader's script. */
  snippet: string;
  /** Ranges of `snippet` that matched. */
  marks: [number, number][];
  /** `snippet`, HTML-escaped, with the hits in `<mark>`. */
  snippetHtml: string;
  titleMatch: boolean;
  score: number;
}

/** What can be wrong with a query, for the window to say in the reader's language. */
export type QuerySyntaxErrorCode = 'unclosed-quote' | 'empty-phrase' | 'dangling-minus' | 'dangling-or' | 'exclude-in-or' | 'empty-field' | 'bad-date';

/** A query that could not be read: what is wrong (in English), where, and the token at fault. */
export interface QuerySyntaxError {
  code: QuerySyntaxErrorCode;
  message: string;
  /** Offset in the query. */
  at: number;
  token: string;
}

/** A page of search results. */
export interface SearchResults {
  hits: SearchHit[];
  /**
   * Matching articles: exact when `totalExact`; otherwise the matches confirmed so far (a
   * lower bound; ask again with `waitForTotal` for the count).
   */
  total: number;
  /** Same as `totalExact` (kept for older callers). */
  exact: boolean;
  /** True when `total` is the exact number of matching articles. */
  totalExact: boolean;
  /** True while articles are still being indexed (results may miss them). */
  indexing: boolean;
  /** Set when the query is malformed (then there are no hits). */
  syntaxError?: QuerySyntaxError;
}

/** What an export format is, for every front end: its name, its files, and how many it makes. */
export interface ExportFormatInfo {
  id: string;
  /** The name the export dialog and the CLI's help show (the same in every UI language). */
  label: string;
  /** The extension of the files it writes, without the dot. */
  extension: string;
  /** `file-per-article`: one file for each article; `one-file`: one file (an EPUB book) for them all. */
  output: 'file-per-article' | 'one-file';
}

/**
 * The export formats, in the order they are offered. archive/export/formats.ts pairs each with
 * the function that writes it; the contract's check and the export dialog read this list.
 */
export const EXPORT_FORMATS = [
  { id: 'pdf', label: 'PDF', extension: 'pdf', output: 'file-per-article' },
  { id: 'html', label: 'HTML', extension: 'html', output: 'file-per-article' },
  { id: 'md', label: 'Markdown', extension: 'md', output: 'file-per-article' },
  { id: 'epub', label: 'EPUB', extension: 'epub', output: 'one-file' },
] as const satisfies readonly ExportFormatInfo[];

/** Export file formats: one file per article, or one EPUB book for all of them. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

/** What an export wrote, and the articles it could not. */
export interface ExportResult {
  files: string[];
  failed: { id: string; error: string }[];
  /** True when the user stopped it: the files written before (in `files`) stay, the rest were not started. */
  cancelled?: boolean;
}

/** A PDF's page margins in millimetres. */
export interface PageMarginsMm {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The margins a PDF page may have, in mm, on every side (the contract's check, the dialog, the CLI). */
export const PDF_MARGIN_LIMITS = { min: 0, max: 50 } as const;

/** Named margins the export dialog and `--margins` offer; `normal` is what a PDF gets when none are given. */
export const PDF_MARGIN_PRESETS = {
  normal: { top: 20, right: 16, bottom: 20, left: 16 },
  narrow: { top: 10, right: 10, bottom: 10, left: 10 },
  wide: { top: 30, right: 28, bottom: 30, left: 28 },
} as const satisfies Record<string, PageMarginsMm>;
