/**
 * The one declaration of the API between the window and the archive: every method with its
 * argument and result, its IPC channel, the check its argument must pass in main, and the
 * events main sends to the window. The service implements `ReaderApi`, main binds `channels` to
 * `ipcMain.handle`, the preload exposes `window.reader`, the renderer imports the types only.
 */
import type { ImportProgress, ImportReport } from './import/types.ts';
import type {
  ArchiveStats,
  LibraryFacets,
  ExportFormat,
  ExportResult,
  SearchFilters,
  SearchResults,
  ArticleMeta,
  ArticleView,
  Highlight,
  HighlightColor,
  ListPage,
  ListQuery,
  ReadingState,
  ScriptMode,
  Settings,
  VerifyReport,
} from './model.ts';
import { EXPORT_FORMATS, HIGHLIGHT_COLORS, LIBRARY_COLLECTIONS, PDF_MARGIN_LIMITS, SETTING_LIMITS, type PageMarginsMm } from './model.ts';

export type { ExportFormat, ExportResult, ImportProgress, ImportReport, SearchResults };

/** A full-text query with the library's filters; titles and snippets come back in `script`. */
export interface SearchQuery extends SearchFilters {
  query: string;
}

/**
 * A file or folder the user chose in main (a dialog, a drop, the menu, the command line), as the
 * window holds it: an opaque, single-use token, never a path. Main issues it (see
 * archive/path-tokens.ts); a method that touches files redeems it for the purpose it was issued for.
 */
export type PathToken = `pt-${string}`;
/** What a token lets the window do with its paths: read them in, write into a folder or a file, read a backup. */
export type PathPurpose = 'import' | 'export' | 'backup' | 'restore';
/** How many articles one getArticles call returns (bodies included): callers with more ask in batches. */
export const MAX_ARTICLES_AT_ONCE = 200;
/** The shape of a token: "pt-" and 128 random bits in hex. */
export const PATH_TOKEN_PATTERN = /^pt-[0-9a-f]{32}$/;

/** Articles to export; without `folderToken` the app asks the user for a folder. */
export interface ExportQuery {
  ids: string[];
  format: ExportFormat;
  script: ScriptMode;
  fontSize: number;
  paper?: 'A4' | 'Letter';
  /** The folder to write into, chosen in main. */
  folderToken?: PathToken;
  /** The reader's typographic choices, so the export reads as the screen does (defaults: DEFAULT_SETTINGS). */
  cjkPunctuation?: boolean;
  justify?: boolean;
  fontFamily?: 'sans' | 'serif';
  writingMode?: 'horizontal' | 'vertical';
  /** Pinyin ruby printed beside its characters, as in the reader. */
  showRuby?: boolean;
  /** PDF page margins in mm, each within PDF_MARGIN_LIMITS (default: PDF_MARGIN_PRESETS.normal). */
  margins?: PageMarginsMm;
  /** The article's highlights and notes go into the export (default true). */
  highlights?: boolean;
  /** EPUB of several articles: one book for the lot (default) or one book each. */
  epub?: 'each' | 'one';
}

/** One capture of an article as the original view's chooser lists it: `index` into the article's captures, oldest first. */
export interface CaptureChoice {
  index: number;
  importedAt: string;
  format: string;
  /** The file it was imported from (a web archive's page: `<file>#<offset>`), null when not known. */
  name: string | null;
}

/**
 * A capture's saved page as it was: its HTML (an MHTML's HTML part; a text dump as preformatted
 * text), decoded with the charset its import used, images pointing at the archive's assets
 * (`asset:<sha256>.<ext>`) or inline `data:` images. Untrusted: the window shows it only in a
 * sandboxed frame without script or network.
 */
export interface OriginalView {
  html: string;
  /** The capture shown. */
  capture: number;
  captures: CaptureChoice[];
}

/** The longest note, and the longest highlighted text, the archive keeps. */
export const HIGHLIGHT_LIMITS = { note: 10_000, quote: 20_000 } as const;
/** Highlight ids: 16 hex digits, made by the archive. */
export const HIGHLIGHT_ID_PATTERN = /^[0-9a-f]{16}$/;

/** A span of one paragraph of the article as shown in `script` (UTF-16 offsets, end exclusive). */
export interface HighlightSpan {
  paragraph: number;
  start: number;
  end: number;
}

/** A new highlight: where it is in the text the reader sees (`script`), its colour and note. */
export interface NewHighlight {
  articleId: string;
  script: ScriptMode;
  anchor: HighlightSpan;
  color: HighlightColor;
  note?: string;
}

/** The methods the window may call; each takes one argument object and returns a promise. */
export interface ReaderApi {
  /** One page of the library, sorted and filtered. */
  listArticles(query: ListQuery): Promise<ListPage>;
  /** An article with its body and reading state, title and body shown in `script`; null when there is no such id. */
  getArticle(arg: { id: string; script?: ScriptMode }): Promise<ArticleView | null>;
  /** Several articles as getArticle shows them, in the order of `ids` (null for an id not there); at most MAX_ARTICLES_AT_ONCE. */
  getArticles(arg: { ids: string[]; script?: ScriptMode }): Promise<(ArticleView | null)[]>;
  /** Renames or retags an article. */
  updateArticle(arg: { id: string; title?: string; tags?: string[] }): Promise<ArticleMeta>;
  /** Removes articles and their files; returns the ids removed. */
  removeArticles(arg: { ids: string[] }): Promise<string[]>;
  /** Saves how far the reader got in an article (0..1). */
  saveReadingState(arg: { id: string; progress: number }): Promise<ReadingState>;
  /** The reader's preferences. */
  getSettings(arg: Record<string, never>): Promise<Settings>;
  /** Changes some preferences; returns them all. */
  updateSettings(arg: Partial<Settings>): Promise<Settings>;
  /** Counts for the status bar. */
  getStats(arg: Record<string, never>): Promise<ArchiveStats>;
  /** The sources, tags and date span the library's filters offer. */
  getFacets(arg: Record<string, never>): Promise<LibraryFacets>;
  /** Checks the archive's files against its catalog. */
  verifyArchive(arg: { repair?: boolean }): Promise<VerifyReport>;
  /** Imports the files and folders (recursively) behind an import token; progress arrives as `importProgress` events. */
  importFiles(arg: { token: PathToken }): Promise<ImportReport>;
  /** Asks the user for files or a folder, then imports them; null when the user cancelled. */
  chooseAndImport(arg: { kind: 'files' | 'folder' }): Promise<ImportReport | null>;
  /** Stops the running import: files not yet started are left out of it. */
  cancelImport(arg: Record<string, never>): Promise<boolean>;
  /** Full-text search across scripts, best first, in the query language of search/syntax.ts; `totalExact` says whether `total` is counted yet. */
  search(arg: SearchQuery): Promise<SearchResults>;
  /** Exports articles as PDF, HTML or Markdown files, or one EPUB; null when the user cancelled the folder choice. */
  exportArticles(arg: ExportQuery): Promise<ExportResult | null>;
  /** Writes every article (or those changed since `since`) to the token's file as OpenSearch `_bulk` lines (archive/export/bulk.ts). */
  exportBulk(arg: { fileToken: PathToken; since?: string; index?: string }): Promise<{ articles: number; bytes: number; file: string }>;
  /** Stops the running export after the file in progress (files written stay; its result says `cancelled`); false when none runs. */
  cancelExport(arg: Record<string, never>): Promise<boolean>;
  /** Writes the whole archive to one self-checking file (the app asks where without `fileToken`); null when cancelled. */
  backupArchive(arg: { fileToken?: PathToken }): Promise<{ articles: number; bytes: number; file: string } | null>;
  /** Checks a backup file whole, then merges it by id (nothing overwritten); the app asks which without `fileToken`; null when cancelled. */
  restoreArchive(arg: { fileToken?: PathToken }): Promise<RestoreSummary | null>;
  /** Checks a backup file whole (checksums, every record against the schema) and changes nothing; an ArchiveError names what is wrong. */
  checkBackup(arg: { fileToken: PathToken }): Promise<{ articles: number; bytes: number }>;
  /** A capture of an article as it was saved (default: the first, whose text the article shows); null when there is no such article or capture. */
  getOriginal(arg: { id: string; capture?: number }): Promise<OriginalView | null>;
  /** An article's highlights, oldest first, anchored in the text as shown in `script` (default: original). */
  listHighlights(arg: { articleId: string; script?: ScriptMode }): Promise<Highlight[]>;
  /** Highlights a span of the text as shown in `script`; stored on the original text, returned in `script`. */
  addHighlight(arg: NewHighlight): Promise<Highlight>;
  /** Changes a highlight's colour or note; returned anchored in the original text. */
  updateHighlight(arg: { id: string; color?: HighlightColor; note?: string }): Promise<Highlight>;
  /** Removes a highlight; false when there was none with this id. */
  removeHighlight(arg: { id: string }): Promise<boolean>;
}

/** What a restore did: articles added, those already there, and conflicts left as they were. */
export interface RestoreSummary {
  articles: number;
  bytes: number;
  unchanged: number;
  conflicts: { id: string; title: string; reason: string }[];
  /** Files written into the archive (bodies, originals, assets it lacked). */
  filesWritten: number;
  /** The backup's preferences were taken (into an empty archive at its defaults). */
  settingsRestored: boolean;
}

export type ReaderMethod = keyof ReaderApi;
export type ReaderArg<M extends ReaderMethod> = Parameters<ReaderApi[M]>[0];
export type ReaderResult<M extends ReaderMethod> = Awaited<ReturnType<ReaderApi[M]>>;

/** IPC channel of each method: fixed strings, one prefix, so main and preload can allow-list them. */
export const channels = {
  listArticles: 'reader:listArticles',
  getArticle: 'reader:getArticle',
  getArticles: 'reader:getArticles',
  updateArticle: 'reader:updateArticle',
  removeArticles: 'reader:removeArticles',
  saveReadingState: 'reader:saveReadingState',
  getSettings: 'reader:getSettings',
  updateSettings: 'reader:updateSettings',
  getStats: 'reader:getStats',
  getFacets: 'reader:getFacets',
  verifyArchive: 'reader:verifyArchive',
  importFiles: 'reader:importFiles',
  chooseAndImport: 'reader:chooseAndImport',
  cancelImport: 'reader:cancelImport',
  search: 'reader:search',
  exportArticles: 'reader:exportArticles',
  exportBulk: 'reader:exportBulk',
  cancelExport: 'reader:cancelExport',
  backupArchive: 'reader:backupArchive',
  restoreArchive: 'reader:restoreArchive',
  checkBackup: 'reader:checkBackup',
  getOriginal: 'reader:getOriginal',
  listHighlights: 'reader:listHighlights',
  addHighlight: 'reader:addHighlight',
  updateHighlight: 'reader:updateHighlight',
  removeHighlight: 'reader:removeHighlight',
} as const satisfies { [M in ReaderMethod]: `reader:${M}` };

/** Events main sends to the window, with their payloads. */
export interface ReaderEvents {
  /** The archive changed (an import, a removal in another window …): lists should refresh. */
  archiveChanged: { ids: string[] };
  /** Something the user should know happened when the archive was opened (a recovery …). */
  notice: { message: string };
  /** How the running import is getting on. */
  importProgress: ImportProgress;
  /** An import ended, whoever started it (window, menu, drop, command line): its whole report. */
  importFinished: ImportReport;
  /** Files the user dropped on the window, registered in main: the token to pass to `importFiles`. */
  filesDropped: { token: PathToken };
  /** How the running export is getting on. */
  exportProgress: { done: number; total: number; file: string | null };
  /** How a backup or restore is getting on, in bytes (a restore reads the file twice: check, then write). */
  backupProgress: { task: 'backup' | 'restore-check' | 'restore-write'; bytesDone: number; bytesTotal: number };
  /** How far the search index is in catching up with the archive (a search waits for it). */
  indexProgress: { done: number; total: number };
  /** How far a verify is in checking the articles' files. */
  verifyProgress: { done: number; total: number };
  /** A menu item the window acts on (Export…, Find, Shortcuts). */
  menuCommand: { command: 'export' | 'find' | 'shortcuts' };
  /** Preferences changed outside the window (from the menu). */
  settingsChanged: Settings;
}

export type ReaderEvent = keyof ReaderEvents;

export const eventChannels = {
  archiveChanged: 'reader-event:archiveChanged',
  notice: 'reader-event:notice',
  importProgress: 'reader-event:importProgress',
  importFinished: 'reader-event:importFinished',
  filesDropped: 'reader-event:filesDropped',
  exportProgress: 'reader-event:exportProgress',
  backupProgress: 'reader-event:backupProgress',
  indexProgress: 'reader-event:indexProgress',
  verifyProgress: 'reader-event:verifyProgress',
  menuCommand: 'reader-event:menuCommand',
  settingsChanged: 'reader-event:settingsChanged',
} as const satisfies { [E in ReaderEvent]: `reader-event:${E}` };

/** `window.reader`: the API plus a subscription to events (returns the unsubscribe function). */
export interface ReaderBridge extends ReaderApi {
  on<E extends ReaderEvent>(event: E, listener: (payload: ReaderEvents[E]) => void): () => void;
}

/** Thrown by an argument check; main answers the window with this message. */
export class InvalidArgument extends Error {
  override name = 'InvalidArgument';
}

type Check<T> = (value: unknown, path: string) => T;

const fail = (path: string, what: string): never => {
  throw new InvalidArgument(`${path}: expected ${what}`);
};

const str =
  (max = 10_000): Check<string> =>
  (v, p) =>
    typeof v === 'string' && v.length <= max ? v : fail(p, `a string of at most ${max} characters`);
const num =
  (min: number, max: number): Check<number> =>
  (v, p) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(p, `a number from ${min} to ${max}`);
const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false'));
const oneOf =
  <T extends string>(...options: T[]): Check<T> =>
  (v, p) =>
    options.includes(v as T) ? (v as T) : fail(p, `one of ${options.join(', ')}`);
const arr =
  <T>(item: Check<T>, max: number): Check<T[]> =>
  (v, p) =>
    Array.isArray(v) && v.length <= max ? v.map((x, i) => item(x, `${p}[${i}]`)) : fail(p, `a list of at most ${max}`);
const id: Check<string> = (v, p) => (typeof v === 'string' && /^[0-9a-f]{16,64}$/.test(v) ? v : fail(p, 'an article id'));
const pathToken: Check<PathToken> = (v, p) =>
  typeof v === 'string' && PATH_TOKEN_PATTERN.test(v) ? (v as PathToken) : fail(p, 'a token the app issued for a file or folder the user chose (the window cannot name paths)');
/** An index into an article's captures (the store keeps at most 100,000). */
const captureIndex: Check<number> = (v, p) => (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < 100_000 ? (v as number) : fail(p, 'a capture number from 0 to 99999'));
const highlightId: Check<string> = (v, p) => (typeof v === 'string' && HIGHLIGHT_ID_PATTERN.test(v) ? v : fail(p, 'a highlight id'));
const highlightColor = oneOf(...HIGHLIGHT_COLORS);
const offset = num(0, 1e8);
/** A span whose end is after its start and no longer than the longest highlight. */
const highlightSpan: Check<HighlightSpan> = (v, p) => {
  const span = obj<HighlightSpan>({ paragraph: num(0, 1e7), start: offset, end: offset })(v, p);
  if (!Number.isInteger(span.paragraph) || !Number.isInteger(span.start) || !Number.isInteger(span.end)) fail(p, 'whole numbers');
  if (span.end <= span.start || span.end - span.start > HIGHLIGHT_LIMITS.quote) fail(p, `a span of 1 to ${HIGHLIGHT_LIMITS.quote} characters (end after start)`);
  return span;
};
const isoDate: Check<string> = (v, p) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v : fail(p, 'an ISO date'));
/** A whole ISO 8601 date or date-time that names a moment (`2024-05-01`, `2024-05-01T08:00:00Z`). */
const isoMoment: Check<string> = (v, p) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : fail(p, 'an ISO 8601 date or date-time, like 2024-05-01 or 2024-05-01T08:00:00Z');
/** A search engine's index name: lower case, no spaces or `\/*?"<>|,#`, not starting with `-_+`. */
const indexName: Check<string> = (v, p) => (typeof v === 'string' && /^[a-z0-9][a-z0-9._-]{0,254}$/.test(v) ? v : fail(p, 'an index name (lower-case letters, digits, ".", "_" and "-")'));

/** An object whose keys are all known: required ones checked, optional ones checked when present. */
function obj<T>(required: { [K in keyof T]?: Check<T[K]> }, optional: { [K in keyof T]?: Check<T[K]> } = {}): Check<T> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'an object');
    const out: Record<string, unknown> = {};
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!(key in required) && !(key in optional)) fail(`${p}.${key}`, 'no such field');
    }
    for (const [key, check] of Object.entries(required) as [string, Check<unknown>][]) out[key] = check(input[key], `${p}.${key}`);
    for (const [key, check] of Object.entries(optional) as [string, Check<unknown>][]) {
      if (input[key] !== undefined) out[key] = check(input[key], `${p}.${key}`);
    }
    return out as T;
  };
}

const scriptMode = oneOf('original', 'hans', 'hant', 'tw', 'hk');
/** A number within a setting's limits (model.ts's SETTING_LIMITS: the one table of them). */
const limited = (setting: keyof typeof SETTING_LIMITS): Check<number> => num(SETTING_LIMITS[setting].min, SETTING_LIMITS[setting].max);
/** One side of a PDF page's margins, in mm. */
const marginMm: Check<number> = num(PDF_MARGIN_LIMITS.min, PDF_MARGIN_LIMITS.max);
const settingsChecks = {
  script: scriptMode,
  fontSize: limited('fontSize'),
  lineHeight: limited('lineHeight'),
  measure: limited('measure'),
  theme: oneOf('system', 'light', 'dark', 'sepia'),
  showRuby: bool,
  firstLineIndent: bool,
  uiLanguage: oneOf('system', 'en', 'zh-Hans', 'zh-Hant'),
  libraryPaneWidth: limited('libraryPaneWidth'),
  cjkPunctuation: bool,
  justify: bool,
  fontFamily: oneOf('sans', 'serif'),
  writingMode: oneOf('horizontal', 'vertical'),
};

/**
 * Refuses the fields that once carried paths with a message that says why, before `check` runs:
 * a window that still sends a path learns that it must ask main for a token.
 */
function refusingPaths<T>(fields: readonly string[], check: Check<T>): Check<T> {
  return (v, p) => {
    if (typeof v === 'object' && v !== null) {
      for (const field of fields) {
        if (Object.hasOwn(v, field)) throw new InvalidArgument(`${p}.${field}: the window cannot name files; the app's dialogs and drops hand it a token`);
      }
    }
    return check(v, p);
  };
}

/** The check each method's argument must pass before the service sees it. */
export const argumentChecks: { [M in ReaderMethod]: Check<ReaderArg<M>> } = {
  listArticles: obj<ListQuery>(
    {},
    {
      sort: oneOf('publishedAt', 'importedAt', 'title', 'source'),
      order: oneOf('asc', 'desc'),
      offset: num(0, 1e9),
      limit: num(0, 1000),
      source: str(500),
      tag: str(200),
      lang: str(20),
      from: isoDate,
      to: isoDate,
      extraction: oneOf('article', 'whole-page'),
      collection: oneOf(...LIBRARY_COLLECTIONS),
      script: scriptMode,
    },
  ),
  getArticle: obj<ReaderArg<'getArticle'>>({ id }, { script: scriptMode }),
  getArticles: obj<ReaderArg<'getArticles'>>({ ids: arr(id, MAX_ARTICLES_AT_ONCE) }, { script: scriptMode }),
  updateArticle: obj<ReaderArg<'updateArticle'>>({ id }, { title: str(1000), tags: arr(str(200), 100) }),
  removeArticles: obj({ ids: arr(id, 100_000) }),
  saveReadingState: obj({ id, progress: num(0, 1) }),
  getSettings: obj({}),
  updateSettings: obj<Partial<Settings>>({}, settingsChecks),
  getStats: obj({}),
  getFacets: obj({}),
  verifyArchive: obj<ReaderArg<'verifyArchive'>>({}, { repair: bool }),
  importFiles: refusingPaths(['paths'], obj({ token: pathToken })),
  chooseAndImport: obj({ kind: oneOf('files', 'folder') }),
  cancelImport: obj({}),
  search: obj<SearchQuery>(
    { query: str(500) },
    { script: scriptMode, offset: num(0, 1e6), limit: num(1, 200), source: str(500), tag: str(200), lang: str(20), from: isoDate, to: isoDate, extraction: oneOf('article', 'whole-page'), collection: oneOf(...LIBRARY_COLLECTIONS), waitForTotal: bool },
  ),
  exportArticles: refusingPaths(
    ['outDir', 'outFile'],
    obj<ExportQuery>(
      { ids: arr(id, 10_000), format: oneOf(...EXPORT_FORMATS.map((f) => f.id)), script: scriptMode, fontSize: limited('fontSize') },
      {
        paper: oneOf('A4', 'Letter'),
        folderToken: pathToken,
        cjkPunctuation: bool,
        justify: bool,
        fontFamily: oneOf('sans', 'serif'),
        writingMode: oneOf('horizontal', 'vertical'),
        showRuby: bool,
        margins: obj<PageMarginsMm>({ top: marginMm, right: marginMm, bottom: marginMm, left: marginMm }),
        highlights: bool,
        epub: oneOf('each', 'one'),
      },
    ),
  ),
  exportBulk: refusingPaths(['outFile', 'file'], obj<ReaderArg<'exportBulk'>>({ fileToken: pathToken }, { since: isoMoment, index: indexName })),
  cancelExport: obj({}),
  backupArchive: refusingPaths(['outFile', 'file'], obj<ReaderArg<'backupArchive'>>({}, { fileToken: pathToken })),
  restoreArchive: refusingPaths(['file', 'path'], obj<ReaderArg<'restoreArchive'>>({}, { fileToken: pathToken })),
  checkBackup: refusingPaths(['file', 'path'], obj<ReaderArg<'checkBackup'>>({ fileToken: pathToken })),
  getOriginal: obj<ReaderArg<'getOriginal'>>({ id }, { capture: captureIndex }),
  listHighlights: obj<ReaderArg<'listHighlights'>>({ articleId: id }, { script: scriptMode }),
  addHighlight: obj<NewHighlight>({ articleId: id, script: scriptMode, anchor: highlightSpan, color: highlightColor }, { note: str(HIGHLIGHT_LIMITS.note) }),
  updateHighlight: obj<ReaderArg<'updateHighlight'>>({ id: highlightId }, { color: highlightColor, note: str(HIGHLIGHT_LIMITS.note) }),
  removeHighlight: obj<ReaderArg<'removeHighlight'>>({ id: highlightId }),
};

/** Checks a method's argument as it arrives over IPC; throws InvalidArgument with the path. */
export function checkArgument<M extends ReaderMethod>(method: M, value: unknown): ReaderArg<M> {
  const check = argumentChecks[method] as Check<ReaderArg<M>> | undefined;
  if (!check) throw new InvalidArgument(`${String(method)}: no such method`);
  return check(value ?? {}, method);
}

/** The method names, for binding loops (main, preload, e2e bridge). */
export const readerMethods = Object.keys(channels) as ReaderMethod[];
