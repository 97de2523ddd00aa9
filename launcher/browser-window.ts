/**
 * The reader in the system's Chromium, for machines without Electron's binary: the same renderer
 * bundle in an app window, bound to the same ReaderService through the DevTools pipe (Playwright
 * launches Chromium with `--remote-debugging-pipe`: no port listens), under the same CSP, with
 * every request that leaves the app refused, on the same archive (samples on first start). What
 * needs Electron is replaced: file dialogs ask in the page, PDF goes through the CLI's Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { openArchiveWithSamples } from '../archive/sample.ts';
import { ReaderService, type ServiceHost } from '../archive/service.ts';
import type { ArchiveStore } from '../archive/store/store.ts';
import { APP_ENTRY, serveRenderer, type WindowTraffic } from './app-origin.ts';
import { bindService, type BridgeLog } from './bridge.ts';
import { chromiumPath, INSTALL_HINT, sandboxAllowed, windowArgs } from './chromium.ts';
import { pageDialogsHost } from './page-dialogs.ts';

/** The project (or installed package) folder: the parent of launcher/ and of dist/. */
export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The renderer bundle `npm run build` writes. */
export const RENDERER_DIR = join(PROJECT_DIR, 'dist', 'renderer');

/** Said once on the terminal and once in the window. */
export const BROWSER_WINDOW_NOTICE =
  'This is the browser window, not the desktop app: file dialogs ask for a path in the page, and dropping files needs the desktop app.';

export interface ReaderWindowOptions {
  archiveDir: string;
  rendererDir?: string;
  /** The browser; default: CHROMIUM_PATH or a system Chromium. */
  executablePath?: string;
  headless?: boolean;
  /** The app around the service; default: dialogs asked in the page. Tests answer them here. */
  host?: ServiceHost;
  /** Where the terminal lines go (default: stdout). */
  say?: (line: string) => void;
}

export interface ReaderWindow {
  page: Page;
  context: BrowserContext;
  store: ArchiveStore;
  service: ReaderService;
  traffic: WindowTraffic;
  bridge: BridgeLog;
  /** Chromium's profile for this window (a temporary folder, removed when it closes). */
  profileDir: string;
  /** Settles once the window is gone (closed by the user or by close()) and the archive is closed. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Opens the reader window on `archiveDir`; resolves once the library shows. */
export async function openReaderWindow(options: ReaderWindowOptions): Promise<ReaderWindow> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const executablePath = options.executablePath ?? chromiumPath();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const headless = options.headless ?? false;
  const store = await openArchiveWithSamples(options.archiveDir);
  let page: Page | null = null;
  const service = new ReaderService(store, options.host ?? pageDialogsHost(() => page));
  const profileDir = await mkdtemp(join(tmpdir(), 'reader-window-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless,
      args: windowArgs(headless),
      ignoreDefaultArgs: ['about:blank'],
      chromiumSandbox: sandboxAllowed(),
      viewport: headless ? { width: 1280, height: 800 } : null,
      serviceWorkers: 'block',
      acceptDownloads: false,
      timeout: 60_000,
      // The launcher closes the window itself on these, so the archive is closed (and unlocked) too.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await service.dispose();
    await store.close();
    await rm(profileDir, { recursive: true, force: true });
    throw new Error(`could not start ${executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  let finished: Promise<void> | null = null;
  const finish = (): Promise<void> =>
    (finished ??= (async () => {
      await context.close().catch(() => undefined);
      await Promise.resolve(service.dispose()).catch(() => undefined);
      await store.close();
      await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    })());
  const closed = new Promise<void>((resolve, reject) => context.on('close', () => void finish().then(resolve, reject)));
  try {
    const traffic = await serveRenderer(context, options.rendererDir ?? RENDERER_DIR);
    const main = context.pages()[0] ?? (await context.newPage());
    page = main;
    // One window: a page the app did not open itself (window.open, a link's new tab) is closed.
    context.on('page', (other) => void other.close().catch(() => undefined));
    main.on('close', () => void finish());
    main.on('dialog', () => undefined); // the user answers the page's prompts; without a listener Playwright would dismiss them
    const bridge = await bindService(main, service);
    await main.goto(APP_ENTRY);
    await main.locator('reader-app[ready]').waitFor({ state: 'attached', timeout: 60_000 });
    say(BROWSER_WINDOW_NOTICE);
    service.emit('notice', { message: BROWSER_WINDOW_NOTICE });
    for (const message of store.notices) service.emit('notice', { message });
    return { page: main, context, store, service, traffic, bridge, profileDir, closed, close: finish };
  } catch (error) {
    await finish();
    throw error;
  }
}
