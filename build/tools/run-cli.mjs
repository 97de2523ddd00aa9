// `npm run cli`: runs the built CLI (dist/cli.mjs, what the installed `reader-archive` is), so a
// command starts in tens of milliseconds instead of transpiling the sources first. When the bundle
// is missing, or a file it was built from (listed in dist/cli-inputs.json) changed since that
// build started, the CLI is rebuilt first (`bundle.ts --cli`, about a second; one line on stderr
// says why). The check stats those files only: about 150 of them, a few milliseconds. Plain
// JavaScript: running it must not need tsx.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'dist', 'cli.mjs');

/** Why the bundle must be rebuilt, or null when it is current. */
function staleBecause() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'dist', 'cli-inputs.json'), 'utf8'));
    statSync(bundle);
  } catch {
    return 'it is not built yet';
  }
  for (const input of manifest.inputs) {
    let mtimeMs;
    try {
      ({ mtimeMs } = statSync(join(root, input)));
    } catch {
      return `${input} is gone`;
    }
    if (mtimeMs >= manifest.startedAt) return `${input} changed`;
  }
  return null;
}

const why = staleBecause();
if (why) {
  process.stderr.write(`npm run cli: building dist/cli.mjs first (${why})\n`);
  // Loaded only to build: a current bundle starts without it.
  const { spawnSync } = await import('node:child_process');
  const built = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'build', 'tools', 'bundle.ts'), '--cli'], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (built.status !== 0) {
    process.stderr.write(`npm run cli: the build failed (exit ${built.status ?? built.signal}); see above\n`);
    process.exit(2);
  }
}
await import(pathToFileURL(bundle).href);
