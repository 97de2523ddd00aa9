/**
 * The UI's words in English, 简体中文 and 繁體中文. Keys are the same in every table; the type
 * makes a missing translation a compile error.
 */
import { en } from './en.ts';
import { zhHans } from './zh-hans.ts';
import { zhHant } from './zh-hant.ts';

export type StringKey = keyof typeof en;
export type Table = Record<StringKey, string>;

export type UiLocale = 'en' | 'zh-Hans' | 'zh-Hant';
const tables: Record<UiLocale, Table> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };

/** The UI locale for a preference: an explicit choice, else the first system language we have. */
export function resolveUiLocale(preference: 'system' | UiLocale, systemLanguages: readonly string[]): UiLocale {
  if (preference !== 'system') return preference;
  for (const raw of systemLanguages) {
    const tag = raw.toLowerCase();
    if (tag.startsWith('zh')) {
      return /hant|-tw|-hk|-mo/.test(tag) ? 'zh-Hant' : 'zh-Hans';
    }
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** A translator for one locale: `t('by', { name })`. */
export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

export function translator(locale: UiLocale): Translate {
  const table = tables[locale];
  return (key, values) => {
    let text = table[key];
    if (values) for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
}
