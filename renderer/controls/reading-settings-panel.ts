/**
 * @summary The "Aa" panel: text size, line spacing, width, first-line indent, font (serif or
 * sans, each with its CJK face), theme, pinyin, and the Chinese setting (full-width marks,
 * justification, vertical columns). The article itself is the preview: each change goes up as a
 * `reader-intent` at once and the frame restyles while the panel stays open. It never saves.
 * @event reader-intent - the user changed a setting
 */
import { css, html, LitElement, nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import '@awesome.me/webawesome/dist/components/radio-group/radio-group.js';
import '@awesome.me/webawesome/dist/components/radio/radio.js';
import '@awesome.me/webawesome/dist/components/switch/switch.js';
import { Minus, Plus, RotateCcw } from 'lucide';
import { SETTING_LIMITS, type Settings } from '../../archive/model.ts';
import { ReaderIntentEvent, type ReaderIntent } from '../app/events.ts';
import type { StringKey, Translate } from '../i18n/strings.ts';
import { controlStyles } from '../styles/controls.ts';
import { segmentStyles } from '../styles/segments.ts';
import { icon } from '../ui/icons.ts';

interface Choice<T> {
  value: T;
  name: StringKey;
}

const SPACINGS: Choice<number>[] = [
  { value: 1.5, name: 'spacingTight' },
  { value: 1.8, name: 'spacingNormal' },
  { value: 2.1, name: 'spacingLoose' },
];
const MEASURES: Choice<number>[] = [
  { value: 30, name: 'measureNarrow' },
  { value: 38, name: 'measureMedium' },
  { value: 48, name: 'measureWide' },
];
const THEMES: Choice<Settings['theme']>[] = [
  { value: 'light', name: 'themeLight' },
  { value: 'sepia', name: 'themeSepia' },
  { value: 'dark', name: 'themeDark' },
  { value: 'system', name: 'themeSystem' },
];
const FONTS: Choice<Settings['fontFamily']>[] = [
  { value: 'serif', name: 'faceSerif' },
  { value: 'sans', name: 'faceSans' },
];
const WRITING: Choice<Settings['writingMode']>[] = [
  { value: 'horizontal', name: 'writingHorizontal' },
  { value: 'vertical', name: 'writingVertical' },
];

/** The option nearest to `value`, so a value set elsewhere (the menu, an old archive) still shows a choice. */
const nearest = (options: Choice<number>[], value: number): number =>
  options.reduce((best, o) => (Math.abs(o.value - value) < Math.abs(best - value) ? o.value : best), options[0]!.value);

/** `data-NAME-choice="VALUE"` on an element: Lit binds attribute values, never attribute names. */
class ChoiceHook extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('choiceHook belongs on an element');
  }

  render(_hook: string, _value: string): unknown {
    return nothing;
  }

  override update(part: ElementPart, [hook, value]: [string, string]): unknown {
    part.element.setAttribute(`data-${hook}-choice`, value);
    return nothing;
  }
}
const choiceHook = directive(ChoiceHook);

const valueOf = (event: Event): string => (event.currentTarget as HTMLElement & { value: string }).value;
const checkedOf = (event: Event): boolean => (event.currentTarget as HTMLElement & { checked: boolean }).checked;

export class ReadingSettingsPanel extends LitElement {
  static override properties = { settings: { attribute: false }, t: { attribute: false } };

  static override styles = [
    controlStyles,
    segmentStyles,
    css`
      :host { display: grid; gap: 12px; min-width: 340px; color: var(--fg); font-size: 13px; }
      section { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 6px 10px; align-items: center; }
      h3 { grid-column: 1 / -1; margin: 2px 0 0; font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
      .label { color: var(--muted); }
      .size { display: flex; align-items: center; gap: 4px; }
      .size output { min-width: 3.4em; text-align: center; font-variant-numeric: tabular-nums; }
      .size button { display: inline-grid; place-items: center; padding: 3px 7px; }
      .switches { display: grid; gap: 8px; grid-column: 1 / -1; }
      wa-switch { --height: 18px; --width: 32px; --thumb-size: 14px; font-size: 13px; }
      wa-radio-group.segments::part(form-control-input) { flex-wrap: wrap; }
    `,
  ];

  settings!: Settings;
  t: Translate = (key) => key;

  #send(intent: ReaderIntent): void {
    this.dispatchEvent(new ReaderIntentEvent(intent));
  }

  /** One labelled segmented choice; `hook` names the attribute tests and screenshots select by. */
  #segments<T extends string | number>(label: StringKey, hook: string, choices: Choice<T>[], current: T, onPick: (value: string) => void): unknown {
    const t = this.t;
    return html`<span class="label" aria-hidden="true">${t(label)}</span>
      <wa-radio-group class="segments ${hook}" orientation="horizontal" label=${t(label)} .value=${String(current)}
        @change=${(e: Event) => {
          e.stopPropagation();
          onPick(valueOf(e));
        }}>
        ${choices.map(({ value, name }) => html`<wa-radio appearance="button" value=${String(value)} ${choiceHook(hook, String(value))}>${t(name)}</wa-radio>`)}
      </wa-radio-group>`;
  }

  #switch(className: string, label: StringKey, checked: boolean, onToggle: (on: boolean) => void, title = ''): unknown {
    return html`<wa-switch class=${className} .checked=${checked} title=${title}
      @change=${(e: Event) => {
        e.stopPropagation();
        onToggle(checkedOf(e));
      }}>${this.t(label)}</wa-switch>`;
  }

  override render(): unknown {
    const s = this.settings;
    const t = this.t;
    const limits = SETTING_LIMITS.fontSize;
    return html`<section aria-label=${t('readingText')}>
        <h3 aria-hidden="true">${t('readingText')}</h3>
        <span class="label" id="size-label">${t('fontSize')}</span>
        <div class="size" role="group" aria-labelledby="size-label">
          <button class="font-smaller" aria-label=${t('fontSmaller')} title=${t('fontSmaller')} ?disabled=${s.fontSize <= limits.min}
            @click=${() => this.#send({ kind: 'font', step: -1 })}>${icon(Minus, 16)}</button>
          <output aria-live="polite" aria-label=${t('fontSizeNow', { px: s.fontSize })}>${s.fontSize}px</output>
          <button class="font-larger" aria-label=${t('fontLarger')} title=${t('fontLarger')} ?disabled=${s.fontSize >= limits.max}
            @click=${() => this.#send({ kind: 'font', step: 1 })}>${icon(Plus, 16)}</button>
          <button class="font-reset" aria-label=${t('fontReset')} title=${t('fontReset')}
            @click=${() => this.#send({ kind: 'font', step: 0 })}>${icon(RotateCcw, 16)}</button>
        </div>
        ${this.#segments('font', 'font', FONTS, s.fontFamily, (v) => this.#send({ kind: 'typography', patch: { fontFamily: v as Settings['fontFamily'] } }))}
        ${this.#segments('lineSpacing', 'line-height', SPACINGS, nearest(SPACINGS, s.lineHeight), (v) => this.#send({ kind: 'lineHeight', lineHeight: Number(v) }))}
        ${this.#segments('measureLabel', 'measure', MEASURES, nearest(MEASURES, s.measure), (v) => this.#send({ kind: 'measure', measure: Number(v) }))}
        ${this.#segments('theme', 'theme', THEMES, s.theme, (v) => this.#send({ kind: 'theme', theme: v as Settings['theme'] }))}
      </section>
      <section aria-label=${t('typesetting')}>
        <h3 aria-hidden="true">${t('typesetting')}</h3>
        ${this.#segments('writingMode', 'writing', WRITING, s.writingMode, (v) => this.#send({ kind: 'typography', patch: { writingMode: v as Settings['writingMode'] } }))}
        <div class="switches">
          ${this.#switch('indent', 'indentTitle', s.firstLineIndent, (on) => this.#send({ kind: 'indent', on }))}
          ${this.#switch('ruby', 'rubyShow', s.showRuby, (show) => this.#send({ kind: 'ruby', show }))}
          ${this.#switch('cjk-punctuation', 'cjkPunctuationLabel', s.cjkPunctuation, (on) => this.#send({ kind: 'typography', patch: { cjkPunctuation: on } }), t('cjkPunctuationTitle'))}
          ${this.#switch('justify', 'justifyTitle', s.justify, (on) => this.#send({ kind: 'typography', patch: { justify: on } }))}
        </div>
      </section>`;
  }
}

customElements.define('reading-settings-panel', ReadingSettingsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'reading-settings-panel': ReadingSettingsPanel;
  }
}
