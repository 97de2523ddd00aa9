/**
 * Main answers IPC only from the app's own window, its top frame, showing the app's own page:
 * a frame inside an article, a page that navigated elsewhere, or another webContents is refused.
 */
import { APP_SCHEME, BUNDLE_HOST } from './app-url.ts';

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface SenderEvent {
  sender: { id: number; mainFrame: unknown };
  senderFrame: { url: string; parent: unknown } | null;
}

/** Why a sender is refused, or null when it may call the API. */
export function senderProblem(event: SenderEvent, trustedWebContentsIds: ReadonlySet<number>): string | null {
  if (!trustedWebContentsIds.has(event.sender.id)) return 'not an app window';
  const frame = event.senderFrame;
  if (!frame) return 'the calling frame is gone';
  if (frame !== event.sender.mainFrame || frame.parent) return 'not the top frame';
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return 'the frame has no URL';
  }
  // WHATWG gives non-special schemes an opaque origin, so compare scheme and host.
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== BUNDLE_HOST) return `foreign origin ${url.protocol}//${url.host}`;
  return null;
}
