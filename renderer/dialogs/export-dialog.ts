/**
 * @summary Export the open article, or the articles picked in the library, in any format of
 * model.ts's EXPORT_FORMATS (PDF, HTML, Markdown, EPUB): in a script (原文 简 繁 台 港, the one
 * shown to start with), at a text size (the reader's to start with), on A4 or Letter with
 * margins for PDF, with or without highlights, and for several articles as EPUB, one book for
 * the lot or one each. While it runs it shows progress and a Stop button (the file in progress
 * is finished, those written stay).
 * @event export-run - `detail` is the ExportChoice
 * @event export-cancel - the user asked to stop the running export
 * @event export-close - the dialog was closed
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import '@awesome.me/webawesome/dist/components/radio/radio.js';
import '@awesome.me/webawesome/dist/components/radio-group/radio-group.js';
import '@awesome.me/webawesome/dist/components/switch/switch.js';
import { CircleStop, Download, X } from 'lucide';
import type { ExportResult } from '../../archive/contract.ts';
import { EXPORT_FORMATS, PDF_MARGIN_LIMITS, SETTING_LIMITS, type ExportFormat, type ScriptMode } from '../../archive/model.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { icon } from '../ui/icons.ts';
import { defaultChoice, MARGIN_PRESETS, MARGIN_SIDES, type ExportChoice, type MarginPreset } from './export-choice.ts';

export type { ExportChoice } from './export-choice.ts';

const SCRIPTS: { mode: ScriptMode; label: string; lang: string; name: StringKey }[] = [
  { mode: 'original', label: '原文', lang: 'zh', name: 'scriptOriginal' },
  { mode: 'hans', label: '简', lang: 'zh-Hans', name: 'scriptHans' },
  { mode: 'hant', label: '繁', lang: 'zh-Hant', name: 'scriptHant' },
  { mode: 'tw', label: '台', lang: 'zh-TW', name: 'scriptTw' },
  { mode: 'hk', label: '港', lang: 'zh-HK', name: 'scriptHk' },
];

const PRESET_NAMES: Record<MarginPreset, StringKey> = { normal: 'marginsNormal', narrow: 'marginsNarrow', wide: 'marginsWide', custom: 'marginsCustom' };
const SIDE_NAMES: Record<(typeof MARGIN_SIDES)[number], StringKey> = { top: 'marginTop', right: 'marginRight', bottom: 'marginBottom', left: 'marginLeft' };

export class ExportDialog extends LitElement {
  static override properties = {
    open: { type: Boolean },
    title: { type: String },
    script: { type: String },
    fontSize: { type: Number },
    count: { type: Number },
    running: { type: Boolean },
    progress: { attribute: false },
    result: { attribute: false },
    t: { attribute: false },
    _choice: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      /*
       * The Web Awesome tokens the dialog's controls read, on the shell's theme colours, so they
       * follow light, dark and sepia. renderer/ui/tokens.ts (the shell's) maps them for the whole
       * window; this keeps the dialog right without it and agrees with it (same colours).
       */
      :host {
        --wa-color-surface-default: var(--control-bg); --wa-color-text-normal: var(--fg); --wa-color-text-quiet: var(--muted);
        --wa-color-neutral-border-quiet: var(--rule); --wa-color-neutral-border-normal: var(--control-border); --wa-color-neutral-border-loud: var(--control-border);
        --wa-color-border-normal: var(--control-border); --wa-color-border-loud: var(--control-border);
        --wa-color-neutral-fill-quiet: var(--control-bg); --wa-color-neutral-fill-normal: var(--hover); --wa-color-neutral-fill-loud: var(--fg);
        --wa-color-neutral-on-quiet: var(--fg); --wa-color-neutral-on-normal: var(--fg); --wa-color-neutral-on-loud: var(--bg);
        --wa-color-brand-fill-quiet: var(--selected); --wa-color-brand-fill-normal: var(--selected); --wa-color-brand-fill-loud: var(--accent);
        --wa-color-brand-on-quiet: var(--fg); --wa-color-brand-on-normal: var(--fg); --wa-color-brand-on-loud: var(--on-accent);
        --wa-color-brand-border-quiet: var(--accent); --wa-color-brand-border-normal: var(--accent); --wa-color-brand-border-loud: var(--accent);
        --wa-color-focus: var(--accent); --wa-focus-ring-style: solid; --wa-focus-ring-width: 2px; --wa-focus-ring-offset: 2px;
        --wa-focus-ring: var(--wa-focus-ring-style) var(--wa-focus-ring-width) var(--wa-color-focus);
        --wa-color-mix-hover: black 8%; --wa-color-mix-active: black 14%;
        --wa-border-style: solid; --wa-border-width-s: 1px; --wa-border-radius-s: 4px; --wa-border-radius-m: 6px; --wa-border-radius-pill: 9999px;
        --wa-font-size-xs: 12px; --wa-font-size-s: 13px; --wa-font-size-m: 14px; --wa-font-size-l: 16px; --wa-font-size-xl: 20px; --wa-font-size-smaller: 0.9em;
        --wa-font-weight-body: 400; --wa-font-weight-semibold: 600; --wa-font-weight-action: 600;
        --wa-line-height-condensed: 1.25; --wa-line-height-normal: 1.5;
        --wa-transition-fast: 75ms; --wa-transition-normal: 150ms; --wa-transition-slow: 300ms; --wa-transition-easing: ease;
        --wa-button-transform-hover: none; --wa-button-transform-active: scale(0.98);
        --wa-form-control-background-color: var(--control-bg); --wa-form-control-border-color: var(--control-border);
        --wa-form-control-border-style: solid; --wa-form-control-border-width: 1px; --wa-form-control-border-radius: 6px;
        --wa-form-control-activated-color: var(--accent); --wa-form-control-value-color: var(--fg); --wa-form-control-placeholder-color: var(--muted);
        --wa-form-control-label-color: var(--muted); --wa-form-control-label-font-weight: 400; --wa-form-control-label-line-height: 1.3;
        --wa-form-control-value-font-weight: 400; --wa-form-control-value-line-height: 1.3; --wa-form-control-value-font-size: 13px;
        --wa-form-control-hint-color: var(--muted); --wa-form-control-hint-font-weight: 400; --wa-form-control-hint-line-height: 1.4;
        --wa-form-control-padding-block: 0.45em; --wa-form-control-padding-inline: 0.75em; --wa-form-control-height: 2.2em;
        --wa-form-control-toggle-size: 1.15em; --wa-form-control-required-content: '*'; --wa-form-control-required-content-color: inherit; --wa-form-control-required-content-offset: 0.1em;
      }
      dialog {
        background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 12px; padding: 20px 24px;
        width: min(520px, 92vw); max-height: 90vh; overflow: auto; box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
      }
      dialog::backdrop { background: rgb(0 0 0 / 0.35); }
      header { display: flex; align-items: start; gap: 8px; }
      header div { flex: 1; min-width: 0; }
      h2 { margin: 0 0 4px; font-size: 17px; }
      .what { color: var(--muted); margin: 0 0 14px; font-size: 13px; overflow-wrap: anywhere; }
      .icon-button { border: 0; background: none; padding: 4px; min-height: 0; color: var(--muted); display: grid; place-items: center; }
      .options { display: grid; gap: 14px; }
      .row { display: flex; flex-wrap: wrap; gap: 14px 20px; align-items: end; }
      wa-radio-group::part(form-control-label), wa-input::part(form-control-label) { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
      wa-radio-group::part(form-control-input) { flex-wrap: wrap; }
      wa-radio[appearance='button'] { font-size: 13px; }
      wa-input.size { width: 8.5em; }
      .margin-fields { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
      .pdf { border: 1px solid var(--rule); border-radius: 8px; padding: 10px 12px; display: grid; gap: 10px; }
      .pdf > span { font-size: 12px; color: var(--muted); }
      wa-switch { font-size: 13px; }
      wa-progress-bar { margin-top: 14px; --track-height: 8px; }
      .progress-text { font-size: 12px; color: var(--muted); margin: 4px 0 0; overflow-wrap: anywhere; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
      ul { padding-left: 18px; font-size: 13px; word-break: break-all; max-height: 10em; overflow: auto; }
      .error { color: var(--danger, #b3261e); }
      .icon { vertical-align: -3px; }
    `,
  ];

  open = false;
  override title = '';
  /** The script and size the reader shows: the dialog starts from them each time it opens. */
  script: ScriptMode = 'original';
  fontSize = 18;
  /** How many articles are being exported (one EPUB or one each is asked only for several). */
  count = 1;
  running = false;
  progress: { done: number; total: number; file: string | null } | null = null;
  result: ExportResult | null = null;
  t: Translate = (key) => key;
  _choice: ExportChoice = defaultChoice('original', 18);

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Each opening starts from what the reader shows now; the format chosen last time is kept.
    if (changed.has('open') && this.open) this._choice = { ...defaultChoice(this.script, this.fontSize), format: this._choice.format, paper: this._choice.paper };
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || !changed.has('open')) return;
    if (this.open && !dialog.open) dialog.showModal();
    else if (!this.open && dialog.open) dialog.close();
  }

  #close = (): void => {
    this.dispatchEvent(new Event('export-close', { bubbles: true, composed: true }));
  };

  #set(patch: Partial<ExportChoice>): void {
    this._choice = { ...this._choice, ...patch };
  }

  #run(): void {
    this.dispatchEvent(new CustomEvent<ExportChoice>('export-run', { detail: this._choice, bubbles: true, composed: true }));
  }

  #radios<T extends string>(cls: string, label: string, value: T, options: { value: T; label: string; name?: string; lang?: string }[], onChange: (value: T) => void): unknown {
    return html`<wa-radio-group class=${cls} label=${label} orientation="horizontal" size="small" .value=${value} ?disabled=${this.running}
      @change=${(e: Event) => onChange((e.currentTarget as HTMLInputElement).value as T)}>
      ${options.map((o) => html`<wa-radio appearance="button" value=${o.value} lang=${o.lang ?? nothing} aria-label=${o.name ?? nothing}>${o.label}</wa-radio>`)}
    </wa-radio-group>`;
  }

  #pdfOptions(): unknown {
    const t = this.t;
    const c = this._choice;
    return html`<div class="pdf">
      <span>${t('exportPdfOptions')}</span>
      ${this.#radios('paper', t('exportPaper'), c.paper, [{ value: 'A4', label: 'A4' }, { value: 'Letter', label: 'Letter' }], (paper) => this.#set({ paper }))}
      ${this.#radios('margins', t('exportMargins'), c.marginPreset, MARGIN_PRESETS.map((p) => ({ value: p, label: t(PRESET_NAMES[p]) })), (marginPreset) => this.#set({ marginPreset }))}
      ${c.marginPreset === 'custom'
        ? html`<div class="margin-fields">
            ${MARGIN_SIDES.map(
              (side) => html`<wa-input class="margin" data-side=${side} type="number" size="small" label=${`${t(SIDE_NAMES[side])} (mm)`}
                min=${PDF_MARGIN_LIMITS.min} max=${PDF_MARGIN_LIMITS.max} step="1" .value=${String(c.customMargins[side])} ?disabled=${this.running}
                @input=${(e: Event) => this.#set({ customMargins: { ...c.customMargins, [side]: Number((e.currentTarget as HTMLInputElement).value) } })}></wa-input>`,
            )}
          </div>`
        : nothing}
    </div>`;
  }

  override render(): unknown {
    const t = this.t;
    const c = this._choice;
    const limits = SETTING_LIMITS.fontSize;
    return html`<dialog aria-labelledby="export-title" @close=${this.#close}>
      <header>
        <div>
          <h2 id="export-title">${t('exportTitle')}</h2>
          <p class="what">${this.title}</p>
        </div>
        <button class="icon-button dismiss" aria-label=${t('close')} title=${t('close')} @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${icon(X)}</button>
      </header>
      <div class="options">
        ${this.#radios('format', t('exportFormat'), c.format, EXPORT_FORMATS.map(({ id, label }) => ({ value: id as ExportFormat, label })), (format) => this.#set({ format }))}
        <div class="row">
          ${this.#radios('script', t('script'), c.script, SCRIPTS.map(({ mode, label, lang, name }) => ({ value: mode, label, lang, name: t(name) === label ? label : `${label} ${t(name)}` })), (script) => this.#set({ script }))}
          <wa-input class="size" type="number" size="small" label=${t('exportSize')} min=${limits.min} max=${limits.max} step=${limits.step}
            .value=${String(c.fontSize)} ?disabled=${this.running}
            @input=${(e: Event) => this.#set({ fontSize: Number((e.currentTarget as HTMLInputElement).value) || limits.min })}></wa-input>
        </div>
        ${c.format === 'pdf' ? this.#pdfOptions() : nothing}
        ${c.format === 'epub' && this.count > 1
          ? this.#radios('epub', t('exportEpubBooks'), c.epub, [{ value: 'one', label: t('exportEpubOne') }, { value: 'each', label: t('exportEpubEach', { n: this.count }) }], (epub) => this.#set({ epub }))
          : nothing}
        <wa-switch class="highlights" .checked=${c.highlights} ?disabled=${this.running}
          @change=${(e: Event) => this.#set({ highlights: (e.currentTarget as HTMLInputElement).checked })}>${t('exportHighlights')}</wa-switch>
      </div>
      ${this.running ? this.#progress() : nothing}
      ${this.result ? this.#report(this.result) : nothing}
      <div class="actions">
        ${this.running
          ? html`<wa-button class="stop" variant="neutral" appearance="outlined" size="small" @click=${() => this.dispatchEvent(new Event('export-cancel', { bubbles: true, composed: true }))}>${icon(CircleStop, 16)} ${t('exportStop')}</wa-button>`
          : html`<wa-button class="close" variant="neutral" appearance="outlined" size="small" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t('close')}</wa-button>`}
        <wa-button class="run" variant="brand" size="small" ?disabled=${this.running} @click=${() => this.#run()}>${icon(Download, 16)} ${t('exportRun')}</wa-button>
      </div>
    </dialog>`;
  }

  #progress(): unknown {
    // Before the first file is done, the total is the number of articles asked for.
    const { done = 0, total = this.count, file = null } = this.progress ?? {};
    const percent = total > 0 ? Math.round((done / total) * 100) : 0;
    return html`<wa-progress-bar class="progress" label=${this.t('exportRunning')} value=${percent}></wa-progress-bar>
      <p class="progress-text" aria-live="polite">${this.t('exportRunning')} ${this.t('exportProgress', { done, total })}${file ? ` · ${file.split(/[\\/]/).at(-1)}` : ''}</p>`;
  }

  #report(result: ExportResult): unknown {
    const t = this.t;
    return html`<div role="status" class=${result.cancelled ? 'report cancelled' : 'report'}>
      <p>${result.cancelled ? t('exportCancelled', { n: result.files.length }) : t('exportDone', { n: result.files.length })}</p>
      <ul>${result.files.map((f) => html`<li>${f}</li>`)}${result.failed.map((f) => html`<li class="error">${f.error}</li>`)}</ul>
    </div>`;
  }
}

customElements.define('export-dialog', ExportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'export-dialog': ExportDialog;
  }
}
