/**
 * The seam between the print HTML and a PDF: the CLI renders through a Chromium found on the
 * system (Playwright), the app through Electron's printToPDF. Both get the same page.
 */

export type PaperSize = 'A4' | 'Letter';

/** Page margins in millimetres. */
export interface MarginsMm {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One article, ready to print: the document plus Chromium's header and footer templates. */
export interface PrintPage {
  html: string;
  title: string;
  paper: PaperSize;
  margins: MarginsMm;
  headerTemplate: string;
  footerTemplate: string;
}

/** Renders print pages to PDF bytes; one renderer is reused for a whole batch, then closed. */
export interface PdfRenderer {
  render(page: PrintPage): Promise<Uint8Array>;
  close(): Promise<void>;
}
