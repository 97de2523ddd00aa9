/**
 * The catalog's shape, its version, and the path from each older version to the current one.
 */
import { DEFAULT_SETTINGS, type ArticleMeta, type ArticleSummary, type ReadingState, type Settings } from '../model.ts';
import { ArchiveError } from './errors.ts';

export const SCHEMA_VERSION = 2;

/** catalog.json as lowdb holds it. */
export interface CatalogData {
  schemaVersion: number;
  /** Journals numbered from this one on are replayed over the catalog at open. */
  journalGen: number;
  settings: Settings;
  reading: Record<string, ReadingState>;
  /**
   * Every article. On disk these are summaries (provenance lives in provenance.json); in memory
   * a record gains its provenance when that file has been read, or carries it from the journal.
   */
  articles: Record<string, ArticleMeta | ArticleSummary>;
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
