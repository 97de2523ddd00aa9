/**
 * Where the archive lives when nobody says: `READER_ARCHIVE`, else `archive/` under the folder
 * Electron calls `userData` for this app, computed the same way so the CLI and the app agree.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_NAME } from './version.ts';

/** Electron's `appData` for this platform. */
function appDataDir(): string {
  switch (process.platform) {
    case 'win32':
      return process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support');
    default:
      return process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  }
}

/** The archive folder: `--archive` (passed in), else `READER_ARCHIVE`, else the app's default. */
export function resolveArchiveDir(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.READER_ARCHIVE) return process.env.READER_ARCHIVE;
  return join(appDataDir(), APP_NAME, 'archive');
}
