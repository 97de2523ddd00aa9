/**
 * The reader's preferences as the window holds them: applied at once, saved a moment later (a
 * burst of A+ presses is one write), and adopted when they change elsewhere (the menu). Also the
 * UI language they choose, and the translator for it.
 */
import { clampSetting, DEFAULT_SETTINGS, stepSetting, type Settings, type TypographyChoice } from '../../archive/model.ts';
import { resolveUiLocale, translator, type Translate, type UiLocale } from '../i18n/strings.ts';
import type { AppContext } from './app-context.ts';

const SETTINGS_DELAY_MS = 250;

export class SettingsState {
  settings: Settings = { ...DEFAULT_SETTINGS };
  locale: UiLocale = 'en';
  t: Translate = translator('en');
  #pending: Partial<Settings> = {};
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: AppContext) {}

  /** Reads the saved preferences. */
  async load(): Promise<void> {
    this.settings = await this.ctx.bridge.getSettings({});
    this.#applyLocale();
  }

  /** Preferences changed elsewhere (a menu); changes not yet saved here win. Returns the script before. */
  adopt(settings: Settings): Settings['script'] {
    const before = this.settings.script;
    this.settings = { ...settings, ...this.#pending };
    this.#applyLocale();
    this.ctx.update();
    return before;
  }

  /** The Chinese setting the reader chose, as the article frame and exports take it. */
  get typography(): TypographyChoice {
    return typographyOfSettings(this.settings);
  }

  setScript(script: Settings['script']): void {
    this.#change({ script });
  }

  setFontSize(px: number): void {
    const fontSize = clampSetting('fontSize', Math.round(px));
    if (fontSize !== this.settings.fontSize) this.#change({ fontSize });
  }

  /** One step of the settings table (SETTING_LIMITS) up or down. */
  bumpFontSize(direction: 1 | -1): void {
    this.setFontSize(stepSetting('fontSize', this.settings.fontSize, direction));
  }

  resetFontSize(): void {
    this.setFontSize(stepSetting('fontSize', this.settings.fontSize, 0));
  }

  setTheme(theme: Settings['theme']): void {
    this.#change({ theme });
  }

  setLineHeight(lineHeight: number): void {
    this.#change({ lineHeight: clampSetting('lineHeight', lineHeight) });
  }

  setMeasure(measure: number): void {
    this.#change({ measure: clampSetting('measure', Math.round(measure)) });
  }

  /** The Chinese setting: full-width marks, justification, face, vertical columns. */
  setTypography(patch: Partial<Pick<Settings, 'cjkPunctuation' | 'justify' | 'fontFamily' | 'writingMode'>>): void {
    this.#change(patch);
  }

  setFirstLineIndent(firstLineIndent: boolean): void {
    this.#change({ firstLineIndent });
  }

  setShowRuby(showRuby: boolean): void {
    this.#change({ showRuby });
  }

  setUiLanguage(uiLanguage: Settings['uiLanguage']): void {
    this.#change({ uiLanguage });
    this.#applyLocale();
  }

  setPaneWidth(libraryPaneWidth: number): void {
    this.#change({ libraryPaneWidth: clampSetting('libraryPaneWidth', Math.round(libraryPaneWidth)) });
  }

  /** Writes pending changes now. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    const patch = this.#pending;
    this.#pending = {};
    if (Object.keys(patch).length > 0) await this.ctx.guard(() => this.ctx.bridge.updateSettings(patch).then(() => undefined));
  }

  /** Applies a change now and saves it shortly. */
  #change(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    this.#pending = { ...this.#pending, ...patch };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), SETTINGS_DELAY_MS);
    this.ctx.update();
  }

  #applyLocale(): void {
    this.locale = resolveUiLocale(this.settings.uiLanguage, navigator.languages?.length ? navigator.languages : [navigator.language]);
    this.t = translator(this.locale);
    document.documentElement.lang = this.locale;
    document.title = this.t('appTitle');
  }
}

/** The typographic choices among `settings`: what the article frame shows and an export carries. */
export function typographyOfSettings({ cjkPunctuation, justify, fontFamily, writingMode }: Settings): TypographyChoice {
  return { cjkPunctuation, justify, fontFamily, writingMode };
}
