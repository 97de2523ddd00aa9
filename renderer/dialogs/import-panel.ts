/**
 * @summary The import in progress and its outcome: a bar, the current file, counts, Cancel; then
 * the whole report: each file that failed or was left out with the reason, and each warning.
 * @event import-cancel - the user asked to stop the import
 * @event import-close - the user dismissed the finished report
 */
import { css, html, LitElement } from 'lit';
import type { ImportProgress, ImportReport } from '../../archive/contract.ts';
import type { Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';

export class ImportPanel extends LitElement {
  static override properties = {
    progress: { attribute: false },
    report: { attribute: false },
    running: { type: Boolean },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; border-bottom: 1px solid var(--rule); background: var(--pane); padding: 10px 14px; font-size: 13px; }
      h2 { font-size: 14px; margin: 0 0 6px; }
      progress { width: 100%; height: 10px; }
      .file { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; margin: 4px 0; }
      .counts { display: flex; gap: 14px; flex-wrap: wrap; margin: 4px 0 8px; }
      ul { margin: 6px 0; padding-left: 18px; max-height: 140px; overflow-y: auto; }
      li { margin: 2px 0; }
      .error { color: var(--danger, #b3261e); }
      .actions { display: flex; gap: 8px; }
    `,
  ];

  progress: ImportProgress | null = null;
  report: ImportReport | null = null;
  running = false;
  t: Translate = (key) => key;

  #send(type: 'import-cancel' | 'import-close'): void {
    this.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
  }

  /** One list of the report: each file with what happened to it (nothing when empty). */
  #files(kind: 'failures' | 'skipped' | 'warnings', label: string, rows: [string, string][]): unknown {
    if (rows.length === 0) return '';
    return html`<ul class=${kind} aria-label=${label}>${rows.map(([file, why]) => html`<li><span class=${kind === 'failures' ? 'file-name error' : 'file-name'}>${file}</span>: ${why}</li>`)}</ul>`;
  }

  override render(): unknown {
    const t = this.t;
    const p = this.progress;
    const r = this.report;
    const counts = r
      ? { imported: r.imported.length, duplicates: r.duplicates.length, failed: r.failed.length, skipped: r.skipped.length }
      : { imported: p?.imported ?? 0, duplicates: p?.duplicates ?? 0, failed: p?.failed ?? 0, skipped: p?.skipped ?? 0 };
    return html`<section aria-labelledby="import-title" aria-busy=${this.running ? 'true' : 'false'}>
      <h2 id="import-title">${this.running ? t('importRunning') : r?.cancelled ? t('importCancelled') : t('importDone')}</h2>
      ${this.running
        ? html`<progress aria-label=${t('importRunning')} max=${Math.max(1, p?.total ?? 1)} value=${p?.done ?? 0}></progress>
            <p class="file">${p?.file ?? (p?.phase === 'scanning' ? t('importScanning') : '')}</p>`
        : ''}
      <p class="counts" role="status">
        <span>${t('importImported', { n: counts.imported })}</span>
        <span>${t('importDuplicates', { n: counts.duplicates })}</span>
        <span>${t('importFailed', { n: counts.failed })}</span>
        <span>${t('importSkipped', { n: counts.skipped })}</span>
      </p>
      ${r ? this.#files('failures', t('importFailures'), r.failed.map((f) => [f.file, f.error])) : ''}
      ${r ? this.#files('skipped', t('importSkippedFiles'), r.skipped.map((f) => [f.file, f.reason])) : ''}
      ${r ? this.#files('warnings', t('importWarnings'), r.warnings.map((f) => [f.file, f.warning])) : ''}
      <div class="actions">
        ${this.running
          ? html`<button class="cancel" @click=${() => this.#send('import-cancel')}>${t('cancel')}</button>`
          : html`<button class="close" @click=${() => this.#send('import-close')}>${t('close')}</button>`}
      </div>
    </section>`;
  }
}

customElements.define('import-panel', ImportPanel);

declare global {
  interface HTMLElementTagNameMap {
    'import-panel': ImportPanel;
  }
}
