/**
 * Which Chromium the browser window runs in, and with which switches. The search is the one the
 * CLI's PDF export uses (archive/export/chromium.ts): `CHROMIUM_PATH`, a system Chromium, Chrome
 * or Edge, or Playwright's own.
 */
import { findChromium } from '../archive/export/chromium.ts';

export const INSTALL_HINT =
  'no Chromium found: install one (Debian/Ubuntu: `apt-get install chromium`; or Google Chrome) or set CHROMIUM_PATH to its executable';

/** Path of the browser to launch, or null when there is none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return findChromium(env);
  } catch {
    return null;
  }
}

/** Switches that keep Chromium from phoning home: no sync, updates, field trials or background fetches. */
export const QUIET_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-domain-reliability',
  '--metrics-recording-only',
];

/**
 * The browser window's switches: an app window (no tabs, no address bar), quiet, and no host
 * name resolves at all, so even a request that slipped past the interception would go nowhere.
 */
export function windowArgs(headless: boolean): string[] {
  const args = ['--app=about:blank', ...QUIET_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND'];
  if (headless) args.push('--disable-gpu', '--disable-dev-shm-usage');
  return args;
}

/** Chromium refuses to run its sandbox as root (containers, CI): only there is it turned off. */
export function sandboxAllowed(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() !== 0;
}
