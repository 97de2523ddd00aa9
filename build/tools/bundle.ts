/**
 * The build: esbuild bundles the renderer (a classic IIFE script, since `<script type=module>`
 * is blocked from file://), main and preload (CommonJS for Electron) and the CLI (ESM for node)
 * into `dist/`, and writes the renderer's index.html with its Content-Security-Policy.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { ARTICLE_FRAME_CSP, contentSecurityPolicy } from '../../electron/security/csp.ts';
import { rendererCsp, rendererIndexHtml, THEME_CSS_FILE } from './renderer-page.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

// A CommonJS bundle has no import.meta: its URL is the bundle's file, resolve() is require's.
const cjsImportMeta: Pick<BuildOptions, 'define' | 'banner'> = {
  define: { 'import.meta.url': '__bundleFileUrl', 'import.meta.resolve': '__bundleResolve' },
  banner: {
    js: [
      "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __bundleResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
    ].join('\n'),
  },
};

const electronTarget: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Dev-only packages stay out: jsdom (bench baselines) and playwright-core (CLI PDF through a system Chromium).
  external: ['electron', 'jsdom', 'playwright-core'],
  sourcemap: 'linked',
  logLevel: 'warning',
  ...cjsImportMeta,
};

/** Builds every bundle; resolves to the notes to print (skipped entries). */
/** How the import worker is bundled: an ES module beside main, with `require` for CJS dependencies. */
export function importWorkerBuild(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['electron', 'jsdom', 'playwright-core'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

export async function bundleAll(): Promise<string[]> {
  const notes: string[] = [];
  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, 'renderer'), { recursive: true });
  const jobs: Promise<unknown>[] = [
    build({
      entryPoints: [join(root, 'renderer', 'main.ts')],
      outfile: join(dist, 'renderer', 'app.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      minify: true,
      define: { ARTICLE_FRAME_CSP: JSON.stringify(contentSecurityPolicy(ARTICLE_FRAME_CSP, 'meta')) },
      legalComments: 'none',
      sourcemap: 'linked',
      logLevel: 'warning',
    }),
    // Web Awesome's base theme (sizes, spacing, the palette its tokens fall back on) as a file the
    // page links from 'self'; renderer/ui/tokens.ts sets the colours of our three themes over it.
    build({
      entryPoints: [join(root, 'node_modules', '@awesome.me', 'webawesome', 'dist', 'styles', 'themes', 'default.css')],
      outfile: join(dist, 'renderer', THEME_CSS_FILE),
      bundle: true,
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    }),
    writeFile(join(dist, 'renderer', 'index.html'), rendererIndexHtml()),
    build({
      entryPoints: [join(root, 'launcher', 'cli.ts')],
      outfile: join(dist, 'cli.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'warning',
    }),
  ];
  // The import worker (worker_threads) runs beside main.cjs and cli.mjs as `import-worker.mjs`
  // (archive/import/pool.ts looks for it there); bundled whole, so it needs no node_modules.
  const worker = join(root, 'archive', 'import', 'worker.ts');
  if (existsSync(worker)) {
    jobs.push(
      build(importWorkerBuild(worker, join(dist, 'import-worker.mjs'))),
    );
  }
  for (const [entry, out] of [
    ['main.ts', 'main.cjs'],
    ['preload.ts', 'preload.cjs'],
  ] as const) {
    const source = join(root, 'electron', entry);
    if (existsSync(source)) jobs.push(build({ ...electronTarget, entryPoints: [source], outfile: join(dist, out) }));
    else notes.push(`skipped dist/${out}: electron/${entry} does not exist yet`);
  }
  await Promise.all(jobs);
  return notes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const start = performance.now();
  bundleAll().then(
    (notes) => {
      for (const note of notes) console.log(`note: ${note}`);
      console.log(`built dist/ in ${Math.round(performance.now() - start)} ms (renderer CSP: ${rendererCsp()})`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
