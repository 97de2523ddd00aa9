/**
 * The catalog's shape, its version, and the path from each older version to the current one; and
 * the schema of what it holds (records, reading state, body files), which the store writes within
 * and restore checks every backup against.
 */
import { DEFAULT_SETTINGS, HIGHLIGHT_COLORS, type ArticleBody, type ArticleMeta, type ArticleSummary, type Highlight, type ReadingState, type Settings, type SourceFormat } from '../model.ts';
import { HIGHLIGHT_ID_PATTERN, HIGHLIGHT_LIMITS } from '../contract.ts';
import { RASTER_MIME } from '../raster.ts';
import { ArchiveError } from './errors.ts';

export const SCHEMA_VERSION = 3;

/** The catalog in memory (on disk: the manifest catalog.json and its shards, see catalog-file.ts). */
export interface CatalogData {
  schemaVersion: number;
  /** Journals numbered from this one on are replayed over the catalog at open. */
  journalGen: number;
  settings: Settings;
  reading: Record<string, ReadingState>;
  /**
   * Every article. On disk these are summaries (provenance lives in provenance/ shards); in memory
   * a record gains its provenance when that file has been read, or carries it from the journal.
   */
  articles: Record<string, ArticleMeta | ArticleSummary>;
  /** Each article's highlights (by article id; absent in catalogs from before highlights). */
  highlights?: Record<string, Highlight[]>;
}

export function emptyCatalog(): CatalogData {
  return { schemaVersion: SCHEMA_VERSION, journalGen: 0, settings: { ...DEFAULT_SETTINGS }, reading: {}, articles: {} };
}

/** Each entry lifts a catalog from version `from` to `from + 1`, in place. */
const migrations: { from: number; migrate(data: Record<string, unknown>): void }[] = [
  // Version 0 was the pre-release layout without reading state or journal generations.
  {
    from: 0,
    migrate(data) {
      data.reading ??= {};
      data.journalGen ??= 0;
    },
  },
  // Version 1 kept provenance inside each catalog record; version 2 keeps it in provenance.json.
  // The records still carry it in memory, and the rewrite after migration splits it out.
  { from: 1, migrate() {} },
  // Version 2 kept every summary in catalog.json; version 3 keeps them in 256 shards under a
  // manifest (catalog-file.ts). The store reads a version-2 file whole and writes the new layout.
  { from: 2, migrate() {} },
];

/**
 * Brings a parsed catalog up to SCHEMA_VERSION; returns true when it changed (and needs a write).
 * A catalog from a newer app is refused rather than risked.
 */
export function migrateCatalog(data: CatalogData): boolean {
  if (data.schemaVersion > SCHEMA_VERSION) {
    throw new ArchiveError(
      'too-new',
      `catalog.json is schema version ${data.schemaVersion}; this version of the app reads up to ${SCHEMA_VERSION}: update the app`,
    );
  }
  const start = data.schemaVersion;
  for (const step of migrations) {
    if (step.from === data.schemaVersion) {
      step.migrate(data as unknown as Record<string, unknown>);
      data.schemaVersion = step.from + 1;
    }
  }
  if (data.schemaVersion !== SCHEMA_VERSION) {
    throw new ArchiveError('unusable', `catalog.json: no migration from schema version ${data.schemaVersion}`);
  }
  data.settings = { ...DEFAULT_SETTINGS, ...data.settings };
  return data.schemaVersion !== start;
}

/**
 * The longest text each article field may hold. The store clips what it writes to these (a page
 * can have a title of any length), and restore refuses a backup whose records go beyond them, so
 * every record the store writes restores, and nothing else does.
 */
export const RECORD_LIMITS = {
  title: 1000,
  byline: 1000,
  source: 1000,
  url: 8192,
  lang: 64,
  fileName: 4096,
  charset: 64,
  importerVersion: 64,
  /** The excerpt the list shows: EXCERPT_COLUMNS wide, so at most that many characters and an ellipsis. */
  excerpt: 200,
  tag: 200,
  tags: 1000,
  captures: 100_000,
  assets: 100_000,
  /** A body's sanitized HTML and its plain text, in characters (pages are refused far below this). */
  bodyText: 64_000_000,
  paragraphs: 1_000_000,
  ruby: 1_000_000,
} as const;

/** Article ids: the first 16 (or, on a clash, 24) hex digits of the original's sha256. */
export const ARTICLE_ID = /^[0-9a-f]{16,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Asset names: content-addressed raster images only (see raster.ts). */
const ASSET_NAME = new RegExp(`^[0-9a-f]{64}\\.(?:${Object.keys(RASTER_MIME).join('|')})$`);
const FILE_EXT = /^[a-z0-9]{1,10}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LANG_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const CHARSET = /^[a-z0-9._:-]+$/i;
const FORMATS: readonly SourceFormat[] = ['html', 'singlefile', 'mhtml', 'text', 'warc', 'wacz'];

/** Checks one value at `path`; returns the first thing wrong, said for a person, or null. */
type Rule = (value: unknown, path: string) => string | null;

function found(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return value.length > 100 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const expect = (ok: (v: unknown) => boolean, what: string): Rule => (v, path) => (ok(v) ? null : `${path} is ${found(v)}, expected ${what}`);
const text = (max: number, min = 0): Rule => expect((v) => typeof v === 'string' && v.length >= min && v.length <= max, `a string of ${min > 0 ? `${min} to ` : 'at most '}${max} characters`);
const pattern = (re: RegExp, what: string, max = 200): Rule => expect((v) => typeof v === 'string' && v.length <= max && re.test(v), what);
const whole = (max = Number.MAX_SAFE_INTEGER): Rule => expect((v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max, `a whole number from 0 to ${max}`);
const orNull = (rule: Rule): Rule => (v, path) => (v === null ? null : rule(v, path));
/** A field the store writes only when it has something to say. */
const optional = (rule: Rule): Rule => (v, path) => (v === undefined ? null : rule(v, path));

function list(item: Rule, max: number, min = 0): Rule {
  return (v, path) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return `${path} is ${found(v)}, expected a list of ${min > 0 ? `${min} to ` : 'at most '}${max}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with exactly these fields (a field the store does not write is a problem too). */
function shape(fields: Record<string, Rule>): Rule {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path} is ${found(v)}, expected an object`;
    for (const key of Object.keys(v)) if (!Object.hasOwn(fields, key)) return `${path}.${key} is not a field this app writes`;
    for (const [key, rule] of Object.entries(fields)) {
      const problem = rule((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

const capture = shape({
  sha256: pattern(SHA256, 'a sha256 in hex'),
  ext: pattern(FILE_EXT, 'a file extension of 1 to 10 letters or digits'),
  fileName: text(RECORD_LIMITS.fileName),
  bytes: whole(),
  importedAt: pattern(ISO_DATE, 'an ISO 8601 date-time'),
  importerVersion: text(RECORD_LIMITS.importerVersion),
  format: expect((v) => FORMATS.includes(v as SourceFormat), `one of ${FORMATS.join(', ')}`),
  charset: orNull(pattern(CHARSET, 'a charset name', RECORD_LIMITS.charset)),
  extraction: optional(expect((v) => v === 'article' || v === 'whole-page', 'article or whole-page')),
  extractorVersion: optional(text(RECORD_LIMITS.importerVersion)),
});

/** The fields of a record that its body file keeps a copy of (everything but the body's checksum). */
const recordFields = {
  id: pattern(ARTICLE_ID, 'an article id (16 to 64 hex digits)'),
  title: text(RECORD_LIMITS.title, 1),
  byline: orNull(text(RECORD_LIMITS.byline)),
  source: orNull(text(RECORD_LIMITS.source)),
  publishedAt: orNull(pattern(ISO_DATE, 'an ISO 8601 date')),
  importedAt: pattern(ISO_DATE, 'an ISO 8601 date-time'),
  url: orNull(text(RECORD_LIMITS.url)),
  lang: orNull(pattern(LANG_TAG, 'a BCP 47 language tag', RECORD_LIMITS.lang)),
  extraction: optional(expect((v) => v === 'whole-page', 'whole-page (or absent)')),
  editor: optional(text(RECORD_LIMITS.byline, 1)),
  excerpt: optional(text(RECORD_LIMITS.excerpt, 1)),
  tags: list(text(RECORD_LIMITS.tag, 1), RECORD_LIMITS.tags),
  length: whole(),
  textSha256: pattern(SHA256, 'a sha256 in hex'),
  assets: list(pattern(ASSET_NAME, 'an image asset name (<sha256>.png, .jpg, .gif, .webp, .avif or .bmp)'), RECORD_LIMITS.assets),
  captures: list(capture, RECORD_LIMITS.captures, 1),
  highlightCount: optional(whole()),
};
const recoveryRule = shape(recordFields);
const recordRule = shape({ ...recordFields, bodySha256: pattern(SHA256, 'a sha256 in hex') });
const readingRule = orNull(
  shape({
    progress: expect((v) => typeof v === 'number' && v >= 0 && v <= 1, 'a number from 0 to 1'),
    lastOpenedAt: pattern(ISO_DATE, 'an ISO 8601 date-time'),
  }),
);
const bodyRule = shape({
  id: pattern(ARTICLE_ID, 'an article id'),
  html: text(RECORD_LIMITS.bodyText),
  paragraphs: list(text(RECORD_LIMITS.bodyText), RECORD_LIMITS.paragraphs),
  ruby: list(shape({ paragraph: whole(), offset: whole(), base: text(RECORD_LIMITS.bodyText, 1), text: text(RECORD_LIMITS.bodyText) }), RECORD_LIMITS.ruby),
  excerpt: orNull(text(RECORD_LIMITS.bodyText)),
  assets: list(pattern(ASSET_NAME, 'an image asset name'), RECORD_LIMITS.assets),
  recovery: recoveryRule,
});

/** How many highlights an article may have (each within the contract's HIGHLIGHT_LIMITS). */
const HIGHLIGHTS_PER_ARTICLE = 100_000;
const highlightRule = shape({
  id: pattern(HIGHLIGHT_ID_PATTERN, 'a highlight id (16 hex digits)'),
  articleId: pattern(ARTICLE_ID, 'an article id'),
  color: expect((v) => (HIGHLIGHT_COLORS as readonly unknown[]).includes(v), HIGHLIGHT_COLORS.join(', ')),
  note: text(HIGHLIGHT_LIMITS.note),
  anchor: shape({ paragraph: whole(), start: whole(), end: whole(), quote: text(HIGHLIGHT_LIMITS.quote, 1), prefix: text(64), suffix: text(64) }),
  createdAt: pattern(ISO_DATE, 'an ISO 8601 date-time'),
  updatedAt: pattern(ISO_DATE, 'an ISO 8601 date-time'),
});
const highlightsRule = list(highlightRule, HIGHLIGHTS_PER_ARTICLE);

/** What is wrong with the highlights of the article `articleId` as the store writes them (absent is fine), or null. */
export function highlightsProblem(value: unknown, articleId: string, path = 'highlights'): string | null {
  if (value === undefined) return null;
  const problem = highlightsRule(value, path);
  if (problem) return problem;
  const stray = (value as { articleId: string }[]).findIndex((h) => h.articleId !== articleId);
  return stray >= 0 ? `${path}[${stray}] belongs to another article` : null;
}

/** What is wrong with an article record (ArticleMeta) as the store writes it, or null. */
export function articleRecordProblem(value: unknown, path = 'record'): string | null {
  return recordRule(value, path);
}

/** What is wrong with an article's reading state (null is fine), or null. */
export function readingStateProblem(value: unknown, path = 'reading'): string | null {
  return readingRule(value, path);
}

/**
 * What is wrong with a body file (`articles/ab/<id>.json`, parsed) of the article `meta`, or null:
 * its shape, the copy of the record it keeps, that its ruby points inside its paragraphs, and
 * that it shows no image its record does not list.
 */
export function bodyFileProblem(value: unknown, meta: ArticleMeta, path = 'body'): string | null {
  const problem = bodyRule(value, path);
  if (problem) return problem;
  const body = value as ArticleBody & { recovery: { id: string } };
  if (body.id !== meta.id || body.recovery.id !== meta.id) return `${path} is the body of another article (${found(body.id)})`;
  for (const [i, r] of body.ruby.entries()) {
    const paragraph = body.paragraphs[r.paragraph];
    if (paragraph === undefined || r.offset + r.base.length > paragraph.length) return `${path}.ruby[${i}] points outside the paragraphs`;
  }
  const listed = new Set(meta.assets);
  const stray = body.assets.find((a) => !listed.has(a));
  if (stray) return `${path}.assets lists ${stray}, which the record does not`;
  return null;
}

/** `text` cut to at most `max` characters (on a code point boundary, with an ellipsis). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/**
 * A new record's fields fitted to RECORD_LIMITS (the store writes within the schema restore checks
 * against, so its backups always restore): long text clipped, a URL too long to keep whole dropped.
 */
export function fitRecordText<T extends Pick<ArticleMeta, 'title' | 'byline' | 'source' | 'url'>>(fields: T): T {
  const clip = (value: string | null, max: number): string | null => (value === null ? null : clipText(value, max));
  return {
    ...fields,
    title: clipText(fields.title, RECORD_LIMITS.title),
    byline: clip(fields.byline, RECORD_LIMITS.byline),
    source: clip(fields.source, RECORD_LIMITS.source),
    ...('editor' in fields && typeof fields.editor === 'string' ? { editor: clipText(fields.editor, RECORD_LIMITS.byline) } : {}),
    url: fields.url !== null && fields.url.length > RECORD_LIMITS.url ? null : fields.url,
  };
}

/** `meta`, when it is a record the schema allows; throws otherwise (the store never writes one). */
export function assertStorableRecord(meta: ArticleMeta): ArticleMeta {
  const problem = articleRecordProblem(meta);
  if (problem) throw new ArchiveError('invalid', `cannot store the article "${clipText(meta.title ?? '', 80)}": ${problem}`);
  return meta;
}
