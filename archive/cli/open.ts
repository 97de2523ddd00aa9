import type { CliCommand } from './context.ts';

/**
 * `open`: the reader window on the archive, Electron's when its binary is installed, otherwise the
 * system Chromium's. The one command that reaches above archive/: the launcher is loaded only
 * when this runs (the layering check allows this import here and nowhere else in archive/), so no
 * other command, and no test of archive/, loads a browser driver.
 */
export const openCommand: CliCommand = {
  name: 'open',
  summary: 'open the reader: the desktop app if Electron is installed, else in the system Chromium',
  usage: '[--browser] [--headless]',
  options: { browser: { type: 'boolean' }, headless: { type: 'boolean' } },
  async run(ctx) {
    const { startReader } = await import('../../launcher/start.ts');
    return startReader({ archiveDir: ctx.archiveDir, browser: ctx.values.browser === true, headless: ctx.values.headless === true });
  },
};
