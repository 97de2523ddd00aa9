/**
 * @summary Preferences: the interface language, and the defaults an article opens with (script,
 * theme, text size), all from the saved Settings. A Web Awesome dialog (modal): Esc or Close
 * shuts it and focus goes back where it was. Each change applies at once, as everywhere else.
 * @event reader-intent - a preference changed (`uiLanguage`, `script`, `theme`, `font`)
 */
import { css, html, LitElement } from 'lit';
import '@awesome.me/webawesome/dist/components/dialog/dialog.js';
import { SETTING_LIMITS, type Settings } from '../../archive/model.ts';
import { ReaderIntentEvent, type ReaderIntent } from '../app/events.ts';
import { SCRIPTS } from '../controls/script-switch.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { deepActiveElement } from '../ui/focus.ts';

/** Each language names itself, so a reader who cannot read the current one still finds theirs. */
const UI_LANGUAGES: { value: Settings['uiLanguage']; label?: string; lang?: string }[] = [
  { value: 'system' },
  { value: 'zh-Hans', label: '简体中文', lang: 'zh-Hans' },
  { value: 'zh-Hant', label: '繁體中文', lang: 'zh-Hant' },
  { value: 'en', label: 'English', lang: 'en' },
];
const THEMES: { value: Settings['theme']; name: StringKey }[] = [
  { value: 'system', name: 'themeSystem' },
  { value: 'light', name: 'themeLight' },
  { value: 'sepia', name: 'themeSepia' },
  { value: 'dark', name: 'themeDark' },
];

/** Every text size the A− and A+ steps reach, from the one table of limits. */
function fontSizes(): number[] {
  const { min, max, step } = SETTING_LIMITS.fontSize;
  const sizes: number[] = [];
  for (let px = min; px <= max; px += step) sizes.push(px);
  return sizes;
}

type WaDialog = HTMLElement & { open: boolean };

export class PreferencesDialog extends LitElement {
  static override properties = { settings: { attribute: false }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    css`
      wa-dialog { --width: min(440px, 92vw); }
      wa-dialog::part(dialog) { background: var(--bg); color: var(--fg); border: 1px solid var(--rule); border-radius: 10px; }
      wa-dialog::part(body) { padding: 20px 24px; }
      h2 { margin: 0 0 14px; font-size: 17px; }
      h3 { margin: 16px 0 8px; font-size: 13px; color: var(--muted); font-weight: 600; }
      .grid { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 8px 12px; align-items: center; }
      .grid label { color: var(--fg); }
      .actions { display: flex; justify-content: flex-end; margin-top: 18px; }
    `,
  ];

  settings!: Settings;
  t: Translate = (key) => key;
  #returnFocus: HTMLElement | null = null;

  get #dialog(): WaDialog | null {
    return this.renderRoot.querySelector<WaDialog>('wa-dialog');
  }

  get open(): boolean {
    return this.#dialog?.open ?? false;
  }

  /** Opens the dialog; focus returns to `returnFocus` (or what had it) when it closes. */
  show(returnFocus: HTMLElement | null = null): void {
    this.#returnFocus = returnFocus ?? (deepActiveElement() as HTMLElement | null);
    const dialog = this.#dialog;
    if (dialog) dialog.open = true;
  }

  close(): void {
    const dialog = this.#dialog;
    if (dialog) dialog.open = false;
  }

  #send(intent: ReaderIntent): void {
    this.dispatchEvent(new ReaderIntentEvent(intent));
  }

  /** Web Awesome gives focus back to the top document's active element (our host): the control that opened us is deeper. */
  #onAfterHide = (event: Event): void => {
    if (event.target !== this.#dialog) return;
    const target = this.#returnFocus;
    this.#returnFocus = null;
    setTimeout(() => target?.focus());
  };

  override render(): unknown {
    const s = this.settings;
    const t = this.t;
    const value = (e: Event): string => (e.target as HTMLSelectElement).value;
    return html`<wa-dialog without-header label=${t('preferences')} @wa-after-hide=${this.#onAfterHide}>
      <h2>${t('preferences')}</h2>
      <div class="grid">
        <label for="ui-language">${t('uiLanguage')}</label>
        <select id="ui-language" class="ui-language" @change=${(e: Event) => this.#send({ kind: 'uiLanguage', uiLanguage: value(e) as Settings['uiLanguage'] })}>
          ${UI_LANGUAGES.map(({ value: v, label, lang }) => html`<option value=${v} lang=${lang ?? ''} ?selected=${v === s.uiLanguage}>${label ?? t('uiLanguageSystem')}</option>`)}
        </select>
      </div>
      <h3>${t('defaults')}</h3>
      <div class="grid">
        <label for="default-script">${t('script')}</label>
        <select id="default-script" class="default-script" @change=${(e: Event) => this.#send({ kind: 'script', script: value(e) as Settings['script'] })}>
          ${SCRIPTS.map(({ mode, label, lang, name }) => html`<option value=${mode} lang=${lang} ?selected=${mode === s.script}>${label} ${t(name)}</option>`)}
        </select>
        <label for="default-theme">${t('theme')}</label>
        <select id="default-theme" class="default-theme" @change=${(e: Event) => this.#send({ kind: 'theme', theme: value(e) as Settings['theme'] })}>
          ${THEMES.map(({ value: v, name }) => html`<option value=${v} ?selected=${v === s.theme}>${t(name)}</option>`)}
        </select>
        <label for="default-font-size">${t('fontSize')}</label>
        <select id="default-font-size" class="default-font-size" @change=${(e: Event) => this.#send({ kind: 'fontSizeSet', px: Number(value(e)) })}>
          ${fontSizes().map((px) => html`<option value=${px} ?selected=${px === s.fontSize}>${px}px</option>`)}
        </select>
      </div>
      <div class="actions"><button class="close" autofocus @click=${() => this.close()}>${t('close')}</button></div>
    </wa-dialog>`;
  }
}

customElements.define('preferences-dialog', PreferencesDialog);

declare global {
  interface HTMLElementTagNameMap {
    'preferences-dialog': PreferencesDialog;
  }
}
