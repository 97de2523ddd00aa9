/**
 * @summary The reader's controls: text size, theme, script, pinyin, shortcuts. Shows the
 * settings it is given and sends each change up as a `reader-intent`; it never saves anything.
 * @event reader-intent - the user asked for a change
 */
import { css, html, LitElement } from 'lit';
import { SETTING_LIMITS, type ScriptMode, type Settings } from '../../archive/model.ts';
import { ReaderIntentEvent, type ReaderIntent } from '../app/events.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import './typography-controls.ts';

const SCRIPTS: { mode: ScriptMode; label: string; lang: string; name: StringKey }[] = [
  { mode: 'original', label: '原文', lang: 'zh', name: 'scriptOriginal' },
  { mode: 'hans', label: '简', lang: 'zh-Hans', name: 'scriptHans' },
  { mode: 'hant', label: '繁', lang: 'zh-Hant', name: 'scriptHant' },
  { mode: 'tw', label: '台', lang: 'zh-TW', name: 'scriptTw' },
  { mode: 'hk', label: '港', lang: 'zh-HK', name: 'scriptHk' },
];

const SPACINGS: { value: number; name: StringKey }[] = [
  { value: 1.5, name: 'spacingTight' },
  { value: 1.8, name: 'spacingNormal' },
  { value: 2.1, name: 'spacingLoose' },
];
const MEASURES: { value: number; name: StringKey }[] = [
  { value: 30, name: 'measureNarrow' },
  { value: 38, name: 'measureMedium' },
  { value: 48, name: 'measureWide' },
];

/** The option nearest to `value`, so a value set elsewhere still shows a choice. */
const nearest = (options: { value: number }[], value: number): number =>
  options.reduce((best, o) => (Math.abs(o.value - value) < Math.abs(best - value) ? o.value : best), options[0]!.value);

const THEMES: { theme: Settings['theme']; name: StringKey }[] = [
  { theme: 'system', name: 'themeSystem' },
  { theme: 'light', name: 'themeLight' },
  { theme: 'dark', name: 'themeDark' },
  { theme: 'sepia', name: 'themeSepia' },
];

export class ReaderToolbar extends LitElement {
  static override properties = {
    settings: { attribute: false },
    canConvert: { type: Boolean },
    hasRuby: { type: Boolean },
    hasArticle: { type: Boolean },
    t: { attribute: false },
  };

  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      [role='toolbar'] { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 6px 12px; }
      .group { display: flex; align-items: center; gap: 4px; }
      .size { min-width: 3.2em; text-align: center; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 13px; }
      .spacer { flex: 1; }
    `,
  ];

  settings!: Settings;
  canConvert = false;
  hasRuby = false;
  hasArticle = false;
  t: Translate = (key) => key;

  #send(intent: ReaderIntent): void {
    this.dispatchEvent(new ReaderIntentEvent(intent));
  }

  override render(): unknown {
    const s = this.settings;
    const t = this.t;
    const scriptTip = this.canConvert ? '' : t('scriptUnavailable');
    return html`<div role="toolbar" aria-label=${t('toolbar')}>
      <div class="group">
        <button class="font-smaller" aria-label=${`A− ${t('fontSmaller')}`} title=${t('fontSmaller')} ?disabled=${s.fontSize <= SETTING_LIMITS.fontSize.min} @click=${() => this.#send({ kind: 'font', step: -1 })}>A−</button>
        <span class="size" aria-live="polite" aria-label=${t('fontSizeNow', { px: s.fontSize })}>${s.fontSize}px</span>
        <button class="font-larger" aria-label=${`A+ ${t('fontLarger')}`} title=${t('fontLarger')} ?disabled=${s.fontSize >= SETTING_LIMITS.fontSize.max} @click=${() => this.#send({ kind: 'font', step: 1 })}>A+</button>
        <button class="font-reset" aria-label=${t('fontReset')} title=${t('fontReset')} @click=${() => this.#send({ kind: 'font', step: 0 })}>↺</button>
      </div>
      <div class="group" role="group" aria-label=${t('script')} title=${scriptTip}>
        ${SCRIPTS.map(
          ({ mode, label, lang, name }) => html`<button
            class="script"
            data-script=${mode}
            lang=${lang}
            aria-label=${t(name) === label ? label : `${label} ${t(name)}`}
            aria-pressed=${s.script === mode ? 'true' : 'false'}
            title=${this.canConvert ? t(name) : scriptTip}
            ?disabled=${!this.canConvert}
            @click=${() => this.#send({ kind: 'script', script: mode })}
          >${label}</button>`,
        )}
      </div>
      <label class="group">${t('theme')}
        <select class="theme" @change=${(e: Event) => this.#send({ kind: 'theme', theme: (e.target as HTMLSelectElement).value as Settings['theme'] })}>
          ${THEMES.map(({ theme, name }) => html`<option value=${theme} ?selected=${s.theme === theme}>${t(name)}</option>`)}
        </select>
      </label>
      <label class="group">${t('lineSpacing')}
        <select class="line-height" @change=${(e: Event) => this.#send({ kind: 'lineHeight', lineHeight: Number((e.target as HTMLSelectElement).value) })}>
          ${SPACINGS.map(({ value, name }) => html`<option value=${value} ?selected=${nearest(SPACINGS, s.lineHeight) === value}>${t(name)}</option>`)}
        </select>
      </label>
      <label class="group">${t('measureLabel')}
        <select class="measure" @change=${(e: Event) => this.#send({ kind: 'measure', measure: Number((e.target as HTMLSelectElement).value) })}>
          ${MEASURES.map(({ value, name }) => html`<option value=${value} ?selected=${nearest(MEASURES, s.measure) === value}>${t(name)}</option>`)}
        </select>
      </label>
      <button class="indent" aria-pressed=${s.firstLineIndent ? 'true' : 'false'} title=${t('indentTitle')}
        @click=${() => this.#send({ kind: 'indent', on: !s.firstLineIndent })}>${t('indent')}</button>
      <typography-controls .settings=${s} .t=${t}></typography-controls>
      ${this.hasRuby
        ? html`<button class="ruby" aria-pressed=${s.showRuby ? 'true' : 'false'} title=${t('rubyShow')} @click=${() => this.#send({ kind: 'ruby', show: !s.showRuby })}>${t('ruby')}</button>`
        : ''}
      <span class="spacer"></span>
      <button class="import" @click=${() => this.#send({ kind: 'import' })}>${t('importButton')}</button>
      <button class="export" ?disabled=${!this.hasArticle} @click=${() => this.#send({ kind: 'export' })}>${t('exportButton')}</button>
      <button class="help" aria-label=${t('shortcutsButton')} title=${t('shortcutsButton')} @click=${() => this.#send({ kind: 'help' })}>?</button>
    </div>`;
  }
}

customElements.define('reader-toolbar', ReaderToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'reader-toolbar': ReaderToolbar;
  }
}
