import type { CliCommand } from '../archive/cli/context.ts';

/**
 * `open`: the reader window on the archive, Electron's when its binary is installed, otherwise the
 * system Chromium's. It is the one command that needs the launcher, so it lives here, not in
 * archive/cli/ (the core imports nothing from above it); launcher/cli.ts adds it to the core's
 * commands. The window's code is loaded only when the command runs, so no other command pays
 * for a browser driver.
 */
export const openCommand: CliCommand = {
  name: 'open',
  summary: 'open the reader: the desktop app if Electron is installed, else in the system Chromium',
  usage: '[--browser] [--headless]',
  options: { browser: { type: 'boolean' }, headless: { type: 'boolean' } },
  async run(ctx) {
    const { startReader } = await import('./start.ts');
    return startReader({ archiveDir: ctx.archiveDir, browser: ctx.values.browser === true, headless: ctx.values.headless === true });
  },
};
