/**
 * The build: esbuild bundles the renderer (a classic IIFE script, since `<script type=module>`
 * is blocked from file://), main and preload (CommonJS for Electron) and the CLI (ESM for node)
 * into `dist/`, and writes the renderer's index.html with its Content-Security-Policy.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { ARTICLE_FRAME_CSP, contentSecurityPolicy, ORIGINAL_FRAME_CSP } from '../../electron/security/csp.ts';
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

/** Builds every bundle; resolves to the notes to print (skipped entries). */
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
      define: {
        ARTICLE_FRAME_CSP: JSON.stringify(contentSecurityPolicy(ARTICLE_FRAME_CSP, 'meta')),
        ORIGINAL_FRAME_CSP: JSON.stringify(contentSecurityPolicy(ORIGINAL_FRAME_CSP, 'meta')),
      },
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
    bundleCli(),
  ];
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

/** The CLI's entry bundle: what the installed `reader-archive` and `npm run cli` run. */
export const CLI_BUNDLE = join(dist, 'cli.mjs');
/** The project files the CLI's bundles were built from (relative paths), for `build/tools/run-cli.mjs`'s staleness check. */
export const CLI_INPUTS = join(dist, 'cli-inputs.json');
const CLI_CHUNK = /^cli-[\w.-]+-[A-Z0-9]{8}\.mjs$/;

/**
 * The CLI as an ES module split at every `await import()`: `dist/cli.mjs` holds only what every
 * command needs (argument parsing, the commands' names and help); each command's work, and the
 * packages it uses (lowdb, linkedom, Readability, OpenCC's dictionaries, warcio, yauzl,
 * playwright-core), sit in `cli-*.mjs` chunks beside it, loaded when a command asks for them, so
 * `--help`, `list` and `show` start in a few tens of milliseconds. Chunks stay in dist/ itself:
 * modules in them find the import worker and the project folder from their own URL. The import
 * worker is built with it (an import from the CLI needs it). Files are written to temp names and
 * renamed, so a CLI starting while `npm run cli` rebuilds never reads half a file; chunks of an
 * older build are removed afterwards. The inputs, when the build started and the module each lazily loaded chunk starts from are in
 * `dist/cli-inputs.json`.
 */
export async function bundleCli(): Promise<void> {
  // Sources changed after this moment make the build stale, even those changed while it runs.
  const startedAt = Date.now();
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, metafile: true, logLevel: 'warning' } as const;
  const [cli, worker] = await Promise.all([
    build({
      ...common,
      entryPoints: [{ in: join(root, 'launcher', 'cli.ts'), out: 'cli' }],
      outdir: dist,
      splitting: true,
      chunkNames: 'cli-[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      packages: 'external',
      banner: { js: '#!/usr/bin/env node' },
    }),
    build({ ...importWorkerBuild(join(root, 'archive', 'import', 'worker.ts'), join(dist, 'import-worker.mjs')), write: false, metafile: true }),
  ]);
  await mkdir(dist, { recursive: true });
  const files = [...cli.outputFiles, ...worker.outputFiles];
  // The entry last: until it is renamed into place, the chunks it names are already there.
  files.sort((a, b) => Number(a.path === CLI_BUNDLE) - Number(b.path === CLI_BUNDLE));
  for (const file of files) {
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents, { mode: file.path === CLI_BUNDLE ? 0o755 : 0o644 });
    await rename(temp, file.path);
  }
  const written = new Set(files.map((f) => f.path));
  for (const name of await readdir(dist)) {
    if (CLI_CHUNK.test(name) && !written.has(join(dist, name))) await rm(join(dist, name), { force: true });
  }
  const inputs = new Set([relative(root, fileURLToPath(import.meta.url))]);
  for (const meta of [cli.metafile, worker.metafile]) {
    for (const input of Object.keys(meta.inputs)) if (!input.includes('node_modules')) inputs.add(input);
  }
  // Which module each chunk loaded by an `await import()` starts from: tests check what a command loads by it.
  const chunks: Record<string, string> = {};
  for (const [file, output] of Object.entries(cli.metafile.outputs)) if (output.entryPoint) chunks[relative(dist, join(root, file))] = output.entryPoint;
  const manifest = `${JSON.stringify({ startedAt, inputs: [...inputs].sort(), chunks })}\n`;
  await writeFile(`${CLI_INPUTS}.${process.pid}.tmp`, manifest);
  await rename(`${CLI_INPUTS}.${process.pid}.tmp`, CLI_INPUTS);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const start = performance.now();
  const onlyCli = process.argv.includes('--cli');
  (onlyCli ? bundleCli().then(() => []) : bundleAll()).then(
    (notes) => {
      for (const note of notes) console.log(`note: ${note}`);
      if (onlyCli) console.error(`built the CLI in dist/ in ${Math.round(performance.now() - start)} ms`);
      else console.log(`built dist/ in ${Math.round(performance.now() - start)} ms (renderer CSP: ${rendererCsp()})`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
