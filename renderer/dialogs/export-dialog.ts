/**
 * @summary Export the open article (or the selection) in one of the formats of model.ts's
 * EXPORT_FORMATS (PDF, HTML, Markdown, EPUB), in the script and text size shown.
 * @event export-run - `detail` is the chosen format
 * @event export-close - the dialog was closed
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { ExportFormat, ExportResult } from '../../archive/contract.ts';
import { EXPORT_FORMATS } from '../../archive/model.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

export class ExportDialog extends LitElement {
  static override properties = {
    open: { type: Boolean },
    title: { type: String },
    running: { type: Boolean },
    progress: { attribute: false },
    result: { attribute: false },
    t: { attribute: false },
    _format: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      dialog { background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 10px; padding: 20px 24px; width: min(460px, 90vw); }
      dialog::backdrop { background: rgb(0 0 0 / 0.35); }
      h2 { margin: 0 0 6px; font-size: 17px; }
      .what { color: var(--muted); margin: 0 0 14px; font-size: 13px; }
      fieldset { border: 1px solid var(--rule); border-radius: 8px; margin: 0 0 14px; padding: 8px 12px; display: flex; gap: 16px; }
      legend { font-size: 13px; color: var(--muted); padding: 0 4px; }
      fieldset label { color: var(--fg); display: flex; gap: 6px; align-items: center; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
      ul { padding-left: 18px; font-size: 13px; word-break: break-all; }
      .error { color: var(--danger, #b3261e); }
    `,
  ];

  open = false;
  override title = '';
  running = false;
  progress: { done: number; total: number; file: string | null } | null = null;
  result: ExportResult | null = null;
  t: Translate = (key) => key;
  _format: ExportFormat = 'pdf';

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || !changed.has('open')) return;
    if (this.open && !dialog.open) dialog.showModal();
    else if (!this.open && dialog.open) dialog.close();
  }

  #close = (): void => {
    this.dispatchEvent(new Event('export-close', { bubbles: true, composed: true }));
  };

  override render(): unknown {
    const t = this.t;
    return html`<dialog aria-labelledby="export-title" @close=${this.#close}>
      <h2 id="export-title">${t('exportTitle')}</h2>
      <p class="what">${this.title}</p>
      <fieldset>
        <legend>${t('exportFormat')}</legend>
        ${EXPORT_FORMATS.map(
          ({ id, label }) => html`<label><input type="radio" name="format" value=${id} .checked=${this._format === id}
            @change=${() => (this._format = id)} />${label}</label>`,
        )}
      </fieldset>
      ${this.running ? html`<progress aria-label=${t('exportRunning')} max=${Math.max(1, this.progress?.total ?? 1)} value=${this.progress?.done ?? 0}></progress>` : ''}
      ${this.result
        ? html`<div role="status">
            <p>${t('exportDone', { n: this.result.files.length })}</p>
            <ul>${this.result.files.map((f) => html`<li>${f}</li>`)}${this.result.failed.map((f) => html`<li class="error">${f.error}</li>`)}</ul>
          </div>`
        : ''}
      <div class="actions">
        <button class="close" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t('close')}</button>
        <button class="run" ?disabled=${this.running}
          @click=${() => this.dispatchEvent(new CustomEvent<ExportFormat>('export-run', { detail: this._format, bubbles: true, composed: true }))}>${t('exportRun')}</button>
      </div>
    </dialog>`;
  }
}

customElements.define('export-dialog', ExportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'export-dialog': ExportDialog;
  }
}
