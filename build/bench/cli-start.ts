/**
 * How soon the CLI answers (`npm run bench -- --only cli-start`): whole processes, as a user types
 * them, on a one-article archive: `--help`, `list` and `show <id>`, each through the installed bin
 * (`dist/cli.mjs`, started by its `#!/usr/bin/env node` line) and through `npm run --silent cli`.
 * Medians of wall time (the budget's measure) and of CPU time (user + system, children included,
 * which holds on a shared machine where wall time does not). Budgets (issue 17): `--help` 150 ms, `list` and `show` 300 ms each.
 *
 * npm's own start-up is part of every `npm run` figure and no code of ours can shorten it; it is
 * measured on its own as `cli.npm_run_floor_ms`: `npm run --silent --script-shell=/bin/true cli`,
 * the same npm, the same script lookup, with a shell that does nothing. Bare `node -e 0` is
 * `cli.node_start_ms`, the floor of the bin's figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { median, round, type BenchSuite, type Figures } from './harness.ts';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'dist', 'cli.mjs');
const FIXTURE = join(root, 'archive', 'cli', 'fixtures', 'education-dump.txt');

/** The budgets of issue 17, in wall milliseconds. */
export const CLI_START_BUDGETS_MS = { start_help_ms: 150, 'list_ms.small': 300, 'show_ms.small': 300 } as const;

/** Bash's `times` prints its children's user and system time to the millisecond (GNU time: 10 ms). */
const CPU_TIMES = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/;

/** Runs one process; its wall time and output. */
function timed(command: string, args: readonly string[]): { ms: number; stdout: string } {
  const start = performance.now();
  const child = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { ms, stdout: child.stdout };
}

/** Runs one process under bash; the CPU time (user + system) it and its children took. */
function cpuTimed(command: string, args: readonly string[]): number {
  const child = spawnSync('bash', ['-c', '"$@" >/dev/null; s=$?; times >&2; exit $s', 'bench', command, ...args], { cwd: root, encoding: 'utf8' });
  const cpu = CPU_TIMES.exec(child.stderr);
  if (child.status !== 0 || !cpu) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return (Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4])) * 1000;
}

/** Medians of `runs` runs of wall and of CPU time (after one unmeasured run that warms the disk cache). */
function medians(runs: number, command: string, args: readonly string[], check: (stdout: string) => void): { ms: number; cpuMs: number } {
  check(timed(command, args).stdout);
  const wall = Array.from({ length: runs }, () => timed(command, args).ms);
  const cpu = Array.from({ length: runs }, () => cpuTimed(command, args));
  return { ms: round(median(wall)), cpuMs: round(median(cpu)) };
}

export const cliStartBench: BenchSuite = {
  name: 'cli-start',
  async run(ctx) {
    // `npm run cli` rebuilds a stale bundle; do it before anything is timed, so no figure holds a build.
    timed(process.execPath, [join(root, 'build', 'tools', 'run-cli.mjs'), '--help']);
    const archive = join(ctx.tmpDir, 'cli-start-archive');
    mkdirSync(archive, { recursive: true });
    const imported = JSON.parse(timed(BIN, ['--archive', archive, '--json', 'import', FIXTURE]).stdout) as { imported: { id: string }[] };
    const id = imported.imported[0]?.id;
    if (!id) throw new Error(`the one-article archive was not made: ${FIXTURE} did not import`);
    const runs = Math.max(ctx.runs, 5);

    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const commands = {
      start_help_ms: { args: ['--help'], check: (out: string) => out.includes('usage: reader-archive') },
      'list_ms.small': { args: ['--archive', archive, '--json', 'list'], check: (out: string) => (JSON.parse(out) as unknown[]).length === 1 },
      'show_ms.small': { args: ['--archive', archive, '--json', 'show', id], check: (out: string) => (JSON.parse(out) as { id: string }).id === id },
    } as const;

    const figures: Figures = {};
    const node = medians(runs, process.execPath, ['-e', '0'], () => {});
    const floor = medians(runs, npm, ['run', '--silent', '--script-shell=/bin/true', 'cli'], () => {});
    figures['cli.node_start_ms'] = node.ms;
    figures['cli.node_start_cpu_ms'] = node.cpuMs;
    figures['cli.npm_run_floor_ms'] = floor.ms;
    figures['cli.npm_run_floor_cpu_ms'] = floor.cpuMs;
    for (const [key, { args, check }] of Object.entries(commands)) {
      const checked = (out: string): void => {
        if (!check(out)) throw new Error(`cli ${args.join(' ')} printed something else: ${out.slice(0, 200)}`);
      };
      const bin = medians(runs, BIN, args, checked);
      const viaNpm = medians(runs, npm, ['run', '--silent', 'cli', '--', ...args], checked);
      const budget = CLI_START_BUDGETS_MS[key as keyof typeof CLI_START_BUDGETS_MS];
      // `start_help_ms` → `cli.start_help_cpu_ms`; `list_ms.small` → `cli.list_cpu_ms.small`, and so on.
      const [base, scale] = key.replace(/_ms\b/, '').split('.');
      const name = (kind: string, via = ''): string => `cli.${base}_${kind}${scale ? `.${scale}` : ''}${via}`;
      figures[name('ms')] = bin.ms;
      figures[name('cpu_ms')] = bin.cpuMs;
      figures[name('ms', '.npm')] = viaNpm.ms;
      figures[name('cpu_ms', '.npm')] = viaNpm.cpuMs;
      figures[name('budget_ms')] = budget;
      figures[name('pass')] = bin.ms <= budget ? 'pass' : 'fail';
      figures[name('pass', '.npm')] = viaNpm.ms <= budget ? 'pass' : 'fail';
      ctx.log(`${key}: bin ${bin.ms} ms (${bin.cpuMs} ms CPU), npm run ${viaNpm.ms} ms (${viaNpm.cpuMs} ms CPU); budget ${budget} ms`);
    }
    return figures;
  },
};
