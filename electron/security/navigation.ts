/**
 * The window never navigates away from the app, and never opens another window. Links a reader
 * clicks in an article go to the system browser, only http(s), only after the reader agrees.
 */

/** The part of a will-navigate / will-redirect event the handler touches. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** Blocks every navigation: the app is one page that never leaves itself. */
export function blockNavigation(event: PreventableEvent, _url?: string): void {
  event.preventDefault();
}

/** True for URLs the system browser may be asked to open. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.length > 0 && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

export interface ExternalLinkDeps {
  /** Asks the reader whether to open `url`; resolves true to open it. */
  confirm(url: string): Promise<boolean>;
  /** Hands `url` to the system browser (shell.openExternal). */
  openExternal(url: string): Promise<void>;
}

/**
 * The window.open handler: always denies the new window; an http(s) URL is offered to the system
 * browser after a confirmation, anything else (file:, javascript:, app:, data: …) is dropped.
 * Returns the handler and a promise of each decision, for tests.
 */
export function makeWindowOpenHandler(deps: ExternalLinkDeps): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    if (isExternalWebUrl(url)) void openAfterConfirm(url, deps);
    return { action: 'deny' };
  };
}

/** Opens `url` in the system browser if it is http(s) and the reader agrees; resolves whether it did. */
export async function openAfterConfirm(url: string, deps: ExternalLinkDeps): Promise<boolean> {
  if (!isExternalWebUrl(url)) return false;
  try {
    if (!(await deps.confirm(url))) return false;
    await deps.openExternal(url);
    return true;
  } catch {
    return false;
  }
}
