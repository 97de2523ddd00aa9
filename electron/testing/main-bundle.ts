/**
 * The real main and preload, bundled as for the app but with `electron` swapped for the recorder
 * (fake-electron.ts), loaded into this node process. One app per process: node's test runner
 * gives every test file its own.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { importWorkerBuild } from '../../build/tools/bundle.ts';
import type { Recorder } from './fake-electron.ts';

const electronDir = join(import.meta.dirname, '..');

async function bundle(entry: string, out: string): Promise<void> {
  await build({
    entryPoints: [join(electronDir, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['jsdom'],
    plugins: [{ name: 'fake-electron', setup: (b) => b.onResolve({ filter: /^electron$/ }, () => ({ path: join(electronDir, 'testing', 'fake-electron.ts') })) }],
    define: { 'import.meta.url': '__bundleFileUrl' },
    banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'error',
  });
}

/** The import worker, where the bundled pool looks for it (as build/tools/bundle.ts ships it). */
async function bundleImportWorker(out: string): Promise<void> {
  await build({ ...importWorkerBuild(join(electronDir, '..', 'archive', 'import', 'worker.ts'), out), logLevel: 'error' });
}

/** Polls `get` until it returns something truthy; fails after `ms`. */
export async function until<T>(what: string, get: () => T | undefined | null | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface LoadedMain {
  /** The temp folder holding dist/ (the bundles) and appData/. */
  dir: string;
  recorder: Recorder;
  /** Runs the preload bundle with `window` standing for the page's global; returns what it exposed. */
  loadPreload(window: Record<string, unknown>): void;
  /** Quits the app (the archive closes) and removes the temp folder. */
  close(): Promise<void>;
}

/** Bundles main and preload, and starts main on `--archive <archiveDir>` (the app is not ready yet). */
export async function loadMain(archiveDir: (dir: string) => string): Promise<LoadedMain> {
  const dir = await mkdtemp(join(tmpdir(), 'main-wiring-'));
  await mkdir(join(dir, 'dist', 'renderer'), { recursive: true });
  await writeFile(join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>test</title>');
  await bundle('main.ts', join(dir, 'dist', 'main.cjs'));
  await bundle('preload.ts', join(dir, 'dist', 'preload.cjs'));
  await bundleImportWorker(join(dir, 'dist', 'import-worker.mjs'));
  const savedArgv = process.argv;
  process.env.FAKE_ELECTRON_APPDATA = join(dir, 'appData');
  process.argv = ['/usr/bin/electron', '.', '--archive', archiveDir(dir)];
  (process as { defaultApp?: boolean }).defaultApp = true;
  try {
    createRequire(import.meta.url)(join(dir, 'dist', 'main.cjs'));
  } finally {
    process.argv = savedArgv;
  }
  const recorder = (globalThis as unknown as { __fakeElectron: Recorder }).__fakeElectron;
  return {
    dir,
    recorder,
    loadPreload(window) {
      (globalThis as Record<string, unknown>).window = window;
      try {
        createRequire(import.meta.url)(join(dir, 'dist', 'preload.cjs'));
      } finally {
        delete (globalThis as Record<string, unknown>).window;
      }
    },
    async close() {
      const quit = recorder.appHandlers.get('will-quit')?.[0];
      if (quit) {
        quit({ preventDefault() {} });
        await until('the archive to close', () => recorder.quitCalled > 0).catch(() => undefined);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
