/**
 * The bar between the library and the reader: dragged with the pointer or moved with the arrow
 * keys (a step of SETTING_LIMITS a press), it sets the library pane's width, which is remembered.
 */
import { html, type TemplateResult } from 'lit';
import { SETTING_LIMITS, stepSetting } from '../../archive/model.ts';
import type { SettingsState } from './settings-state.ts';

export class PaneSplitter {
  #dragStart: { x: number; width: number } | null = null;

  constructor(private readonly prefs: SettingsState) {}

  render(): TemplateResult {
    return html`<div
      class="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label=${this.prefs.t('resizePane')}
      aria-valuenow=${this.prefs.settings.libraryPaneWidth}
      aria-valuemin=${SETTING_LIMITS.libraryPaneWidth.min}
      aria-valuemax=${SETTING_LIMITS.libraryPaneWidth.max}
      tabindex="0"
      @keydown=${this.#onKey}
      @pointerdown=${this.#onDown}
      @pointermove=${this.#onMove}
      @pointerup=${this.#onUp}
    ></div>`;
  }

  #onKey = (event: KeyboardEvent): void => {
    const direction = ({ ArrowLeft: -1, ArrowRight: 1 } as const)[event.key as 'ArrowLeft' | 'ArrowRight'];
    if (direction === undefined) return;
    event.preventDefault();
    this.prefs.setPaneWidth(stepSetting('libraryPaneWidth', this.prefs.settings.libraryPaneWidth, direction));
  };

  #onDown = (event: PointerEvent): void => {
    (event.target as HTMLElement).setPointerCapture(event.pointerId);
    this.#dragStart = { x: event.clientX, width: this.prefs.settings.libraryPaneWidth };
  };

  #onMove = (event: PointerEvent): void => {
    if (this.#dragStart) this.prefs.setPaneWidth(this.#dragStart.width + event.clientX - this.#dragStart.x);
  };

  #onUp = (): void => {
    this.#dragStart = null;
  };
}
