/**
 * The file dialogs of the browser window, asked in the page: Chromium's own prompt, opened from a
 * world of the launcher's that the page's scripts cannot reach (they could replace `prompt` in
 * their own world, never here), so the path the user types comes to the launcher alone. The path
 * is then registered with the service like a path from main's dialogs. Cancel answers null.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { formatNames } from '../archive/import/formats/index.ts';
import type { ServiceHost } from '../archive/service.ts';

/** The question each dialog asks, and the path it suggests. */
export const PAGE_DIALOGS = {
  importFiles: `Import: the path of a saved page or web archive (${formatNames()}), or of several separated by ";"`,
  importFolder: 'Import: the path of a folder of saved pages',
  exportFolder: 'Export: the folder to write the files into',
  backupFile: 'Back up the archive: the file to write',
  restoreFile: 'Restore: the path of the backup file',
} as const;

/** Splits what was typed into absolute paths (`;`-separated, quotes dropped, `~` and relative paths from home). */
export function typedPaths(answer: string): string[] {
  return answer
    .split(';')
    .map((p) => p.trim().replace(/^(["'])(.*)\1$/, '$2').trim())
    .filter((p) => p.length > 0)
    .map((p) => resolve(homedir(), p === '~' || p.startsWith('~/') ? `.${p.slice(1)}` : p));
}

/** Asks `question` in a prompt of the launcher's own world in `page`'s top frame; null when cancelled. */
export async function askInPage(page: Page, question: string, suggestion: string): Promise<string | null> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const frameId = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId, worldName: 'reader-launcher-dialogs', grantUniveralAccess: false });
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `prompt(${JSON.stringify(question)}, ${JSON.stringify(suggestion)})`,
      contextId: executionContextId,
      returnByValue: true,
      userGesture: true,
    });
    return typeof result.value === 'string' && result.value.trim() ? result.value : null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The ServiceHost of the browser window: every file dialog as a prompt in the page. */
export function pageDialogsHost(page: () => Page | null): ServiceHost {
  const ask = async (question: string, suggestion: string): Promise<string | null> => {
    const current = page();
    return current ? askInPage(current, question, suggestion) : null;
  };
  const home = homedir();
  return {
    async chooseImportPaths(kind) {
      const answer = await ask(kind === 'files' ? PAGE_DIALOGS.importFiles : PAGE_DIALOGS.importFolder, home);
      const paths = answer === null ? [] : typedPaths(answer);
      return paths.length > 0 ? paths : null;
    },
    async chooseExportFolder() {
      const answer = await ask(PAGE_DIALOGS.exportFolder, join(home, 'Downloads'));
      return answer === null ? null : (typedPaths(answer)[0] ?? null);
    },
    async chooseBackupFile() {
      const answer = await ask(PAGE_DIALOGS.backupFile, join(home, `reader-archive-${new Date().toISOString().slice(0, 10)}.backup`));
      return answer === null ? null : (typedPaths(answer)[0] ?? null);
    },
    async chooseRestoreFile() {
      const answer = await ask(PAGE_DIALOGS.restoreFile, home);
      return answer === null ? null : (typedPaths(answer)[0] ?? null);
    },
  };
}
