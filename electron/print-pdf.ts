/**
 * PDF in the app: the print page is served from memory at `app://print/<token>` into a hidden,
 * script-less window with no preload, and Chromium's printToPDF renders it. One window serves a
 * whole batch.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserWindow } from 'electron';
import type { PdfRenderer, PrintPage } from '../archive/export/pdf-renderer.ts';
import { APP_SCHEME } from './security/app-url.ts';

export const PRINT_HOST = 'print';

/** Print documents waiting to be loaded, by token; each is served once per load. */
export class PrintPages {
  #pages = new Map<string, string>();

  /** Holds `html` and returns its URL and the function that forgets it. */
  add(html: string): { url: string; release(): void } {
    const token = randomUUID();
    this.#pages.set(token, html);
    return { url: `${APP_SCHEME}://${PRINT_HOST}/${token}.html`, release: () => void this.#pages.delete(token) };
  }

  /** The document for an `app://print/…` URL, or null. */
  get(rawUrl: string): string | null {
    const match = /^app:\/\/print\/([0-9a-f-]{36})\.html$/.exec(rawUrl);
    return match ? (this.#pages.get(match[1]!) ?? null) : null;
  }
}

const MM_PER_INCH = 25.4;

/** A PdfRenderer over hidden windows made by `createWindow` (built from printWindowOptions). */
export function electronPdfRenderer(createWindow: () => BrowserWindow, pages: PrintPages): PdfRenderer {
  let window: BrowserWindow | null = null;
  return {
    async render(page: PrintPage): Promise<Uint8Array> {
      if (!window || window.isDestroyed()) window = createWindow();
      const held = pages.add(page.html);
      try {
        await window.loadURL(held.url);
        const pdf = await window.webContents.printToPDF({
          pageSize: page.paper,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: page.headerTemplate,
          footerTemplate: page.footerTemplate,
          margins: {
            top: page.margins.top / MM_PER_INCH,
            right: page.margins.right / MM_PER_INCH,
            bottom: page.margins.bottom / MM_PER_INCH,
            left: page.margins.left / MM_PER_INCH,
          },
          generateTaggedPDF: true,
          generateDocumentOutline: true,
        });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        held.release();
      }
    },
    async close() {
      if (window && !window.isDestroyed()) window.destroy();
      window = null;
    },
  };
}
