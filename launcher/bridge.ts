/**
 * The browser window's bridge: what the preload does in the desktop app, done over the DevTools
 * pipe (the e2e suite binds its windows with it too). The real service is bound to the page as
 * one protocol binding; an init script builds `window.reader` from the contract's method list,
 * and service events are pushed into the page. Every call goes through the service's `dispatch`,
 * so the page meets the same checks as the app's window: no paths, only tokens issued in main's
 * place (the launcher's page dialogs; in tests AppSession.grant, .drop, the host's dialogs).
 * Only the top frame's own world may call: an article frame, an extension world or any other
 * page is refused.
 *
 * Why the protocol and not Playwright's `exposeBinding`: that one walks each answer value by
 * value on both sides and takes several hops, 20-30 ms for an article of 20,000 characters,
 * which the ui bench would then charge to the renderer. A binding call here is one protocol
 * event in and one evaluation out, with the answer as JSON text (a few ms), closer to Electron's
 * IPC, which the app really uses.
 */
import type { Page } from 'playwright-core';
import { eventChannels, readerMethods, type ReaderEvent, type ReaderMethod } from '../archive/contract.ts';
import type { ReaderService } from '../archive/service.ts';

const BINDING = '__readerInvoke';

/**
 * The init script that builds `window.reader` in the top frame, as source text (a function would
 * carry the TypeScript loader's helpers into the page): one method per contract method, each a
 * call of the binding answered through `__readerSettle`, and `on()` for the events the test
 * pushes in with `__readerEmit`.
 */
export function readerInitScript(methods: readonly string[], events: readonly string[]): string {
  return `(() => {
  if (window.top !== window) return;
  const invoke = window.${BINDING};
  const methods = ${JSON.stringify(methods)};
  const listeners = new Map(${JSON.stringify(events)}.map((e) => [e, new Set()]));
  const pending = new Map();
  let next = 0;
  Object.defineProperty(window, '__readerSettle', {
    value: (id, ok, text) => {
      const call = pending.get(id);
      if (!call) return;
      pending.delete(id);
      const value = text === undefined ? undefined : JSON.parse(text);
      if (ok) call.resolve(value);
      else call.reject(Object.assign(new Error(value.message), { name: value.name }));
    },
  });
  const reader = {};
  for (const method of methods) {
    reader[method] = (arg) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        invoke(JSON.stringify({ id, method, arg: arg === undefined ? {} : arg }));
      });
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

interface Call {
  id: number;
  method: string;
  arg: unknown;
}

/** Binds `service` to `page` as `window.reader`; call before the first navigation. */
export async function bindService(page: Page, service: ReaderService): Promise<BridgeLog> {
  const log: BridgeLog = { calls: [] };
  const cdp = await page.context().newCDPSession(page);
  // Which frame each execution context belongs to: only the top frame's page world may call,
  // as main checks the sender in the app.
  const contexts = new Map<number, { frameId: string; isDefault: boolean }>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = (context.auxData ?? {}) as { frameId?: string; isDefault?: boolean };
    contexts.set(context.id, { frameId: aux.frameId ?? '', isDefault: aux.isDefault === true });
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  await cdp.send('Page.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  // The top frame keeps its id across navigations.
  const topFrame = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== BINDING) return;
    void answer(event.executionContextId, event.payload);
  });
  await page.addInitScript(readerInitScript(readerMethods, Object.keys(eventChannels)));
  for (const event of Object.keys(eventChannels) as ReaderEvent[]) {
    service.on(event, (payload) => {
      page.evaluate(([name, data]) => (globalThis as unknown as { __readerEmit?: (e: string, p: unknown) => void }).__readerEmit?.(name, data), [event, payload] as const).catch(() => undefined);
    });
  }

  async function answer(contextId: number, payload: string): Promise<void> {
    let call: Call;
    try {
      call = JSON.parse(payload) as Call;
    } catch {
      return;
    }
    let ok = true;
    let result: unknown;
    try {
      const context = contexts.get(contextId);
      if (!context || !context.isDefault || context.frameId !== topFrame) throw new Error('the reader API answers the top frame only');
      log.calls.push({ method: call.method, arg: call.arg });
      result = await service.dispatch(call.method as ReaderMethod, call.arg);
    } catch (error) {
      ok = false;
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      result = { name, message };
    }
    // The answer goes in as a string literal of JSON text. (Passing it as a protocol argument of
    // Runtime.callFunctionOn measured twice as slow for a 45 KB answer.)
    const text = result === undefined ? 'undefined' : JSON.stringify(JSON.stringify(result));
    await cdp
      .send('Runtime.evaluate', { expression: `window.__readerSettle(${call.id}, ${ok}, ${text})`, contextId })
      .catch(() => undefined); // the page went away (a reload, the end of a test)
  }
  return log;
}
