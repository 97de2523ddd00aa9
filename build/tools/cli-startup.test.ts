/**
 * The built CLI loads only what a command needs: `--help`, `list` and `show` load none of the
 * extractor's, the converter's or the browser's packages, and not the search index or the import
 * pool; `show --script hans` loads OpenCC and nothing else heavy; `npm run cli` runs the bundle
 * and rebuilds it when a source changed. Which modules a process loaded is recorded by a module
 * hook (node's `register`), so this checks what really ran, not what the bundle's graph says.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(import.meta.dirname, '..', '..');
const RUN_CLI = join(root, 'build', 'tools', 'run-cli.mjs');
const BIN = join(root, 'dist', 'cli.mjs');
const FIXTURE = join(root, 'archive', 'cli', 'fixtures', 'education-dump.txt');

/** Packages no reading command may load: the extractor's, the converter's, the web archives', the browser's. */
const HEAVY = ['linkedom', '@mozilla/readability', 'opencc-js', 'warcio', 'yauzl', 'pako', 'hash-wasm', 'playwright-core', 'iconv-lite'];
/** Our modules no reading command may load (each starts a chunk of its own). */
const HEAVY_MODULES = ['archive/search/index.ts', 'archive/import/batch.ts', 'archive/import/formats/index.ts', 'archive/convert/index.ts', 'archive/convert/opencc.ts', 'archive/export/formats.ts', 'launcher/start.ts'];

const dir = mkdtempSync(join(tmpdir(), 'cli-startup-'));
const archive = join(dir, 'archive');
const log = join(dir, 'loaded.log');
const hooks = join(dir, 'record-loads.mjs');
let id = '';

before(() => {
  // The hook runs on the loader's thread and appends every module URL it is asked to load.
  const hookSource = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context); }`;
  writeFileSync(hooks, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hookSource)}`)});\n`);
  const built = spawnSync(process.execPath, [RUN_CLI, '--help'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const imported = spawnSync(process.execPath, [BIN, '--archive', archive, '--json', 'import', FIXTURE], { encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  id = (JSON.parse(imported.stdout) as { imported: { id: string }[] }).imported[0]!.id;
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI under the hook; the packages and our lazily loaded modules it loaded. */
function loadedBy(args: string[], input?: string): { status: number | null; stdout: string; packages: Set<string>; modules: Set<string> } {
  writeFileSync(log, '');
  const child = spawnSync(process.execPath, ['--import', hooks, BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, LOADED_LOG: log } });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(urls.map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((p): p is string => p !== undefined));
  const chunks = (JSON.parse(readFileSync(join(root, 'dist', 'cli-inputs.json'), 'utf8')) as { chunks: Record<string, string> }).chunks;
  const modules = new Set(urls.filter((url) => url.startsWith('file:')).map((url) => chunks[fileURLToPath(url).slice(join(root, 'dist').length + 1)]).filter((m): m is string => m !== undefined));
  return { status: child.status, stdout: child.stdout, packages, modules };
}

function assertLight(what: string, loaded: ReturnType<typeof loadedBy>, allowed: string[] = []): void {
  for (const name of HEAVY) if (!allowed.includes(name)) assert.ok(!loaded.packages.has(name), `${what} loaded ${name}`);
  for (const name of HEAVY_MODULES) if (!allowed.includes(name)) assert.ok(!loaded.modules.has(name), `${what} loaded ${name}`);
}

test('--help, list and show load none of the heavy packages, nor the search index or the import pool', () => {
  const help = loadedBy(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: reader-archive/);
  assertLight('--help', help);

  const list = loadedBy(['--archive', archive, '--json', 'list']);
  assert.equal(list.status, 0);
  assert.deepEqual((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id), [id]);
  assertLight('list', list);
  assert.ok(list.modules.has('archive/store/store.ts'), 'list opened the store (the hook sees lazily loaded chunks)');

  const show = loadedBy(['--archive', archive, '--json', 'show', id]);
  assert.equal(show.status, 0);
  assert.equal((JSON.parse(show.stdout) as { id: string }).id, id);
  assertLight('show', show);
});

test('show --script hans loads OpenCC and the conversion, and still nothing of the extractor or the browser', () => {
  const shown = loadedBy(['--archive', archive, '--json', 'show', id, '--script', 'hans']);
  assert.equal(shown.status, 0);
  assert.match((JSON.parse(shown.stdout) as { title: string }).title, /山区学校/);
  assert.ok(shown.packages.has('opencc-js'));
  assertLight('show --script hans', shown, ['opencc-js', 'archive/convert/index.ts', 'archive/convert/opencc.ts']);
});

test('convert loads OpenCC and nothing else heavy, and opens no archive', () => {
  const converted = loadedBy(['convert', '--config', 't2s'], '山區學校\n');
  assert.equal(converted.status, 0);
  assert.equal(converted.stdout, '山区学校\n');
  assert.ok(converted.packages.has('opencc-js'));
  assert.ok(!converted.modules.has('archive/store/store.ts'));
  assertLight('convert', converted, ['opencc-js', 'archive/convert/opencc.ts']);
});

test('import --help names the formats from the registry', () => {
  const help = loadedBy(['import', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: reader-archive \[--archive DIR\] \[--json\] import <path\.\.\.>\n\nimport saved pages and web archives \(HTML, .*WARC\)/);
});

test('npm run cli rebuilds the bundle when a source it was built from changed, then runs it', () => {
  const manifest = join(root, 'dist', 'cli-inputs.json');
  const { startedAt } = JSON.parse(readFileSync(manifest, 'utf8')) as { startedAt: number };
  // A source changed just after the build started: the bundle is stale.
  const source = join(root, 'archive', 'cli', 'list.ts');
  const { atime, mtime } = statSync(source);
  const changed = new Date(startedAt + 5);
  utimesSync(source, changed, changed);
  try {
    const run = spawnSync(process.execPath, [RUN_CLI, '--archive', archive, '--json', 'list'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /building dist\/cli\.mjs first \(archive\/cli\/list\.ts changed\)/);
    assert.equal((JSON.parse(run.stdout) as unknown[]).length, 1);
    const again = spawnSync(process.execPath, [RUN_CLI, '--archive', archive, '--json', 'list'], { cwd: root, encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stderr, '', 'a current bundle runs without a rebuild');
  } finally {
    // Its own time back: older than the build just made, so the bundle stays current.
    utimesSync(source, atime, mtime);
  }
});
