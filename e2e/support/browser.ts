/**
 * The Chromium the e2e suite drives: the one the browser window uses (launcher/chromium.ts), with
 * the switches a container needs on top (root, no GPU, a small /dev/shm).
 */
import { QUIET_ARGS } from '../../launcher/chromium.ts';

export { chromiumPath as findChromium, INSTALL_HINT } from '../../launcher/chromium.ts';

/** Flags for this kind of machine: root in a container, no GPU, nothing phoning home. */
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...QUIET_ARGS];
