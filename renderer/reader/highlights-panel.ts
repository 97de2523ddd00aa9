/**
 * @summary The open article's highlights beside it: each quote in its colour, its note (edited in
 * place, saved when the field is left), its colour, and delete; a click on a quote shows it in
 * the article. Esc closes the panel.
 * @event highlight-update - `detail` is `{ id, color?, note? }`
 * @event highlight-remove - `detail` is the highlight's id
 * @event highlight-show - `detail` is the highlight's id: scroll the article to it
 * @event highlights-close - the panel asks to close (Esc, or its close button)
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { Trash2, X } from 'lucide';
import { HIGHLIGHT_COLORS, type Highlight } from '../../archive/model.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { icon } from '../ui/icons.ts';
import { COLOR_NAME, swatchStyles } from './highlight-popover.ts';

export class HighlightsPanel extends LitElement {
  static override properties = { highlights: { attribute: false }, editing: { type: String }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    swatchStyles,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; width: 300px; border-left: 1px solid var(--rule); background: var(--pane); font-size: 13px; }
      header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; border-bottom: 1px solid var(--rule); }
      h2 { font-size: 14px; margin: 0; flex: 1; }
      ol { list-style: none; margin: 0; padding: 6px 10px; overflow: auto; flex: 1; }
      li { padding: 8px 0; border-bottom: 1px solid var(--rule); }
      button.quote { display: block; width: 100%; text-align: start; border: 0; border-inline-start: 4px solid var(--swatch); background: transparent; padding: 2px 8px; font-size: 14px; line-height: 1.5; }
      textarea { box-sizing: border-box; width: 100%; margin-top: 6px; min-height: 3.2em; font: inherit; color: var(--fg); background: var(--control-bg); border: 1px solid var(--control-border); border-radius: 6px; padding: 4px 6px; resize: vertical; }
      .row { display: flex; gap: 4px; align-items: center; margin-top: 6px; }
      .row .spacer { flex: 1; }
      button.swatch { width: 24px; min-height: 24px; padding: 0; border-radius: 50%; }
      button.icon-only { display: inline-flex; align-items: center; padding: 2px 6px; }
      p.empty { color: var(--muted); padding: 10px; margin: 0; }
    `,
  ];

  highlights: Highlight[] = [];
  /** A highlight whose note gets the focus once it is shown. */
  editing: string | null = null;
  t: Translate = (key) => key;

  #send(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    // The window's own Esc (back to the list) must not follow.
    event.stopPropagation();
    this.#send('highlights-close');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'complementary');
    this.addEventListener('keydown', this.#onKeyDown);
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.setAttribute('aria-label', this.t('hlPanel'));
    if ((changed.has('editing') || changed.has('highlights')) && this.editing) {
      const field = this.renderRoot.querySelector<HTMLTextAreaElement>(`li[data-highlight="${this.editing}"] textarea`);
      if (field) {
        field.focus();
        this.editing = null;
      }
    }
  }

  /** Puts the focus in the panel (its first control). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('button.quote, button.close')?.focus();
  }

  #item(h: Highlight): unknown {
    const t = this.t;
    return html`<li data-highlight=${h.id} data-color=${h.color}>
      <button class="quote" title=${t('hlShow')} @click=${() => this.#send('highlight-show', h.id)}>${h.anchor.quote}</button>
      <textarea aria-label=${t('hlNote')} placeholder=${t('hlNote')} .value=${h.note}
        @change=${(e: Event) => this.#send('highlight-update', { id: h.id, note: (e.target as HTMLTextAreaElement).value })}></textarea>
      <div class="row">
        ${HIGHLIGHT_COLORS.map(
          (color) => html`<button class="swatch" data-color=${color} aria-pressed=${String(color === h.color)}
            aria-label=${t('hlColorChoice', { color: t(COLOR_NAME[color]) })} @click=${() => this.#send('highlight-update', { id: h.id, color })}></button>`,
        )}
        <span class="spacer"></span>
        <button class="icon-only delete" aria-label=${t('hlDelete')} title=${t('hlDelete')} @click=${() => this.#send('highlight-remove', h.id)}>${icon(Trash2, 16)}</button>
      </div>
    </li>`;
  }

  override render(): unknown {
    const t = this.t;
    return html`<header><h2>${t('hlPanel')}</h2>
        <button class="icon-only close" aria-label=${t('hlClose')} title=${t('hlClose')} @click=${() => this.#send('highlights-close')}>${icon(X, 16)}</button></header>
      ${this.highlights.length === 0 ? html`<p class="empty">${t('hlEmpty')}</p>` : html`<ol>${this.highlights.map((h) => this.#item(h))}</ol>`}`;
  }
}

customElements.define('highlights-panel', HighlightsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'highlights-panel': HighlightsPanel;
  }
}
