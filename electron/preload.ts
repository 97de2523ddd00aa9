/**
 * The preload: exposes the contract as `window.reader` and nothing else. Runs sandboxed, so it
 * only has contextBridge, ipcRenderer and webUtils; every channel it touches is a fixed constant.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { buildReaderBridge, DROP_CHANNEL } from './bridge.ts';

const reader = buildReaderBridge({
  invoke: (channel, arg) => ipcRenderer.invoke(channel, arg),
  subscribe(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('reader', reader);

// Files dropped on the window: the page cannot see their paths (contextIsolation), so the
// preload reads them here and registers them with main, which answers the window with an import
// token (the `filesDropped` event); the window imports them through the contract's importFiles.
// Only the user's drops count: a drop event the page made up is ignored (and its files, made in
// script, would have no paths anyway).
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => {
  event.preventDefault();
  if (!event.isTrusted) return;
  const paths = Array.from(event.dataTransfer?.files ?? []).map((file) => webUtils.getPathForFile(file)).filter((p) => p.length > 0);
  // Main answers the window with the token (filesDropped); a refusal has nothing to tell the page.
  if (paths.length > 0) ipcRenderer.invoke(DROP_CHANNEL, paths).catch(() => undefined);
});
