/**
 * PDF through a Chromium or Chrome found on this machine (Playwright drives it): one browser for a
 * whole batch, a page per article, scripts off and every request refused, so printing an article
 * can neither run nor fetch anything.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PdfRenderer, PrintPage } from './pdf-renderer.ts';

/** No usable browser: the message says what to install or set. */
export class BrowserNotFound extends Error {
  override name = 'BrowserNotFound';
}

/** Where browsers usually are, per platform, in the order they are tried. */
export function browserCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      ];
    case 'win32': {
      const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => Boolean(r));
      return roots.flatMap((r) => [join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
    }
    default:
      return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'];
  }
}

/** The browser to print with: `CHROMIUM_PATH`, a system Chromium/Chrome, or Playwright's own. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync, platform: NodeJS.Platform = process.platform): string {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (exists(explicit)) return explicit;
    throw new BrowserNotFound(`CHROMIUM_PATH is ${explicit}, but there is no file there`);
  }
  for (const candidate of browserCandidates(platform, env)) if (exists(candidate)) return candidate;
  let bundled: string | null = null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && exists(bundled)) return bundled;
  const install =
    platform === 'darwin' ? 'install Google Chrome or Chromium' : platform === 'win32' ? 'install Google Chrome or Microsoft Edge' : 'install Chromium (Debian/Ubuntu: sudo apt-get install chromium)';
  throw new BrowserNotFound(`PDF export needs Chromium or Chrome and none was found: ${install}, or set CHROMIUM_PATH to its executable`);
}

/** Opens one headless browser for a batch of PDFs. */
export async function openChromiumPdfRenderer(executablePath: string = findChromium()): Promise<PdfRenderer> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: ['--disable-gpu', '--no-first-run', '--disable-extensions'] });
  } catch (error) {
    throw new BrowserNotFound(`could not start ${executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
  await context.route('**/*', (route) => route.abort('blockedbyclient'));
  let page: Page | null = null;
  return {
    async render(print: PrintPage): Promise<Uint8Array> {
      page ??= await context.newPage();
      await page.setContent(print.html, { waitUntil: 'load' });
      const mm = (n: number): string => `${n}mm`;
      const pdf = await page.pdf({
        format: print.paper,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: print.headerTemplate,
        footerTemplate: print.footerTemplate,
        margin: { top: mm(print.margins.top), right: mm(print.margins.right), bottom: mm(print.margins.bottom), left: mm(print.margins.left) },
        tagged: true,
        outline: true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
