/** `window.reader` is the contract's bridge (preload in the app, a Playwright binding in e2e). */
import type { ReaderBridge } from '../archive/contract.ts';

declare global {
  /** The article frame's Content-Security-Policy (electron/security/csp.ts), put in by the build (build/tools/bundle.ts). */
  const ARTICLE_FRAME_CSP: string;
  /** The original frame's Content-Security-Policy (View original), put in the same way. */
  const ORIGINAL_FRAME_CSP: string;
  interface Window {
    reader: ReaderBridge;
  }
}
export {};
