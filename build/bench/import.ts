/**
 * The whole import pipeline (read, decode, extract on worker threads; commit to a real store in
 * a scratch folder) over Readability's 130 test pages, against `@mozilla/readability` on jsdom
 * over the same files in the same run (one thread, as it is normally used); the peak memory
 * of a 1,000-file import of synthetic pages; and the CPU time and peak memory of a whole CLI
 * import of trafilatura's dev pages (import-dev.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { importPaths } from '../../archive/import/batch.ts';
import { ImportWorkerPool } from '../../archive/import/pool.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';
import { devPagesImport } from './import-dev.ts';
import { bundleAll } from '../tools/bundle.ts';
import { median, round, type BenchContext, type BenchSuite, type Figures } from './harness.ts';

const PAGES = 'readability/test/test-pages';
const RSS_FILES = 1000;

export const importBench: BenchSuite = {
  name: 'import',
  async run(ctx): Promise<Figures> {
    const figures: Figures = { 'import.workers': availableParallelism() };
    // The dev-pages import runs the built CLI, as a user does.
    await bundleAll();
    Object.assign(figures, devPagesImport(ctx));
    Object.assign(figures, await memoryDuringImport(ctx));
    if (!ctx.peerDir || !existsSync(join(ctx.peerDir, PAGES))) {
      figures['import.pages_per_s.skipped'] = `no Readability test pages under ${ctx.peerDir ?? '../shared/peer'}`;
      return figures;
    }
    const dir = join(ctx.peerDir, PAGES);
    const files = readdirSync(dir).sort().map((c) => join(dir, c, 'source.html')).filter((f) => existsSync(f));
    const runs = Math.max(1, Math.min(ctx.runs, 3));

    const pool = new ImportWorkerPool();
    try {
      // Warm every worker (module loading is start-up cost, not throughput).
      await Promise.all(files.slice(0, pool.size).map((f) => pool.run(f)));
      const rates: number[] = [];
      let failed = 0;
      for (let r = 0; r < runs; r++) {
        const store = await ArchiveStore.open(join(ctx.tmpDir, `import-run-${r}`));
        const start = performance.now();
        const report = await importPaths(store, files, { workers: pool });
        rates.push(files.length / ((performance.now() - start) / 1000));
        await store.close();
        failed = report.failed.length;
        ctx.log(`pipeline run ${r + 1}: ${round(rates.at(-1)!)} pages/s, ${report.imported.length} imported, ${failed} failed`);
      }
      figures['import.pages_per_s'] = round(median(rates));
      figures['import.failed_pages'] = failed;
    } finally {
      await pool.close();
    }

    const virtualConsole = new VirtualConsole();
    const baseline: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (const file of files) {
        const dom = new JSDOM(readFileSync(file, 'utf8'), { url: 'http://fakehost/test/page.html', virtualConsole });
        new Readability(dom.window.document as never).parse();
        dom.window.close();
      }
      baseline.push(files.length / ((performance.now() - start) / 1000));
      ctx.log(`readability+jsdom run ${r + 1}: ${round(baseline.at(-1)!)} pages/s`);
    }
    figures['import.pages_per_s.readability_jsdom'] = round(median(baseline));
    figures['import.ratio_vs_readability_jsdom'] = round(Number(figures['import.pages_per_s']) / median(baseline));
    return figures;
  },
};

/** Peak RSS (all threads) while 1,000 synthetic pages are imported from a folder. */
async function memoryDuringImport(ctx: BenchContext): Promise<Figures> {
  const folder = join(ctx.tmpDir, 'rss-pages');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < RSS_FILES; i++) {
    const original = syntheticOriginal(i, syntheticArticle(i, 7));
    writeFileSync(join(folder, original.fileName), original.bytes);
  }
  const store = await ArchiveStore.open(join(ctx.tmpDir, 'rss-archive'));
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const start = performance.now();
  try {
    const report = await importPaths(store, [folder]);
    const seconds = (performance.now() - start) / 1000;
    ctx.log(`1k import: ${report.imported.length} imported, ${report.failed.length} failed in ${round(seconds)} s`);
    return {
      'import.rss_mb.synthetic_1k': round(peak / 2 ** 20),
      'import.files_per_s.1k': round(RSS_FILES / seconds),
      'import.failed.1k': report.failed.length,
    };
  } finally {
    clearInterval(sampler);
    await store.close();
  }
}
