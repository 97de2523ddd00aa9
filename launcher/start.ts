/**
 * `npm start` and `reader-archive open`: the desktop app when Electron's binary is installed,
 * otherwise the same reader in the system's Chromium (launcher/browser-window.ts). Flags:
 * `--archive DIR`, `--browser` (Chromium even where Electron is installed), `--headless`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveArchiveDir } from '../archive/paths.ts';
import { openReaderWindow, PROJECT_DIR, RENDERER_DIR } from './browser-window.ts';
import { chromiumPath, INSTALL_HINT } from './chromium.ts';

/** How to get the desktop app where Electron's download is out of reach: said wherever it is missing. */
export const ELECTRON_HINT =
  "for the desktop app, run `ELECTRON_MIRROR=<mirror url> npm install` (a mirror of Electron's releases), put Electron's download in its cache (electron_config_cache), or install the app built on a connected machine (npm run dist)";

/** Electron's binary as its package installed it (path.txt names it under dist/), or null. */
export function electronBinary(projectDir: string = PROJECT_DIR, env: NodeJS.ProcessEnv = process.env): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(projectDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  let name: string;
  try {
    name = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (!name) return null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, name) : join(packageDir, 'dist', name);
  return existsSync(binary) ? binary : null;
}

export type WindowChoice =
  | { kind: 'electron'; binary: string }
  | { kind: 'chromium'; executablePath: string; why: string }
  | { kind: 'none'; reason: string };

/** Which window `npm start` opens here. */
export function chooseWindow(options: { projectDir?: string; env?: NodeJS.ProcessEnv; browser?: boolean } = {}): WindowChoice {
  const env = options.env ?? process.env;
  const binary = options.browser ? null : electronBinary(options.projectDir ?? PROJECT_DIR, env);
  if (binary) return { kind: 'electron', binary };
  const executablePath = chromiumPath(env);
  const why = options.browser ? 'asked for with --browser' : 'Electron\'s binary is not installed';
  if (executablePath) return { kind: 'chromium', executablePath, why };
  return { kind: 'none', reason: `cannot open the reader: ${why}, and ${INSTALL_HINT}; ${ELECTRON_HINT}` };
}

export interface StartOptions {
  archiveDir?: string;
  browser?: boolean;
  headless?: boolean;
  say?: (line: string) => void;
}

/** Opens the reader and resolves, with the exit code, once it has closed. */
export async function startReader(options: StartOptions = {}): Promise<number> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const choice = chooseWindow({ browser: options.browser });
  if (choice.kind === 'none') {
    process.stderr.write(`${choice.reason}\n`);
    return 2;
  }
  if (choice.kind === 'electron') {
    if (!existsSync(join(PROJECT_DIR, 'dist', 'main.cjs'))) return missingBuild('dist/main.cjs');
    const args = [PROJECT_DIR, ...(options.archiveDir ? ['--archive', options.archiveDir] : [])];
    return new Promise((resolve) => {
      const child = spawn(choice.binary, args, { stdio: 'inherit' });
      child.on('error', (error) => {
        process.stderr.write(`could not start ${choice.binary}: ${error.message}\n`);
        resolve(2);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  }
  if (!existsSync(join(RENDERER_DIR, 'app.js'))) return missingBuild('dist/renderer/app.js');
  const archiveDir = resolveArchiveDir(options.archiveDir);
  say(`Opening the reader in ${choice.executablePath} (${choice.why}; ${ELECTRON_HINT}); archive: ${archiveDir}`);
  const window = await openReaderWindow({ archiveDir, executablePath: choice.executablePath, headless: options.headless, say });
  const stop = (): void => void window.close();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  await window.closed;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, stop);
  return 0;
}

function missingBuild(file: string): number {
  process.stderr.write(`${file} is missing: run \`npm run build\` first (npm start does)\n`);
  return 2;
}

// Run as a script (`npm start`), not when bundled into the CLI (whose import.meta.url is the bundle's).
if (process.argv[1] !== undefined && /launcher[\\/]start\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ options: { archive: { type: 'string' }, browser: { type: 'boolean' }, headless: { type: 'boolean' } }, allowPositionals: false });
  startReader({ archiveDir: values.archive, browser: values.browser, headless: values.headless }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
