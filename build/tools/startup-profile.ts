/**
 * Where a CLI command's start-up goes: `npx tsx build/tools/startup-profile.ts [--runs N] -- <cli args>`
 * runs `node --cpu-prof dist/cli.mjs <cli args>` N times and prints, per file (a package counts as
 * one: `linkedom`, `opencc-js`; our chunks by name), the median of the CPU time its code took
 * itself, plus which packages the command loaded at all. Build first (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = join(import.meta.dirname, '..', '..');

/** `node_modules/opencc-js/dist/…` → `opencc-js`; `dist/cli-chunk-X.mjs` → that name; node's own → `(node)`. */
function owner({ url, functionName }: ProfileNode['callFrame']): string {
  if (url === '') return functionName === '(idle)' ? '(idle: waiting for the disk)' : functionName === '(garbage collector)' ? '(gc)' : '(v8: compiling, program)';
  if (url.startsWith('node:')) return '(node internals)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules) return inModules[1]!;
  return relative(root, path);
}

/** Self time (ms) per owner in one profile. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const ownerOf = new Map(profile.nodes.map((n) => [n.id, owner(n.callFrame)]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, k) => {
    const key = ownerOf.get(id) ?? '?';
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
  });
  return times;
}

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '5' } }, allowPositionals: true });
const runs = Math.max(1, Number(values.runs));
const perOwner = new Map<string, number[]>();
const loaded = new Set<string>();
const dir = mkdtempSync(join(tmpdir(), 'startup-profile-'));
try {
  for (let r = 0; r < runs; r++) {
    const out = join(dir, String(r));
    const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, join(root, 'dist', 'cli.mjs'), ...positionals], { encoding: 'utf8' });
    if (child.status !== 0 && child.status !== 1) throw new Error(`cli ${positionals.join(' ')} exited ${child.status}: ${child.stderr}`);
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'))!;
    const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as CpuProfile;
    for (const node of profile.nodes) loaded.add(owner(node.callFrame));
    for (const [key, ms] of selfTimes(profile)) {
      perOwner.set(key, [...(perOwner.get(key) ?? []), ms]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]): number => {
  const all = [...xs, ...Array<number>(runs - xs.length).fill(0)].sort((a, b) => a - b);
  return all[all.length >> 1]!;
};
const rows = [...perOwner].map(([key, xs]) => [key, median(xs)] as const).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
console.log(`cli ${positionals.join(' ')}: ${total.toFixed(1)} ms of samples (median per file, ${runs} runs)`);
for (const [key, ms] of rows) if (ms >= 0.5) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${key}`);
// Any function of a package seen in a profile means the package was loaded (its top level ran).
const packages = [...loaded].filter((key) => !key.startsWith('(') && !key.startsWith('dist/')).sort();
console.log(`packages loaded: ${packages.join(', ') || 'none'}`);
