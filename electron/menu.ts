/**
 * The native menu, as a template built from the actions main supplies (so it can be checked
 * without Electron). Shortcuts are the usual ones; font size and script also have keys.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ScriptMode, Settings } from '../archive/model.ts';

export interface MenuActions {
  importFiles(): void;
  importFolder(): void;
  exportArticles(): void;
  backup(): void;
  restore(): void;
  find(): void;
  changeFontSize(step: 1 | -1 | 0): void;
  setScript(script: ScriptMode): void;
  setTheme(theme: Settings['theme']): void;
  showShortcuts(): void;
  openArchiveFolder(): void;
  about(): void;
}

export const SCRIPT_LABELS: Record<ScriptMode, string> = {
  original: 'Original (原文)',
  hans: 'Simplified (简体)',
  hant: 'Traditional (繁體)',
  tw: 'Taiwan (台灣正體)',
  hk: 'Hong Kong (香港繁體)',
};

const THEME_LABELS: Record<Settings['theme'], string> = { system: 'Follow System', light: 'Light', dark: 'Dark', sepia: 'Sepia' };

/** The menu bar for `platform`, with radio items checked from the current settings. */
export function buildMenuTemplate(actions: MenuActions, current: Pick<Settings, 'script' | 'theme'>, platform: NodeJS.Platform, appName: string, isPackaged: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const scripts = Object.keys(SCRIPT_LABELS) as ScriptMode[];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Import Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportArticles() },
        { type: 'separator' },
        { label: 'Back Up Archive…', click: () => actions.backup() },
        { label: 'Restore from Backup…', click: () => actions.restore() },
        { type: 'separator' },
        { label: 'Show Archive Folder', click: () => actions.openArchiveFolder() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Find in Article…', accelerator: 'CmdOrCtrl+F', click: () => actions.find() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Larger Text', accelerator: 'CmdOrCtrl+=', click: () => actions.changeFontSize(1) },
        { label: 'Larger Text', accelerator: 'CmdOrCtrl+Plus', visible: false, acceleratorWorksWhenHidden: true, click: () => actions.changeFontSize(1) },
        { label: 'Smaller Text', accelerator: 'CmdOrCtrl+-', click: () => actions.changeFontSize(-1) },
        { label: 'Default Text Size', accelerator: 'CmdOrCtrl+0', click: () => actions.changeFontSize(0) },
        { type: 'separator' },
        {
          label: 'Script',
          submenu: scripts.map((script, i) => ({
            label: SCRIPT_LABELS[script],
            type: 'radio' as const,
            checked: current.script === script,
            accelerator: `Alt+${i + 1}`,
            click: () => actions.setScript(script),
          })),
        },
        {
          label: 'Theme',
          submenu: (Object.keys(THEME_LABELS) as Settings['theme'][]).map((theme) => ({
            label: THEME_LABELS[theme],
            type: 'radio' as const,
            checked: current.theme === theme,
            click: () => actions.setTheme(theme),
          })),
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Keyboard Shortcuts', accelerator: mac ? 'Cmd+/' : 'F1', click: () => actions.showShortcuts() },
        ...(mac ? [] : [{ type: 'separator' as const }, { label: `About ${appName}`, click: () => actions.about() }]),
      ],
    },
  );
  return template;
}
