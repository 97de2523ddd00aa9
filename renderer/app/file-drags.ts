/**
 * Files dragged over the window: whether to show where they will go. The drop itself is not the
 * page's (it cannot see the files' paths): the preload registers a real drop with main, which
 * hands the window a token for it (`filesDropped`), imported like any other import.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FileDrags implements ReactiveController {
  /** Drag enters minus leaves of files over the window (each element crossed sends both). */
  #depth = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly canImport: () => boolean,
  ) {
    host.addController(this);
  }

  /** True while files are dragged over the window. */
  get active(): boolean {
    return this.#depth > 0;
  }

  hostConnected(): void {
    window.addEventListener('dragenter', this.#onEnter);
    window.addEventListener('dragleave', this.#onLeave);
    window.addEventListener('drop', this.#onDone);
    window.addEventListener('dragend', this.#onDone);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragenter', this.#onEnter);
    window.removeEventListener('dragleave', this.#onLeave);
    window.removeEventListener('drop', this.#onDone);
    window.removeEventListener('dragend', this.#onDone);
  }

  #carriesFiles(event: DragEvent): boolean {
    return this.canImport() && Array.from(event.dataTransfer?.types ?? []).includes('Files');
  }

  #onEnter = (event: DragEvent): void => {
    if (!this.#carriesFiles(event)) return;
    if (this.#depth++ === 0) this.host.requestUpdate();
  };

  #onLeave = (event: DragEvent): void => {
    if (!this.#carriesFiles(event) || this.#depth === 0) return;
    if (--this.#depth === 0) this.host.requestUpdate();
  };

  #onDone = (): void => {
    if (this.#depth === 0) return;
    this.#depth = 0;
    this.host.requestUpdate();
  };
}
