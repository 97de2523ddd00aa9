/** `window.reader` is the contract's bridge (preload in the app, a Playwright binding in e2e). */
import type { ReaderBridge } from '../archive/contract.ts';

declare global {
  /** `'sha256-…'` of ARTICLE_FRAME_CSS, put in by the build (build/tools/renderer-page.ts). */
  const FRAME_STYLE_HASH: string;
  interface Window {
    reader: ReaderBridge;
  }
}
export {};
