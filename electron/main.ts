/**
 * The main process: one hardened window on the app's own scheme, the archive opened once, the
 * contract bound to IPC, a native menu, file dialogs, and files from the command line, a second
 * launch or macOS `open-file` handed to the import method (a drop's are registered for the window). Everything that can live in
 * archive/ or electron/security/ does; this file only wires Electron to it.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type WebContents } from 'electron';
import { eventChannels, type ReaderEvents } from '../archive/contract.ts';
import { stepSetting, type ScriptMode, type Settings } from '../archive/model.ts';
import { resolveArchiveDir } from '../archive/paths.ts';
import { tuneHeapForLargeArchives } from '../archive/heap.ts';
import { dialogExtensions } from '../archive/import/formats/index.ts';
import { openArchiveWithSamples } from '../archive/sample.ts';
import { ReaderService, type ServiceHost } from '../archive/service.ts';
import type { ArchiveStore } from '../archive/store/store.ts';
import { APP_NAME } from '../archive/version.ts';
import type { PdfRenderer } from '../archive/export/pdf-renderer.ts';
import { DROP_CHANNEL } from './bridge.ts';
import { bindReaderApi, forwardEvents } from './ipc.ts';
import { parseLaunchArgs } from './launch-args.ts';
import { buildMenuTemplate } from './menu.ts';
import { electronPdfRenderer, PrintPages } from './print-pdf.ts';
import { appResponseHeaders, appSchemePrivileges, assetSchemePrivileges, handleAppRequest, type SchemeRoots } from './security/app-scheme.ts';
import { APP_ENTRY_URL, APP_SCHEME, ASSET_SCHEME } from './security/app-url.ts';
import { senderProblem, type SenderEvent } from './security/ipc-sender.ts';
import { blockNavigation, makeWindowOpenHandler } from './security/navigation.ts';
import { denyAllPermissions } from './security/permissions.ts';
import { REQUEST_FILTER_URLS, requestFilter } from './security/requests.ts';
import { mainWindowOptions, printWindowOptions } from './security/window-options.ts';
import { loadWindowState, placeWindow, saveWindowState, type WindowState } from './window-state.ts';

// The bundles sit in dist/: main.cjs, preload.cjs and renderer/.
const distDir = __dirname;
const roots: SchemeRoots = { bundle: join(distDir, 'renderer'), assets: null };
const trustedWebContents = new Set<number>();
const printPages = new PrintPages();
const launch = parseLaunchArgs(process.argv, { defaultApp: Boolean(process.defaultApp), cwd: process.cwd() });

let mainWindow: BrowserWindow | null = null;
let service: ReaderService | null = null;
let store: ArchiveStore | null = null;
let windowState: WindowState = { bounds: null, maximized: false, fullScreen: false };
const pendingFiles: string[] = [...launch.files];
const windowStateFile = (): string => join(app.getPath('userData'), 'window-state.json');

tuneHeapForLargeArchives();
// Same userData as the CLI computes (archive/paths.ts), whatever name the package carries.
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
protocol.registerSchemesAsPrivileged([appSchemePrivileges, assetSchemePrivileges]);

function sendToWindows(channel: string, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (trustedWebContents.has(window.webContents.id)) window.webContents.send(channel, payload);
  }
}

function notify(message: string): void {
  if (service) service.emit('notice', { message });
}

/**
 * Imports files and folders main was handed (the command line, a second launch, macOS
 * `open-file`) through the contract's import method: main registers the paths and passes the
 * token, as for any call that touches files. The window shows the report (`importFinished`).
 */
async function importPaths(paths: string[]): Promise<void> {
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length === 0) return;
  if (!service) {
    pendingFiles.push(...existing);
    return;
  }
  try {
    await service.dispatch('importFiles', { token: service.pathTokens.issue('import', existing) });
  } catch (error) {
    dialog.showErrorBox('Import failed', (error as Error).message);
  }
}

/** Imports what the user picks in a file dialog (the service asks the host for the paths). */
async function chooseAndImport(kind: 'files' | 'folder'): Promise<void> {
  if (!service) return;
  try {
    await service.dispatch('chooseAndImport', { kind });
  } catch (error) {
    dialog.showErrorBox('Import failed', (error as Error).message);
  }
}

/** The file dialog for import. */
async function chooseImportPaths(kind: 'files' | 'folder'): Promise<string[] | null> {
  const options: Electron.OpenDialogOptions =
    kind === 'files'
      ? {
          title: 'Import Files',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'Saved pages and web archives', extensions: dialogExtensions() },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : { title: 'Import Folder', properties: ['openDirectory', 'multiSelections'] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}

/** The folder dialog for export. */
async function chooseExportFolder(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Export to Folder', buttonLabel: 'Export Here', properties: ['openDirectory', 'createDirectory'] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** The save dialog for a backup. */
async function chooseBackupFile(): Promise<string | null> {
  const stamp = new Date().toISOString().slice(0, 10);
  const options: Electron.SaveDialogOptions = { title: 'Back Up Archive', defaultPath: `reader-archive-${stamp}.backup`, filters: [{ name: 'Archive backup', extensions: ['backup'] }] };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled ? null : (result.filePath ?? null);
}

/** The open dialog for a restore. */
async function chooseRestoreFile(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Restore from Backup', properties: ['openFile'], filters: [{ name: 'Archive backup', extensions: ['backup'] }, { name: 'All files', extensions: ['*'] }] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Backup… and Restore… from the File menu, with the outcome said in a message box. */
async function backupOrRestore(which: 'backup' | 'restore'): Promise<void> {
  if (!service) return;
  try {
    mainWindow?.setProgressBar(2); // indeterminate until the first bytes are counted
    if (which === 'backup') {
      const done = await service.dispatch('backupArchive', {});
      if (done) await dialog.showMessageBox({ type: 'info', message: `Backed up ${done.articles} articles`, detail: done.file });
    } else {
      const done = await service.dispatch('restoreArchive', {});
      if (done) {
        const conflicts = done.conflicts.map((c) => `${c.title}: ${c.reason}`).join('\n');
        await dialog.showMessageBox({ type: conflicts ? 'warning' : 'info', message: `Restored ${done.articles} articles (${done.unchanged} already here)`, detail: conflicts });
      }
    }
  } catch (error) {
    dialog.showErrorBox(which === 'backup' ? 'Backup failed' : 'Restore refused', (error as Error).message);
  } finally {
    mainWindow?.setProgressBar(-1);
  }
}

/** Settings changed from the menu; the service announces them to the window (settingsChanged). */
async function changeSettings(patch: Partial<Settings>): Promise<void> {
  if (!service) return;
  await service.dispatch('updateSettings', patch);
}

async function changeFontSize(step: 1 | -1 | 0): Promise<void> {
  if (!service) return;
  const { fontSize } = await service.dispatch('getSettings', {});
  await changeSettings({ fontSize: stepSetting('fontSize', fontSize, step) });
}

function installMenu(settings: Pick<Settings, 'script' | 'theme'>): void {
  const template = buildMenuTemplate(
    {
      importFiles: () => void chooseAndImport('files'),
      importFolder: () => void chooseAndImport('folder'),
      exportArticles: () => service?.emit('menuCommand', { command: 'export' }),
      backup: () => void backupOrRestore('backup'),
      restore: () => void backupOrRestore('restore'),
      find: () => service?.emit('menuCommand', { command: 'find' }),
      showShortcuts: () => service?.emit('menuCommand', { command: 'shortcuts' }),
      changeFontSize: (step) => void changeFontSize(step),
      setScript: (script: ScriptMode) => void changeSettings({ script }),
      setTheme: (theme) => void changeSettings({ theme }),
      openArchiveFolder: () => {
        if (store) void shell.openPath(store.dir);
      },
      about: () =>
        void dialog.showMessageBox({ type: 'info', title: APP_NAME, message: `${APP_NAME} ${app.getVersion()}`, detail: `Archive: ${store?.dir ?? 'none'}\nElectron ${process.versions.electron}` }),
    },
    settings,
    process.platform,
    APP_NAME,
    app.isPackaged,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Every webContents: no navigation, no new windows (web links to the browser after asking), no webviews. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) return;
    blockNavigation(event);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(
    makeWindowOpenHandler({
      confirm: async (url) => {
        const parent = BrowserWindow.fromWebContents(contents) ?? mainWindow;
        const options = { type: 'question' as const, buttons: ['Open in Browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your web browser?', detail: url };
        const answer = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
        return answer.response === 0;
      },
      openExternal: (url) => shell.openExternal(url),
    }),
  );
}

function secureSession(): void {
  const ses = session.defaultSession;
  denyAllPermissions(ses);
  ses.webRequest.onBeforeRequest({ urls: REQUEST_FILTER_URLS }, requestFilter);
  ses.on('will-download', (event) => event.preventDefault());
  protocol.handle(APP_SCHEME, async (request) => {
    const printed = request.url.startsWith(`${APP_SCHEME}://print/`) ? printPages.get(request.url) : null;
    if (printed !== null) return new Response(printed, { headers: appResponseHeaders('text/html; charset=utf-8') });
    return handleAppRequest(request, roots);
  });
  protocol.handle(ASSET_SCHEME, (request) => handleAppRequest(request, roots));
}

/** Opens the archive; when it cannot be used, says why and offers another folder. */
async function openArchive(dir: string): Promise<ArchiveStore | null> {
  for (let candidate: string | null = dir; candidate; ) {
    try {
      // First start (no archive yet): a few sample articles of our own show what the reader does.
      return await openArchiveWithSamples(candidate);
    } catch (error) {
      const answer = await dialog.showMessageBox({
        type: 'error',
        title: APP_NAME,
        message: 'The archive cannot be opened',
        detail: `${(error as Error).message}\n\nFolder: ${candidate}`,
        buttons: ['Choose Another Folder…', 'Quit'],
        defaultId: 1,
        cancelId: 1,
      });
      if (answer.response !== 0) return null;
      const picked = await dialog.showOpenDialog({ title: 'Choose an archive folder', properties: ['openDirectory', 'createDirectory'] });
      candidate = picked.canceled ? null : (picked.filePaths[0] ?? null);
    }
  }
  return null;
}

async function createMainWindow(): Promise<BrowserWindow> {
  const placement = placeWindow(windowState.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow(mainWindowOptions(join(distDir, 'preload.cjs'), placement, APP_NAME));
  trustedWebContents.add(window.webContents.id);
  const id = window.webContents.id;
  window.on('closed', () => {
    trustedWebContents.delete(id);
    if (mainWindow === window) mainWindow = null;
  });
  const remember = (): void => {
    windowState = { bounds: window.isMaximized() || window.isFullScreen() ? windowState.bounds : window.getBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen() };
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) window.on(event as 'resize', remember);
  window.on('close', () => {
    remember();
    void saveWindowState(windowStateFile(), windowState).catch(() => undefined);
  });
  window.once('ready-to-show', () => {
    if (windowState.maximized) window.maximize();
    if (windowState.fullScreen) window.setFullScreen(true);
    window.show();
  });
  window.webContents.once('did-finish-load', () => {
    for (const message of store?.notices ?? []) notify(message);
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  secureSession();
  windowState = await loadWindowState(windowStateFile());
  store = await openArchive(resolveArchiveDir(launch.archive ?? undefined));
  if (!store) {
    app.quit();
    return;
  }
  roots.assets = join(store.dir, 'assets');
  const host: ServiceHost = { chooseImportPaths, chooseExportFolder, chooseBackupFile, chooseRestoreFile, openPdfRenderer: async () => createAppPdfRenderer() };
  service = new ReaderService(store, host);
  bindReaderApi(ipcMain, service, trustedWebContents, (message) => console.warn(message));
  forwardEvents(service, sendToWindows);
  service.on('settingsChanged', (settings) => installMenu(settings));
  // Backup and restore show their progress on the window's taskbar/dock entry.
  service.on('backupProgress', ({ task, bytesDone, bytesTotal }) => {
    const fraction = bytesTotal > 0 ? bytesDone / bytesTotal : 0;
    mainWindow?.setProgressBar(task === 'restore-write' ? 0.5 + fraction / 2 : task === 'restore-check' ? fraction / 2 : fraction);
  });
  // The paths of a drop come from the preload's isolated world (the page cannot see them); main
  // registers them for an import only (read, sanitized), never to write or restore anything, and
  // sends the token to the window that was dropped on, which imports through importFiles.
  ipcMain.handle(DROP_CHANNEL, async (event, paths: unknown) => {
    const problem = senderProblem(event as unknown as SenderEvent, trustedWebContents);
    if (problem) throw new Error(`drop refused (${problem})`);
    if (!service) throw new Error('drop: the archive is not open yet');
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > 10_000 || !paths.every((p) => typeof p === 'string' && p.length > 0 && p.length < 4096 && isAbsolute(p))) {
      throw new Error('drop: expected a list of absolute file paths');
    }
    const token = service.pathTokens.issue('import', paths as string[]);
    event.sender.send(eventChannels.filesDropped, { token } satisfies ReaderEvents['filesDropped']);
  });
  installMenu(await service.dispatch('getSettings', {}));
  mainWindow = await createMainWindow();
  if (pendingFiles.length > 0) await importPaths(pendingFiles.splice(0));
}

/** PDF export in the app: printToPDF in a hidden, script-less window without preload. */
function createAppPdfRenderer(): PdfRenderer {
  return electronPdfRenderer(() => new BrowserWindow(printWindowOptions()), printPages);
}

if (!app.requestSingleInstanceLock({ files: launch.files })) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    const handed = parseLaunchArgs(argv, { defaultApp: Boolean(process.defaultApp), cwd: workingDirectory });
    void importPaths(handed.files);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void importPaths([path]);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && service) void createMainWindow().then((w) => (mainWindow = w));
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !store) return;
    event.preventDefault();
    closing = true;
    // The search index saves before the store closes (and releases the lock).
    const open = store;
    void Promise.resolve(service?.dispose())
      .catch(() => undefined)
      .then(() => open.close())
      .finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox(APP_NAME, `The app could not start: ${(error as Error).message}`);
    app.quit();
  });
}
