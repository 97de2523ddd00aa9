/**
 * CLI figures (`cli.*`) at each scale, as a user meets them: a whole `import` process of one more
 * article into an archive whose search index is on disk and current, the bytes that import wrote
 * under `search/`, and a whole `search` process started right after it (medians over the runs).
 * Budget: the search within 1.5 s at every scale, the import writing at most 5 MB to `search/`.
 *
 * An archive and its index take minutes to build at 100k, so each scale keeps its folder
 * (`$READER_BENCH_CLI_DIR/<scale>`, default `<tmp>/reader-bench-cli/<scale>`) across runs; every
 * run imports an article not seen before, so the archive grows by one article a run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchIndex } from '../../archive/search/index.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { syntheticArticle, syntheticOriginal } from '../../archive/testing/synthetic.ts';
import { median, round, scaleLabel, type BenchContext, type BenchSuite, type Figures } from './harness.ts';
import { writeSyntheticArchive } from './store.ts';

const SEARCH_BUDGET_MS = 1500;
const IMPORT_BYTES_BUDGET = 5 << 20;
const CLI = join(import.meta.dirname, '..', '..', 'archive', 'cli.ts');

interface Prepared {
  articles: number;
  /** Articles the bench imported since, each a new one. */
  imported?: number;
}

/** The scale's archive with its index saved, built once and kept. */
async function preparedArchive(ctx: BenchContext, n: number): Promise<{ dir: string; prepared: Prepared }> {
  const dir = join(process.env.READER_BENCH_CLI_DIR ?? join(tmpdir(), 'reader-bench-cli'), scaleLabel(n));
  const marker = join(dir, 'bench-prepared.json');
  if (existsSync(marker)) {
    const prepared = JSON.parse(readFileSync(marker, 'utf8')) as Prepared;
    if (prepared.articles === n) return { dir, prepared };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ctx.log(`${scaleLabel(n)}: writing ${n} articles and indexing them (kept in ${dir} for later runs)`);
  await writeSyntheticArchive(dir, n, ctx.log);
  const store = await ArchiveStore.open(dir);
  const index = await SearchIndex.open(store);
  await index.ready();
  await index.save();
  await index.close();
  await store.close();
  const prepared: Prepared = { articles: n };
  writeFileSync(marker, JSON.stringify(prepared));
  return { dir, prepared };
}

/** Size, identity and time of each file under `search/`. */
function searchFiles(dir: string): Map<string, { size: number; ino: number; mtimeMs: number }> {
  const files = new Map<string, { size: number; ino: number; mtimeMs: number }>();
  const folder = join(dir, 'search');
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    const { size, ino, mtimeMs } = statSync(join(folder, name));
    files.set(name, { size, ino, mtimeMs });
  }
  return files;
}

/** Bytes written between two looks: a file replaced counts whole, one appended to counts its growth. */
function bytesWritten(before: ReturnType<typeof searchFiles>, after: ReturnType<typeof searchFiles>): number {
  let bytes = 0;
  for (const [name, now] of after) {
    const was = before.get(name);
    if (!was || was.ino !== now.ino || now.size < was.size) bytes += now.size;
    else if (now.mtimeMs !== was.mtimeMs) bytes += now.size - was.size;
  }
  return bytes;
}

/** GNU time, to read a child's CPU time (user + system) beside its wall time on a shared machine. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const CPU_MARK = 'bench-cpu-seconds';

/** Runs the CLI in a process of its own; returns its wall time, CPU time (NaN without GNU time) and output. */
function runCli(args: string[]): { ms: number; cpuMs: number; stdout: string; stderr: string } {
  const command = [process.execPath, '--import', 'tsx', CLI, ...args];
  const start = performance.now();
  const child = TIME
    ? spawnSync(TIME, ['-f', `${CPU_MARK} %U %S`, ...command], { encoding: 'utf8', maxBuffer: 16 << 20 })
    : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', maxBuffer: 16 << 20 });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const cpu = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(child.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, stdout: child.stdout, stderr: child.stderr };
}

export const cliBench: BenchSuite = {
  name: 'cli',
  async run(ctx) {
    const figures: Figures = { 'cli.search_after_import_budget_ms': SEARCH_BUDGET_MS, 'cli.import_search_bytes_budget': IMPORT_BYTES_BUDGET };
    // What starting node with tsx costs before the CLI does anything: part of every figure below.
    figures['cli.node_tsx_start_ms'] = round(median(Array.from({ length: ctx.runs }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ['--import', 'tsx', '-e', '0']);
      return performance.now() - start;
    })));
    for (const n of ctx.scales) {
      const label = scaleLabel(n);
      const { dir, prepared } = await preparedArchive(ctx, n);
      const pages = join(ctx.tmpDir, `cli-${label}`);
      mkdirSync(pages, { recursive: true });
      const imports: number[] = [];
      const searches: number[] = [];
      const searchCpu: number[] = [];
      const bytes: number[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const number = n + (prepared.imported ?? 0) + 1;
        const original = syntheticOriginal(number, syntheticArticle(number, 7));
        const page = join(pages, original.fileName);
        writeFileSync(page, original.bytes);
        const before = searchFiles(dir);
        const imported = runCli(['--archive', dir, '--json', 'import', page]);
        const report = JSON.parse(imported.stdout) as { imported: { id: string }[] };
        if (report.imported.length !== 1) throw new Error(`the import of ${page} did not add one article: ${imported.stdout}`);
        prepared.imported = (prepared.imported ?? 0) + 1;
        writeFileSync(join(dir, 'bench-prepared.json'), JSON.stringify(prepared));
        bytes.push(bytesWritten(before, searchFiles(dir)));
        imports.push(imported.ms);
        const searched = runCli(['--archive', dir, '--json', 'search', '教育']);
        if (/rebuilding/.test(searched.stderr)) throw new Error(`the search after an import rebuilt the index: ${searched.stderr}`);
        searches.push(searched.ms);
        searchCpu.push(searched.cpuMs);
        // Not timed: the article just imported is found by its number, so the index on disk was current.
        const found = JSON.parse(runCli(['--archive', dir, '--json', 'search', String(number)]).stdout) as { id: string }[];
        if (!found.some((hit) => hit.id === report.imported[0]!.id)) throw new Error(`a search right after the import did not find article ${number}`);
      }
      figures[`cli.import_one_ms.${label}`] = round(median(imports));
      figures[`cli.search_after_import_ms.${label}`] = round(median(searches));
      // What the search process itself costs, whatever else the machine is doing.
      figures[`cli.search_after_import_cpu_ms.${label}`] = round(median(searchCpu));
      figures[`cli.import_search_bytes.${label}`] = Math.max(...bytes);
      figures[`cli.search_after_import_pass.${label}`] = median(searches) <= SEARCH_BUDGET_MS ? 'pass' : 'fail';
      figures[`cli.import_search_bytes_pass.${label}`] = Math.max(...bytes) <= IMPORT_BYTES_BUDGET ? 'pass' : 'fail';
      ctx.log(`${label}: import ${figures[`cli.import_one_ms.${label}`]} ms, search ${figures[`cli.search_after_import_ms.${label}`]} ms, ${Math.max(...bytes)} bytes under search/`);
    }
    return figures;
  },
};
