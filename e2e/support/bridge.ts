/**
 * The test bridge: what the preload does in the app, done with Playwright. The real service is
 * bound to the page as one binding; an init script builds `window.reader` from the contract's
 * method list, and service events are pushed into the page.
 */
import type { Page } from 'playwright-core';
import { eventChannels, readerMethods, type ReaderEvent, type ReaderMethod } from '../../archive/contract.ts';
import type { ReaderService } from '../../archive/service.ts';

/**
 * The init script that builds `window.reader` in the top frame, as source text (a function would
 * carry the TypeScript loader's helpers into the page): one method per contract method, each a
 * call of the binding, and `on()` for the events the test pushes in with `__readerEmit`.
 */
export function readerInitScript(methods: readonly string[], events: readonly string[]): string {
  return `(() => {
  if (window.top !== window) return;
  const invoke = window.__readerInvoke;
  const methods = ${JSON.stringify(methods)};
  const listeners = new Map(${JSON.stringify(events)}.map((e) => [e, new Set()]));
  const reader = {};
  // Answers come back as JSON text: one string crosses the protocol instead of a tree of values
  // for Playwright to walk on both sides (which cost 60-100 ms a page of rows).
  for (const method of methods) {
    reader[method] = (arg) => invoke(method, arg === undefined ? {} : arg).then((text) => (text === undefined ? undefined : JSON.parse(text)));
  }
  reader.on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error('no such event: ' + event);
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, '__readerEmit', {
    value: (event, payload) => { for (const listener of listeners.get(event) || []) listener(payload); },
  });
  Object.defineProperty(window, 'reader', { value: Object.freeze(reader), enumerable: true });
})();`;
}

/** Calls made through the bridge, for tests that check what the window asked for. */
export interface BridgeLog {
  calls: { method: string; arg: unknown }[];
}

/** Binds `service` to `page` as `window.reader`; call before the first navigation. */
export async function bindService(page: Page, service: ReaderService): Promise<BridgeLog> {
  const log: BridgeLog = { calls: [] };
  await page.exposeBinding('__readerInvoke', async (source, method: string, arg: unknown) => {
    // Only the app's own top frame may call, as main checks the sender in the app.
    if (source.frame !== source.page.mainFrame()) throw new Error('the reader API answers the top frame only');
    log.calls.push({ method, arg });
    const result = await service.dispatch(method as ReaderMethod, arg);
    return result === undefined ? undefined : JSON.stringify(result);
  });
  await page.addInitScript(readerInitScript(readerMethods, Object.keys(eventChannels)));
  for (const event of Object.keys(eventChannels) as ReaderEvent[]) {
    service.on(event, (payload) => {
      page.evaluate(([name, data]) => (globalThis as unknown as { __readerEmit?: (e: string, p: unknown) => void }).__readerEmit?.(name, data), [event, payload] as const).catch(() => undefined);
    });
  }
  return log;
}
