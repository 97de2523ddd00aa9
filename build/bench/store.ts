/**
 * Store figures at each scale: open to the first page sorted by date, open to the whole catalog
 * loaded (`store.loaded`) and the longest event-loop stall meanwhile, one durable add, a
 * reading-state save, a list page, the longest event-loop stall during adds, the same with a
 * catalog rewrite running (it happens every 5,000 changes), and the resident memory of a fresh
 * process holding the archive open (at the first page, and with the whole catalog loaded). The
 * archive comes from the bench cache (cache.ts), copied: what the bench adds never reaches it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeCatalogFiles } from '../../archive/store/catalog-file.ts';
import { sha256 } from '../../archive/store/durable.ts';
import { emptyCatalog } from '../../archive/store/schema.ts';
import { ArchiveStore, bodyRelPath, newArticleRecord, normalizedText } from '../../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';
import { IMPORTER_VERSION } from '../../archive/version.ts';
import type { ArticleMeta } from '../../archive/model.ts';
import { median, round, scaleLabel, type BenchContext, type BenchSuite, type Figures } from './harness.ts';
import { cachedArchive, forgetBodies, workingArchive } from './cache.ts';

/** Synthetic article `i` as the store records it: its id, catalog record and body file text. */
export function syntheticBody(i: number): { id: string; meta: ArticleMeta; bodyText: string } {
  const article = syntheticArticle(i);
  const original = syntheticOriginal(i, article);
  const originalSha = sha256(original.bytes);
  const id = originalSha.slice(0, 16);
  const text = normalizedText(article.paragraphs);
  const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const capture = { sha256: originalSha, ext: 'html', fileName: original.fileName, bytes: original.bytes.byteLength, importedAt: now, importerVersion: IMPORTER_VERSION, format: 'html', charset: 'utf-8' } as const;
  return { id, ...newArticleRecord(id, article, capture, text) };
}

/**
 * Writes an archive of `n` synthetic articles straight in the on-disk format (catalog + body
 * files; originals are left out, nothing measured here reads them), far faster than n durable adds.
 * With `writeBodies: false` only the catalog is written (the bench cache keeps the bodies).
 */
export async function writeSyntheticArchive(dir: string, n: number, log: (m: string) => void, options: { writeBodies?: boolean } = {}): Promise<void> {
  const catalog = emptyCatalog();
  const pending: Promise<void>[] = [];
  const shards = new Set<string>();
  const writeBodies = options.writeBodies ?? true;
  for (let i = 0; i < n; i++) {
    const { id, meta, bodyText } = syntheticBody(i);
    catalog.articles[id] = meta;
    if (writeBodies) {
      const shard = id.slice(0, 2);
      if (!shards.has(shard)) {
        shards.add(shard);
        await mkdir(join(dir, 'articles', shard), { recursive: true });
      }
      pending.push(writeFile(join(dir, bodyRelPath(id)), bodyText));
      if (pending.length >= 256) await Promise.all(pending.splice(0));
    }
    if (i > 0 && i % 20_000 === 0) log(`  ${writeBodies ? 'wrote' : 'recorded'} ${i} articles`);
  }
  await Promise.all(pending);
  for (const sub of ['originals', 'assets', 'backups']) await mkdir(join(dir, sub), { recursive: true });
  // In the format the app writes at every compaction: each shard in the default order, the head in the manifest.
  await writeCatalogFiles(dir, catalog);
}

/** The figure of something this store cannot tell yet (`store.loaded` is the sharded catalog's). */
const NO_LOADED = 'n/a (this store has no store.loaded: it reads the whole catalog before open resolves)';

/** `store.loaded` where the store has it (it resolves once every shard of the catalog is in memory). */
function loadedOf(store: ArchiveStore): Promise<void> | undefined {
  const loaded = (store as unknown as { loaded?: Promise<void> }).loaded;
  return loaded && typeof loaded.then === 'function' ? loaded : undefined;
}

/** Heap for a process holding `n` articles: the default (about 4 GB here) is short at a million. */
export function heapFlag(n: number): string {
  return `--max-old-space-size=${n > 200_000 ? 8192 : 4096}`;
}

/** RSS of a fresh process that opens the archive and reads its first page, then once the whole catalog is loaded. */
function childRss(dir: string, n: number): { firstPage: number; loaded: number | null } {
  const script = `import('${join(import.meta.dirname, '..', '..', 'archive', 'store', 'store.ts')}').then(async ({ ArchiveStore }) => {
    const s = await ArchiveStore.open(process.argv[1]); s.list({ sort: 'publishedAt', order: 'desc', limit: 50 });
    const firstPage = process.memoryUsage().rss;
    const loaded = s.loaded && typeof s.loaded.then === 'function' ? (await s.loaded, process.memoryUsage().rss) : null;
    process.stdout.write(JSON.stringify({ firstPage, loaded })); await s.close(); })`;
  const child = spawnSync(process.execPath, [heapFlag(n), '--import', 'tsx', '-e', script, dir], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
  const { firstPage, loaded } = JSON.parse(child.stdout) as { firstPage: number; loaded: number | null };
  return { firstPage: firstPage / 1048576, loaded: loaded === null ? null : loaded / 1048576 };
}

/** Repetitions at scale `n`: at a million each open takes seconds, so a few fewer (the output says so). */
export function runsAt(ctx: BenchContext, n: number, suite: string): number {
  const runs = n >= 1_000_000 ? Math.min(ctx.runs, 3) : ctx.runs;
  if (runs < ctx.runs) ctx.log(`${suite} ${scaleLabel(n)}: ${runs} runs instead of ${ctx.runs} at this scale`);
  return runs;
}

/** A full garbage collection now (V8's `gc`, exposed for this). */
function fullCollection(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Open to the first page, open to the whole catalog loaded, and the longest event-loop stall between. */
async function openFigures(dir: string, runs: number): Promise<{ open: number; full: number | string; stall: number | string }> {
  const openTimes: number[] = [];
  const fullTimes: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The app opens its archive once per process; the runs here share one. The store closed by
    // the run before is garbage (hundreds of MB at a million): collected now, untimed, rather than
    // by a full collection in the middle of the next load (measured: pauses of 40-52 ms).
    fullCollection();
    const start = performance.now();
    const opened = await ArchiveStore.open(dir);
    opened.list({ sort: 'publishedAt', order: 'desc', limit: 50 });
    openTimes.push(performance.now() - start);
    const loaded = loadedOf(opened);
    if (loaded) {
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      await loaded;
      fullTimes.push(performance.now() - start);
      histogram.disable();
      stalls.push(histogram.max / 1e6);
    }
    // Not timed: close waits for the background catalog backup.
    await opened.close();
  }
  return {
    open: round(median(openTimes)),
    full: fullTimes.length > 0 ? round(median(fullTimes)) : NO_LOADED,
    stall: stalls.length > 0 ? round(Math.max(...stalls)) : NO_LOADED,
  };
}

async function measureScale(ctx: BenchContext, n: number): Promise<Figures> {
  const label = scaleLabel(n);
  const dir = join(ctx.tmpDir, `store-${label}`);
  const { catalogDir } = await cachedArchive(n, ctx.log);
  await workingArchive(catalogDir, dir);
  const added: string[] = [];
  try {
    return await measureArchive(ctx, n, dir, added);
  } finally {
    // The bodies of the articles added went to the cache's folder: it is left as it was.
    await forgetBodies(dir, added);
  }
}

async function measureArchive(ctx: BenchContext, n: number, dir: string, added: string[]): Promise<Figures> {
  const label = scaleLabel(n);
  const runs = runsAt(ctx, n, 'store');
  ctx.log(`store ${label}: opening`);
  const opened = await openFigures(dir, runs);

  const store = await ArchiveStore.open(dir);
  store.list({ limit: 50 });
  const addOne = async (i: number, times: number[]): Promise<string> => {
    const index = n + 1_000_000 + i;
    const article = syntheticArticle(index);
    const start = performance.now();
    const { id, status } = await store.addArticle({ article, original: syntheticOriginal(index, article) });
    times.push(performance.now() - start);
    // Only a new article's body is new: a duplicate's is one of the cached archive's.
    if (status === 'added') added.push(id);
    return id;
  };
  const addTimes: number[] = [];
  const stateTimes: number[] = [];
  const listTimes: number[] = [];
  const adds = Math.max(ctx.runs, 20);
  // Adds and reading-state saves as they happen day to day: the journal takes them.
  await addOne(-1, []); // the first write waits for provenance to finish loading after open
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  for (let i = 0; i < adds; i++) {
    const id = await addOne(i, addTimes);
    const s = performance.now();
    await store.saveReadingState(id, 0.5);
    stateTimes.push(performance.now() - s);
  }
  histogram.disable();
  // Every 5,000 changes the catalog is rewritten in the background while adds go on.
  const compacting = monitorEventLoopDelay({ resolution: 1 });
  const compactAddTimes: number[] = [];
  compacting.enable();
  const compactStart = performance.now();
  const compaction = store.compact();
  for (let i = 0; i < 10; i++) await addOne(adds + i, compactAddTimes);
  await compaction;
  const compact_ms = performance.now() - compactStart;
  compacting.disable();
  for (let i = 0; i < Math.max(ctx.runs, 20); i++) {
    const s = performance.now();
    store.list({ sort: 'publishedAt', order: 'desc', offset: (i * 7919) % Math.max(1, n - 50), limit: 50 });
    listTimes.push(performance.now() - s);
  }
  const filteredStart = performance.now();
  store.list({ source: '城市生活报', from: '2010-01-01', limit: 50 });
  const list_filtered_ms = performance.now() - filteredStart;
  // The pages after it, as a scrolled filtered list asks for them.
  const nextPages: number[] = [];
  for (let page = 1; page <= 5; page++) {
    const s = performance.now();
    store.list({ source: '城市生活报', from: '2010-01-01', offset: page * 50, limit: 50 });
    nextPages.push(performance.now() - s);
  }
  await store.close();

  ctx.log(`store ${label}: resident memory in a fresh process`);
  const rss = [];
  for (let i = 0; i < Math.min(runs, n >= 1_000_000 ? 1 : 3); i++) rss.push(childRss(dir, n));
  const loadedRss = rss.map((r) => r.loaded).filter((r) => r !== null);
  return {
    [`store.open_ms.${label}`]: opened.open,
    [`store.full_load_ms.${label}`]: opened.full,
    [`store.full_load_max_stall_ms.${label}`]: opened.stall,
    [`store.runs.${label}`]: runs,
    [`store.add_ms.${label}`]: round(median(addTimes)),
    [`store.state_ms.${label}`]: round(median(stateTimes)),
    [`store.list_page_ms.${label}`]: round(median(listTimes)),
    [`store.list_filtered_ms.${label}`]: round(list_filtered_ms),
    [`store.list_filtered_next_page_ms.${label}`]: round(median(nextPages)),
    [`store.block_ms.${label}`]: round(histogram.max / 1e6),
    [`store.add_ms_compacting.${label}`]: round(median(compactAddTimes)),
    [`store.block_ms_compacting.${label}`]: round(compacting.max / 1e6),
    [`store.compact_ms.${label}`]: round(compact_ms),
    // The whole catalog in memory (where the store loads it after open, once it has).
    [`store.rss_mb.${label}`]: round(median(loadedRss.length > 0 ? loadedRss : rss.map((r) => r.firstPage))),
    [`store.rss_first_page_mb.${label}`]: round(median(rss.map((r) => r.firstPage))),
  };
}

export const storeBench: BenchSuite = {
  name: 'store',
  async run(ctx) {
    const figures: Figures = {};
    for (const n of ctx.scales) Object.assign(figures, await measureScale(ctx, n));
    return figures;
  },
};
