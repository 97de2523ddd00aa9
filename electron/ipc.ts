/**
 * Binds the contract to ipcMain: one handler per method on its fixed channel, each checking the
 * sender (an app window's top frame on the app origin) before the service checks the argument.
 */
import { channels, eventChannels, readerMethods, type ReaderEvent, type ReaderEvents, type ReaderMethod } from '../archive/contract.ts';
import { senderProblem, type SenderEvent } from './security/ipc-sender.ts';

/** The part of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, arg: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The part of ReaderService used here. */
export interface Dispatcher {
  dispatch(method: ReaderMethod, arg: unknown): Promise<unknown>;
  on<E extends ReaderEvent>(event: E, listener: (payload: ReaderEvents[E]) => void): () => void;
}

/** Thrown to the window when a call comes from somewhere it must not. */
export class UntrustedSender extends Error {
  override name = 'UntrustedSender';
}

/** Registers every contract method; returns the function that removes them again. */
export function bindReaderApi(ipcMain: IpcMainLike, service: Dispatcher, trustedWebContentsIds: ReadonlySet<number>, log: (message: string) => void = () => {}): () => void {
  for (const method of readerMethods) {
    ipcMain.handle(channels[method], async (event, arg) => {
      const problem = senderProblem(event, trustedWebContentsIds);
      if (problem) {
        log(`refused ${method} from webContents ${event.sender.id}: ${problem}`);
        throw new UntrustedSender(`${method}: refused (${problem})`);
      }
      return service.dispatch(method, arg);
    });
  }
  return () => {
    for (const method of readerMethods) ipcMain.removeHandler(channels[method]);
  };
}

/** Forwards every service event to the windows `send` reaches; returns the unsubscribe function. */
export function forwardEvents(service: Dispatcher, send: (channel: string, payload: unknown) => void): () => void {
  const stops = (Object.keys(eventChannels) as ReaderEvent[]).map((event) => service.on(event, (payload) => send(eventChannels[event], payload)));
  return () => {
    for (const stop of stops) stop();
  };
}
