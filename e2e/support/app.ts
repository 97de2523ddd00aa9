/**
 * One place to start the app in Chromium for a test: a real archive in a temp folder, the real
 * service bound as `window.reader` and the real renderer bundle served at the app's origin, both
 * by the browser window's own code (launcher/), and a tally of every request that tried to leave
 * the app. A test gets a fresh browser context of one shared browser, where the browser window
 * has a browser of its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PathPurpose, PathToken } from '../../archive/contract.ts';
import type { ImportReport } from '../../archive/import/types.ts';
import type { ExtractedArticle, Settings } from '../../archive/model.ts';
import { ReaderService, type ServiceHost } from '../../archive/service.ts';
import { ArchiveStore } from '../../archive/store/store.ts';
import { APP_ENTRY, APP_ORIGIN, serveRenderer } from '../../launcher/app-origin.ts';
import { bindService, type BridgeLog } from '../../launcher/bridge.ts';
import { RENDERER_DIR } from '../../launcher/browser-window.ts';
import { findChromium, INSTALL_HINT, LAUNCH_ARGS } from './browser.ts';

export { RENDERER_DIR };
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Why the e2e tests cannot run here, or null when they can. */
export function skipReason(): string | false {
  if (!findChromium()) return INSTALL_HINT;
  if (!existsSync(join(RENDERER_DIR, 'app.js'))) return 'dist/renderer/app.js is missing: run `npm run build` first';
  return false;
}

export interface OpenOptions {
  articles?: ExtractedArticle[];
  settings?: Partial<Settings>;
  locale?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Writes into the empty archive folder before the store opens it (a synthetic archive …). */
  prepareDir?: (dir: string) => Promise<void>;
  /** What the app around the service would do: file dialogs (answered by the test, their paths registered as tokens like main's), printing. */
  host?: ServiceHost;
  /** Called with the store before the page loads (to add articles another way, tag them …). */
  prepare?: (store: ArchiveStore) => Promise<void>;
}

/** Polls `check` until it returns a value other than undefined/false; fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface AppSession {
  page: Page;
  context: BrowserContext;
  store: ArchiveStore;
  service: ReaderService;
  dir: string;
  ids: string[];
  bridge: BridgeLog;
  /** URLs of requests that reached the network layer headed out of the app (all refused). */
  leaks: string[];
  /** URLs of the app's own files that interception saw and let through (proof that it is on). */
  served: string[];
  /**
   * URLs Chromium reported as requested outside the app, including ones its CSP then blocked
   * before any byte went out (the DevTools protocol announces those too).
   */
  attempts: string[];
  /** Messages of uncaught page errors and console errors other than CSP reports. */
  errors: string[];
  /** CSP violation reports seen on the console. */
  cspReports: string[];
  /**
   * What main does with paths the user chose (a dialog, the menu): registers them with the
   * service and gets the token the window may pass to the contract. The window never names paths.
   */
  grant(purpose: PathPurpose, paths: string[]): PathToken;
  /**
   * Files dropped on the window, as main handles them: a token for the paths sent to the window
   * (`filesDropped`), which imports them with importFiles; resolves to the report the window got.
   */
  drop(paths: string[]): Promise<ImportReport>;
  close(): Promise<void>;
}

/** A browser shared by the tests of one file. */
export class E2eHarness {
  private constructor(readonly browser: Browser) {}

  static async start(): Promise<E2eHarness> {
    const executablePath = findChromium();
    if (!executablePath) throw new Error(INSTALL_HINT);
    const browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout: 60_000 });
    return new E2eHarness(browser);
  }

  /** Opens the app on a fresh archive holding `articles`; resolves once the window shows it. */
  async open(options: OpenOptions = {}): Promise<AppSession> {
    const dir = await mkdtemp(join(tmpdir(), 'reader-e2e-'));
    await options.prepareDir?.(dir);
    const store = await ArchiveStore.open(dir);
    const ids: string[] = [];
    for (const [i, article] of (options.articles ?? []).entries()) {
      const bytes = new TextEncoder().encode(`<!-- e2e ${i} --><html><body>${article.html}</body></html>`);
      const result = await store.addArticle({ article, original: { bytes, fileName: `page-${i}.html`, ext: 'html' } });
      ids.push(result.id);
    }
    if (options.settings) await store.updateSettings(options.settings);
    await options.prepare?.(store);
    const service = new ReaderService(store, options.host ?? {});
    const context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
      colorScheme: options.colorScheme ?? 'light',
      serviceWorkers: 'block',
    });
    const { served, refused: leaks } = await serveRenderer(context, RENDERER_DIR);
    const attempts: string[] = [];
    const origin = APP_ORIGIN;
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    const cspReports: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('about:')) attempts.push(url);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/Content Security Policy/i.test(text)) cspReports.push(text);
      else errors.push(text);
    });
    const bridge = await bindService(page, service);
    await page.goto(APP_ENTRY);
    await page.locator('reader-app[ready]').waitFor({ state: 'attached' });
    return {
      page,
      context,
      store,
      service,
      dir,
      ids,
      bridge,
      leaks,
      attempts,
      served,
      errors,
      cspReports,
      grant: (purpose, paths) => service.pathTokens.issue(purpose, paths),
      drop: (paths) => {
        const finished = new Promise<ImportReport>((resolve, reject) => {
          const timer = setTimeout(() => {
            stop();
            reject(new Error('the window did not import the dropped files within 60 s'));
          }, 60_000);
          const stop = service.on('importFinished', (report) => {
            clearTimeout(timer);
            stop();
            resolve(report);
          });
        });
        service.emit('filesDropped', { token: service.pathTokens.issue('import', paths) });
        return finished;
      },
      close: async () => {
        await context.close();
        await service.dispose();
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** What a suite's tests use of the shared harness. */
export interface SuiteApps {
  open(options?: OpenOptions): Promise<AppSession>;
}

/**
 * A `describe` of e2e tests sharing one browser: started before the first test, closed after the
 * last. Skipped, with the reason printed, where no Chromium (or no renderer bundle) is found.
 */
export function describeApp(name: string, timeoutMs: number, body: (apps: SuiteApps) => void): void {
  const skip = skipReason();
  if (skip) console.log(`# e2e skipped: ${skip}`);
  describe(name, { skip, timeout: timeoutMs }, () => {
    let harness: E2eHarness | undefined;
    before(async () => {
      harness = await E2eHarness.start();
    });
    after(async () => {
      await harness?.close();
    });
    body({
      open: (options) => {
        if (!harness) throw new Error('the e2e harness has not started');
        return harness.open(options);
      },
    });
  });
}
