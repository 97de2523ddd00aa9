/**
 * @summary What to do with the articles picked in the library (Ctrl/Cmd+click, Shift+click,
 * Space): tag them, export them, remove them (asks first), or clear the choice.
 * @event selection-tag - `detail` is the tag to add to each
 * @event selection-export - export the selection
 * @event selection-remove - the user confirmed removing the selection
 * @event selection-clear - forget the selection
 */
import { css, html, LitElement } from 'lit';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

export class SelectionBar extends LitElement {
  static override properties = { count: { type: Number }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 8px 12px; border-bottom: 1px solid var(--rule); background: var(--selected); font-size: 13px; }
      .count { font-weight: 600; margin-right: auto; }
      input { width: 8em; }
      dialog { background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 10px; padding: 18px 22px; max-width: 420px; }
      dialog::backdrop { background: rgb(0 0 0 / 0.35); }
      dialog h2 { font-size: 16px; margin: 0 0 10px; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
      button.danger { background: var(--danger, #b3261e); border-color: var(--danger, #b3261e); color: #fff; }
    `,
  ];

  count = 0;
  t: Translate = (key) => key;

  #send(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  override render(): unknown {
    const t = this.t;
    return html`<span class="count" role="status">${t('selectedCount', { n: this.count })}</span>
      <input class="tag-selected" aria-label=${t('tagSelected')} placeholder=${t('tagSelected')}
        @keydown=${(e: KeyboardEvent) => {
          const input = e.target as HTMLInputElement;
          if (e.key !== 'Enter' || !input.value.trim()) return;
          e.preventDefault();
          this.#send('selection-tag', input.value.trim());
          input.value = '';
        }} />
      <button class="export-selected" @click=${() => this.#send('selection-export')}>${t('exportButton')}</button>
      <button class="remove-selected" @click=${() => this.#dialog()?.showModal()}>${t('removeArticle')}</button>
      <button class="clear-selected" @click=${() => this.#send('selection-clear')}>${t('selectionClear')}</button>
      <dialog aria-labelledby="remove-selected-title">
        <h2 id="remove-selected-title">${t('removeSelectedTitle', { n: this.count })}</h2>
        <p>${t('removeSelectedBody')}</p>
        <div class="actions">
          <button class="keep" autofocus @click=${() => this.#dialog()?.close()}>${t('cancel')}</button>
          <button class="confirm danger" @click=${() => {
            this.#dialog()?.close();
            this.#send('selection-remove');
          }}>${t('removeArticle')}</button>
        </div>
      </dialog>`;
  }
}

customElements.define('selection-bar', SelectionBar);

declare global {
  interface HTMLElementTagNameMap {
    'selection-bar': SelectionBar;
  }
}
