/**
 * @summary Shown when the archive has no articles: what the app is for and an Import button.
 * @event reader-intent - `import` when the button is pressed
 */
import { css, html, LitElement } from 'lit';
import { ReaderIntentEvent } from '../app/events.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

export class EmptyState extends LitElement {
  static override properties = { canImport: { type: Boolean }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    css`
      :host { display: grid; place-items: center; height: 100%; padding: 24px; box-sizing: border-box; text-align: center; }
      h2 { font-size: 20px; margin: 0 0 8px; }
      p { color: var(--muted); max-width: 28em; margin: 0 auto 16px; line-height: 1.6; }
      button { font-size: 15px; padding: 8px 18px; }
    `,
  ];

  canImport = false;
  t: Translate = (key) => key;

  override render(): unknown {
    const t = this.t;
    return html`<div>
      <h2>${t('emptyTitle')}</h2>
      <p>${t('emptyBody')}</p>
      <button class="import" ?disabled=${!this.canImport} title=${this.canImport ? t('emptyImport') : t('importUnavailable')}
        @click=${() => this.dispatchEvent(new ReaderIntentEvent({ kind: 'import' }))}>${t('emptyImport')}</button>
    </div>`;
  }
}

customElements.define('empty-state', EmptyState);

declare global {
  interface HTMLElementTagNameMap {
    'empty-state': EmptyState;
  }
}
