/**
 * @summary Beside a selection in the article: one button per highlight colour and "Add note".
 * @event highlight-pick - `detail` is `{ color, note }`: highlight the selection in `color`, and open its note when `note`
 * @event popover-close - Esc in the popover
 */
import { css, html, LitElement } from 'lit';
import { NotebookPen } from 'lucide';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../archive/model.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { icon } from '../ui/icons.ts';

/** The swatch of each colour by `data-color` (the page's CSP allows no style attributes). */
export const swatchStyles = css`
  [data-color='yellow'] { --swatch: #f5d94a; }
  [data-color='green'] { --swatch: #7fcf7a; }
  [data-color='blue'] { --swatch: #7fb2f0; }
  [data-color='pink'] { --swatch: #f28fb8; }
  button.swatch, button.swatch:hover:not(:disabled) { background: var(--swatch); }
  button.swatch[aria-pressed='true'] { outline: 2px solid var(--fg); outline-offset: 1px; background: var(--swatch); }
`;
/** The name of each colour in the UI's words. */
export const COLOR_NAME: Record<HighlightColor, StringKey> = { yellow: 'hlYellow', green: 'hlGreen', blue: 'hlBlue', pink: 'hlPink' };

export class HighlightPopover extends LitElement {
  static override properties = { x: { type: Number }, y: { type: Number }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    swatchStyles,
    css`
      :host { position: absolute; z-index: 5; display: flex; gap: 4px; padding: 4px; border-radius: 8px; background: var(--bg); border: 1px solid var(--rule); box-shadow: 0 4px 14px rgb(0 0 0 / 0.18); }
      button.swatch { width: 28px; padding: 0; border-radius: 50%; }
      button.note { display: inline-flex; align-items: center; gap: 4px; }
    `,
  ];

  x = 0;
  y = 0;
  t: Translate = (key) => key;

  #pick(color: HighlightColor, note: boolean): void {
    this.dispatchEvent(new CustomEvent('highlight-pick', { detail: { color, note }, bubbles: true, composed: true }));
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.dispatchEvent(new Event('popover-close', { bubbles: true, composed: true }));
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'toolbar');
    this.addEventListener('keydown', this.#onKeyDown);
  }

  override render(): unknown {
    const t = this.t;
    this.style.left = `${Math.max(4, this.x)}px`;
    this.style.top = `${Math.max(4, this.y)}px`;
    this.setAttribute('aria-label', t('hlPopover'));
    return html`${HIGHLIGHT_COLORS.map(
        (color) => html`<button class="swatch" data-color=${color} aria-label=${t('hlColor', { color: t(COLOR_NAME[color]) })}
          title=${t('hlColor', { color: t(COLOR_NAME[color]) })} @click=${() => this.#pick(color, false)}></button>`,
      )}
      <button class="note" data-action="add-note" @click=${() => this.#pick('yellow', true)}>${icon(NotebookPen, 16)}${t('hlAddNote')}</button>`;
  }
}

customElements.define('highlight-popover', HighlightPopover);

declare global {
  interface HTMLElementTagNameMap {
    'highlight-popover': HighlightPopover;
  }
}
