/**
 * The one options object every app window is built from: the renderer is a sandboxed web page
 * with no Node, no <webview>, no spellchecker service, reaching the app only through the preload.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Web preferences no window may relax. */
export function hardenedWebPreferences(preloadPath: string | null): WebPreferences {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // A middle click (auxclick) on a link would ask for a new window; the open handler denies it anyway.
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    autoplayPolicy: 'document-user-activation-required',
  };
}

export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** The reader's main window. */
export function mainWindowOptions(preloadPath: string, placement: WindowPlacement, title: string): BrowserWindowConstructorOptions {
  return {
    ...placement,
    minWidth: 640,
    minHeight: 420,
    title,
    show: false,
    backgroundColor: '#fbfaf7',
    webPreferences: hardenedWebPreferences(preloadPath),
  };
}

/** The hidden window that renders print HTML for printToPDF: no preload, no API at all. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 900,
    height: 1200,
    webPreferences: { ...hardenedWebPreferences(null), devTools: false, javascript: false },
  };
}
