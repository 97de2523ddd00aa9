/**
 * The whole import of trafilatura's dev pages (`../shared/peer/trafilatura-dev`, 488 real pages,
 * gunzipped into the run's scratch folder) as a user runs it: one `import` process of the built
 * CLI (`dist/cli.mjs`, what `reader-archive` and `npm run cli` run) into a new archive, one batch. Its CPU time (user + system of every thread, the workers and
 * start-up included: what holds on a shared machine) per page, and its peak RSS, read by the
 * process itself as it exits (`process.resourceUsage()`, which covers all its threads).
 * Budgets (issue 17): at most 45 ms of CPU a page (trafilatura: 49 on the same pages) and 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { median, round, type BenchContext, type Figures } from './harness.ts';

const DEV_PAGES = 'trafilatura-dev/pages';
export const CPU_MS_PER_PAGE_BUDGET = 45;
export const RSS_MB_BUDGET = 300;
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.mjs');

/** What the import process says of itself as it exits. */
const REPORTER = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.READER_BENCH_USAGE, JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, maxRssKb: u.maxRSS }));
});
`;

interface ImportRun {
  cpuMs: number;
  rssMb: number;
  wallMs: number;
  imported: number;
  failed: number;
}

/** The dev pages as files (`<name>.html`), written once into the run's scratch folder. */
function devPages(ctx: BenchContext): string | null {
  const source = ctx.peerDir ? join(ctx.peerDir, DEV_PAGES) : null;
  if (!source || !existsSync(source)) return null;
  const folder = join(ctx.tmpDir, 'trafilatura-dev');
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(source)) {
    if (!name.endsWith('.gz')) continue;
    writeFileSync(join(folder, name.slice(0, -3)), gunzipSync(readFileSync(join(source, name))));
  }
  return folder;
}

/** One whole `import` process of `folder` into a new archive. */
function importProcess(ctx: BenchContext, folder: string, run: number): ImportRun {
  const reporter = join(ctx.tmpDir, 'usage-reporter.mjs');
  writeFileSync(reporter, REPORTER);
  const usage = join(ctx.tmpDir, `usage-${run}.json`);
  const archive = join(ctx.tmpDir, `dev-archive-${run}`);
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(reporter).href, CLI, '--archive', archive, '--json', 'import', folder], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, READER_BENCH_USAGE: usage },
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`import of the dev pages exited ${child.status}: ${child.stderr}`);
  const report = JSON.parse(child.stdout) as { imported: unknown[]; failed: unknown[] };
  const { cpuUs, maxRssKb } = JSON.parse(readFileSync(usage, 'utf8')) as { cpuUs: number; maxRssKb: number };
  return { cpuMs: cpuUs / 1000, rssMb: maxRssKb / 1024, wallMs, imported: report.imported.length, failed: report.failed.length };
}

/** `import.cpu_ms_per_page` and `import.rss_mb` on the dev pages (medians over at most three runs). */
export function devPagesImport(ctx: BenchContext): Figures {
  const folder = devPages(ctx);
  if (!folder) {
    const reason = `no trafilatura dev pages under ${ctx.peerDir ?? '../shared/peer'}`;
    ctx.log(`dev pages: skipped: ${reason}`);
    return { 'import.cpu_ms_per_page.skipped': reason, 'import.rss_mb.skipped': reason };
  }
  const pages = readdirSync(folder).length;
  // CPU time holds on a shared machine; the load says how shared it was.
  const load = round(loadavg()[0]!);
  const runs: ImportRun[] = [];
  for (let r = 0; r < Math.max(1, Math.min(ctx.runs, 3)); r++) {
    runs.push(importProcess(ctx, folder, r));
    const last = runs.at(-1)!;
    ctx.log(`dev pages run ${r + 1}: ${round(last.cpuMs / pages)} ms CPU a page, ${round(last.rssMb)} MB peak RSS, ` +
      `${round(last.wallMs / 1000)} s, ${last.imported} imported, ${last.failed} failed`);
  }
  const cpuPerPage = round(median(runs.map((r) => r.cpuMs / pages)));
  const rssMb = round(median(runs.map((r) => r.rssMb)));
  return {
    'import.dev_pages': pages,
    'import.cpu_ms_per_page': cpuPerPage,
    'import.cpu_ms_per_page_budget': CPU_MS_PER_PAGE_BUDGET,
    'import.cpu_ms_per_page_pass': cpuPerPage <= CPU_MS_PER_PAGE_BUDGET ? 'pass' : 'fail',
    'import.rss_mb': rssMb,
    'import.rss_mb_budget': RSS_MB_BUDGET,
    'import.rss_mb_pass': rssMb <= RSS_MB_BUDGET ? 'pass' : 'fail',
    'import.failed.dev': runs.at(-1)!.failed,
    'import.dev_load_avg': load,
  };
}
