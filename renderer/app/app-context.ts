/**
 * What the parts of the app's state share: the one bridge to the service, the guard that turns a
 * failed call into the window's error banner, and a way to ask the window to render again.
 */
import type { ReaderBridge } from '../../archive/contract.ts';

export interface AppContext {
  readonly bridge: ReaderBridge;
  /** Runs `work`; a failure becomes the window's error message instead of an unhandled rejection. */
  guard(work: () => Promise<void>): Promise<void>;
  /** Asks the window to render again. */
  update(): void;
}
