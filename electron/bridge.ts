/**
 * `window.reader`, built mechanically from the contract: one function per method, each invoking
 * its fixed channel, and `on()` for the contract's events only. The preload hands it Electron's
 * ipcRenderer; tests hand it fakes.
 */
import { channels, eventChannels, readerMethods, type ReaderBridge, type ReaderEvent, type ReaderEvents } from '../archive/contract.ts';

/**
 * The preload's one extra channel: it registers the paths of files the user dropped on the
 * window with main, which issues an import token for them and sends it to that window as the
 * contract's `filesDropped` event; the window then imports them with `importFiles`.
 */
export const DROP_CHANNEL = 'reader-drop:register';

export interface BridgeTransport {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  /** Subscribes to a main-to-window channel; returns the unsubscribe function. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

const allowedInvokeChannels: ReadonlySet<string> = new Set(Object.values(channels));

/** The object exposed as `window.reader`. */
export function buildReaderBridge(transport: BridgeTransport): ReaderBridge {
  const api: Record<string, unknown> = {};
  for (const method of readerMethods) {
    const channel = channels[method];
    if (!allowedInvokeChannels.has(channel)) throw new Error(`channel ${channel} is not in the contract`);
    api[method] = (arg: unknown) => transport.invoke(channel, arg ?? {});
  }
  api.on = <E extends ReaderEvent>(event: E, listener: (payload: ReaderEvents[E]) => void): (() => void) => {
    if (typeof event !== 'string' || !Object.hasOwn(eventChannels, event)) throw new Error(`window.reader.on: no event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error('window.reader.on: the listener must be a function');
    return transport.subscribe(eventChannels[event], (payload) => listener(payload as ReaderEvents[E]));
  };
  return Object.freeze(api) as unknown as ReaderBridge;
}
