/**
 * @summary The find bar of the reader (Ctrl/Cmd+F): a query box, the match count, previous and
 * next. Enter goes to the next match, Shift+Enter to the previous, Esc closes.
 * @event find-query - `detail` is the text to find
 * @event find-step - `detail` is +1 or -1
 * @event find-close - the bar was closed
 */
import { css, html, LitElement } from 'lit';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

export class FindBar extends LitElement {
  static override properties = {
    count: { type: Number },
    index: { type: Number },
    query: { type: String },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: flex; gap: 6px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--rule); background: var(--pane); }
      input { width: 16em; }
      .count { color: var(--muted); font-size: 12px; min-width: 6em; }
    `,
  ];

  count = 0;
  index = -1;
  query = '';
  t: Translate = (key) => key;

  #send(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  override focus(): void {
    const input = this.renderRoot.querySelector('input');
    input?.focus();
    input?.select();
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.#send('find-step', event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#send('find-close');
    }
  };

  override render(): unknown {
    const t = this.t;
    const status = !this.query ? '' : this.count === 0 ? t('findNone') : t('findCount', { i: this.index + 1, n: this.count });
    return html`<input type="search" aria-label=${t('findLabel')} placeholder=${t('findPlaceholder')} .value=${this.query}
        @input=${(e: Event) => this.#send('find-query', (e.target as HTMLInputElement).value)} @keydown=${this.#onKeyDown} />
      <span class="count" role="status">${status}</span>
      <button class="prev" aria-label=${t('findPrev')} title=${t('findPrev')} ?disabled=${this.count === 0} @click=${() => this.#send('find-step', -1)}>↑</button>
      <button class="next" aria-label=${t('findNext')} title=${t('findNext')} ?disabled=${this.count === 0} @click=${() => this.#send('find-step', 1)}>↓</button>
      <button class="close" aria-label=${t('close')} title=${t('close')} @click=${() => this.#send('find-close')}>✕</button>`;
  }
}

customElements.define('find-bar', FindBar);

declare global {
  interface HTMLElementTagNameMap {
    'find-bar': FindBar;
  }
}
