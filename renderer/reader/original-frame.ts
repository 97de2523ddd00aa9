/**
 * @summary "View original": a capture of the open article as it was saved, in a sandboxed frame
 * (no scripts, no forms, no navigation) whose document carries ORIGINAL_FRAME_CSP, after
 * original-html.ts has taken out everything that could run or load. Above it, which capture it
 * is (a chooser when there are several) and, for a page imported whole, why to look here.
 * @event capture-change - `detail` is the capture index the user chose
 * @event view-article - Esc in the bar: back to the article alone
 * @event frame-key - a key pressed inside the frame, for the shell's shortcuts
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { OriginalView } from '../../archive/contract.ts';
import { FrameKeyEvent } from '../app/events.ts';
import type { Translate, UiLocale } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { formatDate } from './frame-document.ts';
import { applySavedStyles, neutralizeOriginal } from './original-html.ts';

/**
 * Why the frame has `allow-same-origin` (and nothing else): so the window can give the page its
 * cleaned CSS through the CSSOM, stop clicks and forward keys. With no `allow-scripts`, nothing in
 * the page can run to use that origin.
 */
const SANDBOX = 'allow-same-origin';

export class OriginalFrame extends LitElement {
  static override properties = {
    original: { attribute: false },
    missing: { type: Boolean },
    wholePage: { type: Boolean },
    locale: { type: String },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: grid; grid-template-rows: auto auto minmax(0, 1fr); min-width: 0; min-height: 0; background: var(--bg); }
      .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 12px; border-bottom: 1px solid var(--rule); font-size: 13px; }
      .bar h2 { font-size: 13px; margin: 0; font-weight: 600; }
      .bar .note { color: var(--muted); flex: 1 1 16em; }
      .review { margin: 0; padding: 8px 12px; background: var(--selected); border-bottom: 1px solid var(--rule); font-size: 13px; }
      .status { display: grid; place-items: center; color: var(--muted); }
      /* Most saved pages assume a white page under their own colours. */
      iframe { border: 0; width: 100%; height: 100%; display: block; background: #fff; color-scheme: light; }
    `,
  ];

  original: OriginalView | null = null;
  missing = false;
  wholePage = false;
  locale: UiLocale = 'en';
  t: Translate = (key) => key;
  #shown: OriginalView | null = null;
  #srcdoc = '';
  #css = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('original') && this.original !== this.#shown) {
      this.#shown = this.original;
      const page = this.original ? neutralizeOriginal(this.original.html, ORIGINAL_FRAME_CSP) : { srcdoc: '', css: '' };
      this.#srcdoc = page.srcdoc;
      this.#css = page.css;
    }
  }

  get #frame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('iframe');
  }

  override focus(): void {
    this.#frame?.focus();
  }

  #onLoad = (): void => {
    const doc = this.#frame?.contentDocument;
    if (!doc || doc.URL !== 'about:srcdoc') return;
    applySavedStyles(doc, this.#css);
    // Nothing in a saved page goes anywhere: a link (or anything that would act as one) is inert.
    doc.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest?.('a, area, [data-original-href]')) event.preventDefault();
    }, true);
    doc.addEventListener('submit', (event) => event.preventDefault(), true);
    doc.addEventListener('keydown', (event) => this.dispatchEvent(new FrameKeyEvent(event)));
    this.dispatchEvent(new Event('original-shown', { bubbles: true, composed: true }));
  };

  #onBarKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    event.preventDefault();
    this.dispatchEvent(new Event('view-article', { bubbles: true, composed: true }));
  };

  #captureLabel(c: OriginalView['captures'][number]): string {
    const date = formatDate(c.importedAt, this.locale) ?? c.importedAt;
    return this.t('captureOption', { n: c.index + 1, date, format: c.format.toUpperCase(), name: c.name ? ` · ${c.name}` : '' });
  }

  #chooser(original: OriginalView): unknown {
    const t = this.t;
    if (original.captures.length < 2) {
      const only = original.captures[0];
      return only ? html`<span class="capture-info">${this.#captureLabel(only)}</span>` : '';
    }
    return html`<label>${t('captureChoose')}
      <select class="capture" @change=${(e: Event) => this.dispatchEvent(new CustomEvent('capture-change', { detail: Number((e.target as HTMLSelectElement).value), bubbles: true, composed: true }))}>
        ${original.captures.map((c) => html`<option value=${c.index} data-capture=${c.index} ?selected=${c.index === original.capture}>${this.#captureLabel(c)}</option>`)}
      </select></label>`;
  }

  override render(): unknown {
    const t = this.t;
    const original = this.original;
    return html`<div class="bar" @keydown=${this.#onBarKey}>
        <h2>${t('originalHeading')}</h2>
        ${original ? this.#chooser(original) : ''}
        <span class="note">${t('originalNoRun')}</span>
      </div>
      ${this.wholePage ? html`<p class="review" role="note">${t('originalWholePage')}</p>` : html`<span></span>`}
      ${original
        ? html`<iframe sandbox=${SANDBOX} referrerpolicy="no-referrer" title=${t('originalFrame')} .srcdoc=${this.#srcdoc} @load=${this.#onLoad}></iframe>`
        : html`<p class="status" role="status">${this.missing ? t('originalMissing') : t('originalLoading')}</p>`}`;
  }
}

customElements.define('original-frame', OriginalFrame);

declare global {
  interface HTMLElementTagNameMap {
    'original-frame': OriginalFrame;
  }
}
