/**
 * @summary A thin bar over the library while the search index catches up with the archive (a
 * search waits for it): how many articles of how many are indexed. Hidden when there is nothing
 * to catch up. It follows the service's `indexProgress` event through the bridge it is given, so
 * the window wires it with one tag; it calls no method of the API.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { ReaderBridge } from '../../archive/contract.ts';
import type { Translate } from '../i18n/strings.ts';

export class IndexProgress extends LitElement {
  static override properties = { bridge: { attribute: false }, t: { attribute: false }, progress: { state: true } };

  static override styles = css`
    :host { display: block; }
    .bar { display: flex; align-items: center; gap: 8px; padding: 4px 12px; font-size: 12px; color: var(--muted); }
    progress { flex: 1; height: 4px; accent-color: var(--accent, currentColor); }
  `;

  bridge: Pick<ReaderBridge, 'on'> | null = null;
  t: Translate = (key) => key;
  progress: { done: number; total: number } | null = null;
  #unsubscribe: (() => void) | null = null;

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('bridge')) this.#listen();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  #listen(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.bridge?.on('indexProgress', (progress) => {
      this.progress = progress.done >= progress.total ? null : progress;
    }) ?? null;
  }

  override render(): unknown {
    const p = this.progress;
    if (!p) return '';
    return html`<div class="bar" role="status">
      <progress max=${p.total} .value=${p.done}></progress>
      <span>${this.t('indexProgress', { done: p.done, total: p.total })}</span>
    </div>`;
  }
}

customElements.define('index-progress', IndexProgress);

declare global {
  interface HTMLElementTagNameMap {
    'index-progress': IndexProgress;
  }
}
