import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { channels, eventChannels, InvalidArgument, readerMethods } from '../archive/contract.ts';
import { buildReaderBridge } from './bridge.ts';
import { bindReaderApi, forwardEvents, UntrustedSender, type Dispatcher } from './ipc.ts';
import { APP_ENTRY_URL } from './security/app-url.ts';
import type { SenderEvent } from './security/ipc-sender.ts';

describe('window.reader built from the contract', () => {
  test('has one function per contract method, each invoking its fixed channel', async () => {
    const calls: [string, unknown][] = [];
    const bridge = buildReaderBridge({ invoke: async (channel, arg) => (calls.push([channel, arg]), 'ok'), subscribe: () => () => {} });
    for (const method of readerMethods) {
      assert.equal(typeof bridge[method], 'function', method);
      assert.equal(await (bridge[method] as (a: unknown) => Promise<unknown>)({ probe: method }), 'ok');
    }
    assert.deepEqual(calls.map(([c]) => c), readerMethods.map((m) => channels[m]));
    assert.ok(Object.isFrozen(bridge));
  });

  test('on() subscribes to contract events only, and returns the unsubscribe', () => {
    const subscribed: string[] = [];
    let unsubscribed = 0;
    const bridge = buildReaderBridge({
      invoke: async () => null,
      subscribe: (channel, listener) => {
        subscribed.push(channel);
        listener({ message: 'hello' });
        return () => void unsubscribed++;
      },
    });
    const seen: unknown[] = [];
    const stop = bridge.on('notice', (p) => seen.push(p));
    stop();
    assert.deepEqual(subscribed, [eventChannels.notice]);
    assert.deepEqual(seen, [{ message: 'hello' }]);
    assert.equal(unsubscribed, 1);
    for (const bad of ['constructor', '__proto__', 'toString', 'reader:getSettings', 'ipc-message']) {
      assert.throws(() => bridge.on(bad as 'notice', () => {}), /no event/);
    }
  });
});

describe('ipcMain binding', () => {
  const fakeIpc = () => {
    const handlers = new Map<string, (event: SenderEvent, arg: unknown) => Promise<unknown>>();
    return {
      handlers,
      handle: (channel: string, fn: (event: SenderEvent, arg: unknown) => Promise<unknown>) => void handlers.set(channel, fn),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
  };
  const service: Dispatcher & { calls: unknown[] } = {
    calls: [],
    async dispatch(method, arg) {
      this.calls.push([method, arg]);
      if (method === 'getArticle' && (typeof arg !== 'object' || arg === null)) throw new InvalidArgument('getArticle: expected an object');
      return { method };
    },
    on: () => () => {},
  };
  const frame = { url: APP_ENTRY_URL, parent: null };
  const trustedEvent: SenderEvent = { sender: { id: 1, mainFrame: frame }, senderFrame: frame };

  test('binds every contract channel and nothing else, and unbinds them', () => {
    const ipc = fakeIpc();
    const unbind = bindReaderApi(ipc, service, new Set([1]));
    assert.deepEqual([...ipc.handlers.keys()].sort(), Object.values(channels).sort());
    unbind();
    assert.equal(ipc.handlers.size, 0);
  });

  test('the trusted window reaches the service; the argument goes through dispatch (its check)', async () => {
    const ipc = fakeIpc();
    bindReaderApi(ipc, service, new Set([1]));
    assert.deepEqual(await ipc.handlers.get(channels.getStats)!(trustedEvent, {}), { method: 'getStats' });
    await assert.rejects(ipc.handlers.get(channels.getArticle)!(trustedEvent, 'x'), InvalidArgument);
  });

  test('other senders are refused before the service sees anything', async () => {
    const ipc = fakeIpc();
    const refused: string[] = [];
    bindReaderApi(ipc, service, new Set([1]), (m) => refused.push(m));
    const before = service.calls.length;
    const sub = { url: APP_ENTRY_URL, parent: frame };
    for (const event of [
      { sender: { id: 2, mainFrame: frame }, senderFrame: frame },
      { sender: { id: 1, mainFrame: frame }, senderFrame: sub },
      { sender: { id: 1, mainFrame: frame }, senderFrame: null },
      { sender: { id: 1, mainFrame: { url: 'https://evil.example/', parent: null } }, senderFrame: null },
    ] as SenderEvent[]) {
      await assert.rejects(ipc.handlers.get(channels.removeArticles)!(event, { ids: [] }), UntrustedSender);
    }
    const foreign = { url: 'https://evil.example/', parent: null };
    await assert.rejects(ipc.handlers.get(channels.getStats)!({ sender: { id: 1, mainFrame: foreign }, senderFrame: foreign }, {}), UntrustedSender);
    assert.equal(service.calls.length, before);
    assert.equal(refused.length, 5);
  });

  test('service events are forwarded on their event channels', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const source: Dispatcher = { dispatch: async () => null, on: (event, fn) => (listeners.set(event, fn as (p: unknown) => void), () => listeners.delete(event)) };
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(source, (channel, payload) => sent.push([channel, payload]));
    listeners.get('archiveChanged')!({ ids: ['a'] });
    assert.deepEqual(sent, [[eventChannels.archiveChanged, { ids: ['a'] }]]);
    stop();
    assert.equal(listeners.size, 0);
  });
});
