/**
 * Store figures at each scale: open to the first page sorted by date, one durable add, a
 * reading-state save, a list page, the longest event-loop stall during adds, the same with a
 * catalog rewrite running (it happens every 5,000 changes), and the resident memory of a process
 * holding the archive open.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeCatalogFiles } from '../../archive/store/catalog-file.ts';
import { sha256 } from '../../archive/store/durable.ts';
import { emptyCatalog } from '../../archive/store/schema.ts';
import { ArchiveStore, bodyRelPath, newArticleRecord, normalizedText } from '../../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';
import { IMPORTER_VERSION } from '../../archive/version.ts';
import { median, round, scaleLabel, type BenchContext, type BenchSuite, type Figures } from './harness.ts';

/**
 * Writes an archive of `n` synthetic articles straight in the on-disk format (catalog + body
 * files; originals are left out, nothing measured here reads them), far faster than n durable adds.
 */
export async function writeSyntheticArchive(dir: string, n: number, log: (m: string) => void): Promise<void> {
  const catalog = emptyCatalog();
  const pending: Promise<void>[] = [];
  const shards = new Set<string>();
  for (let i = 0; i < n; i++) {
    const article = syntheticArticle(i);
    const original = syntheticOriginal(i, article);
    const originalSha = sha256(original.bytes);
    const id = originalSha.slice(0, 16);
    const text = normalizedText(article.paragraphs);
    const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    const capture = { sha256: originalSha, ext: 'html', fileName: original.fileName, bytes: original.bytes.byteLength, importedAt: now, importerVersion: IMPORTER_VERSION, format: 'html', charset: 'utf-8' } as const;
    const { meta, bodyText } = newArticleRecord(id, article, capture, text);
    catalog.articles[id] = meta;
    const shard = id.slice(0, 2);
    if (!shards.has(shard)) {
      shards.add(shard);
      await mkdir(join(dir, 'articles', shard), { recursive: true });
    }
    pending.push(writeFile(join(dir, bodyRelPath(id)), bodyText));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
    if (i > 0 && i % 20_000 === 0) log(`  wrote ${i} articles`);
  }
  await Promise.all(pending);
  for (const sub of ['originals', 'assets', 'backups']) await mkdir(join(dir, sub), { recursive: true });
  // In the format the app writes at every compaction: each shard in the default order, the head in the manifest.
  await writeCatalogFiles(dir, catalog);
}

/** RSS of a fresh process that opens the archive and reads its first page. */
function childRss(dir: string): number {
  const script = `import('${join(import.meta.dirname, '..', '..', 'archive', 'store', 'store.ts')}').then(async ({ ArchiveStore }) => {
    const s = await ArchiveStore.open(process.argv[1]); s.list({ limit: 50 });
    process.stdout.write(String(process.memoryUsage().rss)); await s.close(); })`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, dir], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
  return Number(child.stdout) / (1024 * 1024);
}

async function measureScale(ctx: BenchContext, n: number): Promise<Figures> {
  const label = scaleLabel(n);
  const dir = join(ctx.tmpDir, `store-${label}`);
  ctx.log(`store ${label}: writing the synthetic archive`);
  await writeSyntheticArchive(dir, n, ctx.log);

  const openTimes: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    const start = performance.now();
    const opened = await ArchiveStore.open(dir);
    opened.list({ sort: 'publishedAt', order: 'desc', limit: 50 });
    openTimes.push(performance.now() - start);
    // Not timed: close waits for the background catalog backup.
    await opened.close();
  }
  const open_ms = round(median(openTimes));

  const store = await ArchiveStore.open(dir);
  store.list({ limit: 50 });
  const addOne = async (i: number, times: number[]): Promise<string> => {
    const index = n + 1_000_000 + i;
    const article = syntheticArticle(index);
    const start = performance.now();
    const { id } = await store.addArticle({ article, original: syntheticOriginal(index, article) });
    times.push(performance.now() - start);
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

  const rss = [];
  for (let i = 0; i < Math.min(ctx.runs, 3); i++) rss.push(childRss(dir));
  return {
    [`store.open_ms.${label}`]: open_ms,
    [`store.add_ms.${label}`]: round(median(addTimes)),
    [`store.state_ms.${label}`]: round(median(stateTimes)),
    [`store.list_page_ms.${label}`]: round(median(listTimes)),
    [`store.list_filtered_ms.${label}`]: round(list_filtered_ms),
    [`store.list_filtered_next_page_ms.${label}`]: round(median(nextPages)),
    [`store.block_ms.${label}`]: round(histogram.max / 1e6),
    [`store.add_ms_compacting.${label}`]: round(median(compactAddTimes)),
    [`store.block_ms_compacting.${label}`]: round(compacting.max / 1e6),
    [`store.compact_ms.${label}`]: round(compact_ms),
    [`store.rss_mb.${label}`]: round(median(rss)),
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
