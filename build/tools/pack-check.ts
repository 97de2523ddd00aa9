/**
 * Packs the app for Linux as a plain folder (`--linux dir`) against a stub Electron (offline:
 * no Electron binary is downloaded), then lists what went into app.asar. The check: the bundles
 * and package.json are there, nothing from sources, tests, fixtures, source maps or
 * node_modules is. Run: `tsx build/tools/pack-check.ts` (after `npm run build`).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage } from '@electron/asar';
import type { Configuration } from 'electron-builder';

const require = createRequire(import.meta.url);
export const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files the asar must hold. */
export const REQUIRED_IN_ASAR = ['/package.json', '/dist/main.cjs', '/dist/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/app.js', '/dist/renderer/webawesome.css'];

/** Bundles the main bundle loads at run time: required in the asar whenever the build made them. */
export const REQUIRED_WHEN_BUILT = ['/dist/import-worker.mjs'];

/** What must never be in the asar, and why. */
export const FORBIDDEN_IN_ASAR: [RegExp, string][] = [
  [/\.tsx?$/, 'TypeScript source'],
  [/(\.|\/)(test|spec)\.|\/e2e\//, 'a test'],
  [/\/fixtures?\//, 'a test fixture'],
  [/\/node_modules\//, 'a dependency (the bundles already contain them)'],
  [/\.map$/, 'a source map'],
  [/^\/(archive|renderer|electron|launcher|build|e2e|\.ci)\//, 'a source folder'],
  [/^\/(release|\.git)\b/, 'build output or VCS data'],
];

export interface PackReport {
  asarPath: string;
  entries: string[];
  missing: string[];
  forbidden: { entry: string; why: string }[];
  packageJson: { main?: string; name?: string };
  ms: number;
}

/** The project's electron-builder configuration (build/electron-builder.config.cjs). */
export function loadBuilderConfig(): Configuration {
  return require(join(projectDir, 'build', 'electron-builder.config.cjs')) as Configuration;
}

/** A folder that looks like an unpacked Electron to electron-builder: an `electron` executable and little else. */
async function stubElectronDist(dir: string, version: string): Promise<string> {
  const stub = join(dir, 'electron-stub');
  await mkdir(join(stub, 'resources'), { recursive: true });
  await writeFile(join(stub, 'electron'), '#!/bin/sh\necho "stub electron: this build is only for checking app.asar" >&2\nexit 1\n');
  await chmod(join(stub, 'electron'), 0o755);
  await writeFile(join(stub, 'LICENSE'), 'stub');
  await writeFile(join(stub, 'version'), version);
  return stub;
}

const DIST_FILES = ['dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html'];

/**
 * Packs into a temporary folder and reports on app.asar; the folder is removed afterwards. A
 * build running at the same moment (it empties dist/ first) can make one attempt see a half
 * dist/: then it waits for the bundles and packs once more.
 */
export async function packAndInspect(): Promise<PackReport> {
  try {
    return await packOnce();
  } catch (error) {
    if (!/not found in this archive|ENOENT/.test((error as Error).message)) throw error;
    for (let waited = 0; waited < 60_000 && !DIST_FILES.every((f) => existsSync(join(projectDir, f))); waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
    }
    return packOnce();
  }
}

async function packOnce(): Promise<PackReport> {
  for (const file of DIST_FILES) {
    if (!existsSync(join(projectDir, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const work = await mkdtemp(join(tmpdir(), 'pack-check-'));
  const started = performance.now();
  try {
    const { build, Platform } = (await import('electron-builder')).default ?? (await import('electron-builder'));
    const base = loadBuilderConfig();
    // From the configuration (package.json's optionalDependencies): Electron's package may be absent.
    const electronVersion = base.electronVersion;
    if (!electronVersion) throw new Error('build/electron-builder.config.cjs names no electronVersion');
    await build({
      projectDir,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: {
        ...base,
        electronVersion,
        electronDist: await stubElectronDist(work, electronVersion),
        // A stub binary has no fuse wire to flip; the real one does (see electronFuses in the config).
        electronFuses: null,
        directories: { ...base.directories, output: join(work, 'out') },
      },
    });
    const asarPath = join(work, 'out', 'linux-unpacked', 'resources', 'app.asar');
    const entries = listPackage(asarPath, { isPack: false }).map((e) => e.replaceAll('\\', '/'));
    const fileEntries = new Set(entries);
    const packageJson = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as PackReport['packageJson'];
    return {
      asarPath,
      entries,
      missing: [...REQUIRED_IN_ASAR, ...REQUIRED_WHEN_BUILT.filter((f) => existsSync(join(projectDir, f)))].filter((f) => !fileEntries.has(f)),
      forbidden: entries.flatMap((entry) => FORBIDDEN_IN_ASAR.filter(([re]) => re.test(entry)).map(([, why]) => ({ entry, why }))),
      packageJson,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  packAndInspect().then(
    (report) => {
      console.log(`app.asar: ${report.entries.length} entries, packed in ${report.ms} ms`);
      for (const entry of report.entries) console.log(`  ${entry}`);
      for (const m of report.missing) console.error(`missing: ${m}`);
      for (const f of report.forbidden) console.error(`must not be packed: ${f.entry} (${f.why})`);
      if (report.missing.length || report.forbidden.length) process.exit(1);
    },
    (error: unknown) => {
      console.error(`pack-check: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
