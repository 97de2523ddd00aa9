// After `npm install`: says in one line when Electron's desktop binary is not there, and what to
// do about it. Electron is an optional dependency, so a download that cannot reach its server
// (an offline machine, a closed network) no longer fails the install; npm then removes the whole
// package, so its JavaScript and type definitions (no binary) are put back from npm's own
// registry or cache: the typecheck of electron/ needs them, nothing else does. Plain Node, no
// dependencies: it runs before anything else is known to work.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronDir = join(root, 'node_modules', 'electron');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies?.electron;

/** The binary Electron's own launcher would start, or null. */
function electronBinary() {
  try {
    const name = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
    return name && existsSync(join(dist, name)) ? join(dist, name) : null;
  } catch {
    return null;
  }
}

/** The version of the electron package in node_modules, or null. */
function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** Unpacks electron@version's package (its scripts are not run: no download is tried again). */
function restorePackage() {
  const work = mkdtempSync(join(tmpdir(), 'electron-package-'));
  try {
    const npm = process.env.npm_execpath;
    const args = ['pack', `electron@${version}`, '--pack-destination', work, '--json', '--silent'];
    const out = npm ? execFileSync(process.execPath, [npm, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) : execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], shell: process.platform === 'win32' });
    const tarball = join(work, JSON.parse(out)[0].filename);
    mkdirSync(electronDir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', electronDir, '--strip-components=1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (version && !electronBinary()) {
  const restored = installedVersion() === version || restorePackage();
  const types = restored ? '' : ` (electron@${version}'s package could not be fetched either: \`npm run typecheck\` needs it)`;
  console.log(
    `electron: the desktop binary is not installed (its download was skipped or could not reach its server); \`npm start\` opens the reader in your Chromium instead${types}. For the desktop app: ELECTRON_MIRROR=<mirror url> npm install, a cached download in electron_config_cache, or the installer built on a connected machine (npm run dist).`,
  );
}
