/**
 * The CLI's part of main: what only a host can do. PDFs are printed by the system's Chromium
 * (main prints with Electron); there are no dialogs, since every path comes from the command line
 * and reaches the service as a token the CLI issues for it.
 */
import { ArchiveError, type ServiceHost } from '../service.ts';

/** The host the CLI opens its service with. */
export const cliHost: ServiceHost = {
  async openPdfRenderer() {
    const { BrowserNotFound, openChromiumPdfRenderer } = await import('../export/chromium.ts');
    try {
      return await openChromiumPdfRenderer();
    } catch (error) {
      // No browser is a setup problem, not a failed article: exit 2 with the advice it carries.
      if (error instanceof BrowserNotFound) throw new ArchiveError('unusable', error.message);
      throw error;
    }
  },
};
