/**
 * The window's keyboard shortcuts, wherever the focus is (the article frame forwards its keys):
 * Ctrl/⌘ `=` `-` `0` text size, Ctrl/⌘+F find in the article, `j`/`k` next and previous article,
 * `/` search, `?` all shortcuts, `a` the reading settings (Aa), Ctrl/⌘+, preferences, `o` article
 * / side by side / original, `h` highlight the selected text, Esc closes a popover or panel, else
 * back to the article (from the original) or to the list. Keys typed in a text field stay there
 * (Esc leaves it), and nothing fires while a modal dialog has the keyboard.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the shortcuts act on. */
export interface ShortcutActions {
  /** True while a modal dialog (shortcuts, export, a removal's confirmation) has the keyboard. */
  modalOpen(): boolean;
  bumpFontSize(direction: 1 | -1): void;
  resetFontSize(): void;
  openFind(): void;
  step(delta: number): void;
  focusSearch(): void;
  showShortcuts(): void;
  focusList(): void;
  /** Article → side by side with the original → the original instead (View original). */
  cycleView(): void;
  /** Back to the article alone if the original is shown; false when it was not. */
  leaveOriginal(): boolean;
  /** Highlights the text selected in the article; false when none is. */
  highlightSelection?(): boolean;
  /** Closes an open popover or side panel; false when none was open (Esc then goes to the list). */
  dismiss?(): boolean;
  openReadingSettings(): void;
  openPreferences(): void;
}

const EDITABLE = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/** Acts on one key press; `target` is the element the key was typed in. */
export function handleShortcut(event: KeyboardEvent, target: EventTarget | null, actions: ShortcutActions): void {
  if (actions.modalOpen()) return;
  if ((event.ctrlKey || event.metaKey) && !event.altKey) {
    const action = ({ '=': () => actions.bumpFontSize(1), '+': () => actions.bumpFontSize(1), '-': () => actions.bumpFontSize(-1), '0': () => actions.resetFontSize(), f: () => actions.openFind(), F: () => actions.openFind(), ',': () => actions.openPreferences() } as Record<string, () => void>)[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const element = target instanceof Element ? target : null;
  if (element && EDITABLE.has(element.tagName)) {
    if (event.key === 'Escape') {
      event.preventDefault();
      (element as HTMLElement).blur();
      actions.focusList();
    }
    return;
  }
  const plain: Record<string, () => void> = {
    j: () => actions.step(1),
    k: () => actions.step(-1),
    '/': () => actions.focusSearch(),
    '?': () => actions.showShortcuts(),
    o: () => actions.cycleView(),
    h: () => actions.highlightSelection?.(),
    a: () => actions.openReadingSettings(),
  };
  const action = plain[event.key];
  if (action) {
    event.preventDefault();
    action();
  } else if (event.key === 'Escape' && !actions.dismiss?.() && !actions.leaveOriginal()) actions.focusList();
}

/** Listens for the window's keys while the host is connected. */
export class KeyboardShortcuts implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly actions: ShortcutActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#onKeyDown);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#onKeyDown);
  }

  /** A key the article frame forwarded. */
  handleFrameKey(original: KeyboardEvent): void {
    handleShortcut(original, original.target, this.actions);
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    handleShortcut(event, event.composedPath()[0] ?? null, this.actions);
  };
}
