/**
 * The bench's cache of generated archives, kept between runs in `$READER_BENCH_CACHE` (default
 * `<os tmpdir>/reader-bench-cache`): at a million articles the body files alone take many minutes
 * to write and the search index longer to build, so each is made once and reused.
 *
 *   archive-<scale>/articles/ab/<id>.json     the body files (their format is stable)
 *   archive-<scale>/bodies.json                written last: the bodies are complete
 *   archive-<scale>/catalog-<key>/             the catalog in the store's on-disk format, keyed by
 *                                              the schema version and the catalog writer's source;
 *                                              `articles` in it links to ../articles
 *   search-<scale>-<key>/search/               the built search index, keyed by the index's source
 *
 * A new catalog format rewrites only the catalog over the cached bodies; a new index format
 * rebuilds only the index. Benches never open the cached folders themselves: `workingArchive`
 * copies the catalog into a scratch folder whose `articles` links to the cached bodies (body files
 * are never modified in place; the bodies a bench adds are removed again with `forgetBodies`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCHEMA_VERSION } from '../../archive/store/schema.ts';
import { acquireLock, type ArchiveLock } from '../../archive/store/lock.ts';
import { ArchiveError } from '../../archive/store/errors.ts';
import { bodyRelPath } from '../../archive/store/store.ts';
import { scaleLabel } from './harness.ts';
import { syntheticBody, writeSyntheticArchive } from './store.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Where the cache lives. */
export function cacheRoot(): string {
  return process.env.READER_BENCH_CACHE || join(tmpdir(), 'reader-bench-cache');
}

/** A short hash of source files (relative to the repository), tests left out. */
function sourceHash(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(file).update('\0').update(readFileSync(join(ROOT, file))).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** The catalog's cache key: the schema version and the source of what writes a catalog on disk. */
export function catalogKey(): string {
  const files = ['archive/store/catalog-file.ts', 'archive/store/rows.ts', 'archive/store/schema.ts', 'archive/store/records.ts', 'archive/testing/synthetic.ts', 'archive/version.ts'];
  return `s${SCHEMA_VERSION}-${sourceHash(files.filter((f) => existsSync(join(ROOT, f))))}`;
}

/** The index's cache key: the source of archive/search (its format and folding live there). */
export function indexKey(): string {
  const dir = join(ROOT, 'archive', 'search');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join('archive', 'search', f));
  return `i-${sourceHash([...files, 'archive/testing/search-corpus.ts', 'archive/testing/synthetic.ts'])}`;
}

/**
 * Runs `fill` holding the lock of `<cache>/locks/<name>/` (the archive's own lock, store/lock.ts),
 * so two runs never write the same cache entry at once: a second run waits for the first (a lock
 * whose process has ended is taken over).
 */
async function withLock<T>(name: string, log: (m: string) => void, fill: () => Promise<T>): Promise<T> {
  const dir = join(cacheRoot(), 'locks', name);
  await mkdir(dir, { recursive: true });
  let lock: ArchiveLock;
  for (let told = false; ; told = true) {
    try {
      lock = await acquireLock(dir, 'the bench cache');
      break;
    } catch (error) {
      if (!(error instanceof ArchiveError) || error.kind !== 'locked') throw error;
      if (!told) log(`cache: waiting: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  try {
    return await fill();
  } finally {
    await lock.release();
  }
}

const readJson = async <T>(path: string): Promise<T | null> => readFile(path, 'utf8').then((t) => JSON.parse(t) as T, () => null);

interface BodiesMark {
  n: number;
  writtenMs: number;
  at: string;
}

/** True when the cached bodies are as article `i` would be written today (a cheap check of the format). */
async function bodiesCurrent(articles: string, n: number): Promise<boolean> {
  for (const i of [0, n >> 1, n - 1]) {
    const { id, bodyText } = syntheticBody(i);
    const onDisk = await readFile(join(articles, '..', bodyRelPath(id)), 'utf8').catch(() => null);
    if (onDisk !== bodyText) return false;
  }
  return true;
}

/** The cached archive at scale `n`, generated (bodies, catalog, or both) when missing; returns its catalog folder. */
export function cachedArchive(n: number, log: (m: string) => void): Promise<{ catalogDir: string; generatedMs: number }> {
  return withLock(`archive-${scaleLabel(n)}`, log, () => fillArchive(n, log));
}

async function fillArchive(n: number, log: (m: string) => void): Promise<{ catalogDir: string; generatedMs: number }> {
  const base = join(cacheRoot(), `archive-${scaleLabel(n)}`);
  const articles = join(base, 'articles');
  const key = catalogKey();
  const catalogDir = join(base, `catalog-${key}`);
  const mark = await readJson<BodiesMark>(join(base, 'bodies.json'));
  const haveBodies = mark !== null && mark.n === n && (await bodiesCurrent(articles, n));
  if (haveBodies && existsSync(join(catalogDir, 'done.json'))) return { catalogDir, generatedMs: 0 };

  const start = performance.now();
  await mkdir(articles, { recursive: true });
  if (!haveBodies) await rm(join(base, 'bodies.json'), { force: true });
  // Other catalog formats are dropped: at a million articles each is about a gigabyte.
  for (const entry of readdirSync(base)) if (entry.startsWith('catalog-')) await rm(join(base, entry), { recursive: true, force: true });
  await mkdir(catalogDir, { recursive: true });
  await symlink('../articles', join(catalogDir, 'articles'));
  log(`cache: ${haveBodies ? 'writing the catalog over the cached bodies' : 'writing bodies and catalog'} for ${n} articles in ${base}`);
  await writeSyntheticArchive(catalogDir, n, log, { writeBodies: !haveBodies });
  const ms = Math.round(performance.now() - start);
  if (!haveBodies) await writeFile(join(base, 'bodies.json'), JSON.stringify({ n, writtenMs: ms, at: new Date().toISOString() } satisfies BodiesMark));
  await writeFile(join(catalogDir, 'done.json'), JSON.stringify({ n, key, ms, at: new Date().toISOString() }));
  log(`cache: archive at ${scaleLabel(n)} ready in ${(ms / 1000).toFixed(1)} s`);
  return { catalogDir, generatedMs: ms };
}

/**
 * A scratch copy of the cached archive at `dir` (which must not exist yet, or be empty): the
 * catalog files copied, `articles` a link to the cached bodies.
 */
export async function workingArchive(catalogDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of readdirSync(catalogDir)) {
    if (entry === 'articles' || entry === 'done.json') continue;
    await cp(join(catalogDir, entry), join(dir, entry), { recursive: true });
  }
  await symlink(resolve(catalogDir, '..', 'articles'), join(dir, 'articles'));
}

/** Removes the body files a bench added to a working archive (they went to the cached folder). */
export async function forgetBodies(dir: string, ids: Iterable<string>): Promise<void> {
  for (const id of ids) await unlink(join(dir, bodyRelPath(id))).catch(() => undefined);
}

interface IndexMark {
  n: number;
  figures: Record<string, number>;
  at: string;
}

/**
 * The cached search index for the synthetic search store at scale `n`: `build(dir)` builds it in
 * `dir` (returning its build figures) when it is missing. Returns the folder holding `search/`
 * and the figures of the build that made it.
 */
export function cachedIndex(
  n: number,
  build: (dir: string) => Promise<Record<string, number>>,
  log: (m: string) => void,
): Promise<{ dir: string; figures: Record<string, number>; cached: boolean; at: string }> {
  return withLock(`search-${scaleLabel(n)}`, log, () => fillIndex(n, build, log));
}

async function fillIndex(
  n: number,
  build: (dir: string) => Promise<Record<string, number>>,
  log: (m: string) => void,
): Promise<{ dir: string; figures: Record<string, number>; cached: boolean; at: string }> {
  const key = indexKey();
  const label = scaleLabel(n);
  const dir = join(cacheRoot(), `search-${label}-${key}`);
  const mark = await readJson<IndexMark>(join(dir, 'done.json'));
  if (mark && mark.n === n) return { dir, figures: mark.figures, cached: true, at: mark.at };
  // A build that failed with this very code fails again (at 1M it takes most of an hour to).
  const failed = await readJson<{ n: number; error: string; at: string; s: number }>(join(dir, 'failed.json'));
  if (failed && failed.n === n) {
    throw new Error(`the index build at ${label} failed (${failed.at}, after ${failed.s} s) with this archive/search code: ${failed.error}; it is tried again once archive/search changes, or after removing ${dir}`);
  }
  for (const entry of existsSync(cacheRoot()) ? readdirSync(cacheRoot()) : []) {
    if (entry.startsWith(`search-${label}-`)) await rm(join(cacheRoot(), entry), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  log(`cache: building the search index at ${label} in ${dir}`);
  const start = performance.now();
  let figures: Record<string, number>;
  try {
    figures = await build(dir);
  } catch (error) {
    const s = Math.round((performance.now() - start) / 1000);
    await writeFile(join(dir, 'failed.json'), JSON.stringify({ n, error: String(error), at: new Date().toISOString(), s }));
    throw error;
  }
  const at = new Date().toISOString();
  await writeFile(join(dir, 'done.json'), JSON.stringify({ n, figures, at } satisfies IndexMark));
  return { dir, figures, cached: false, at };
}

/** Copies a cached index folder (its `search/`) to `dir`, so saves never touch the cache. */
export async function workingIndex(cachedDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(join(cachedDir, 'search'), join(dir, 'search'), { recursive: true });
}
