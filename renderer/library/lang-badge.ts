/**
 * The language and script badge of a library row: 简 or 繁 for Chinese in either script, 中 for
 * Chinese whose script is not known, and the language's own code (EN, JA …) for the rest; its
 * accessible name is the language's name in the interface language.
 */
import type { UiLocale } from '../i18n/strings.ts';

export interface LangBadge {
  /** What the badge shows. */
  text: string;
  /** The `lang` of `text`: 简 and 繁 are set as Chinese of their script; a code (EN) has none. */
  textLang: string | null;
  /** The language's name, for screen readers and the tooltip. */
  label: string;
}

const HANS = /^zh(?:-hans|-cn|-sg|-my)\b/i;
const HANT = /^zh(?:-hant|-tw|-hk|-mo)\b/i;
const names = new Map<UiLocale, Intl.DisplayNames | null>();

function languageName(tag: string, locale: UiLocale): string {
  if (!names.has(locale)) {
    try {
      names.set(locale, new Intl.DisplayNames([locale], { type: 'language' }));
    } catch {
      names.set(locale, null);
    }
  }
  try {
    return names.get(locale)?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The badge for an article whose text is in `lang`; null when the language is not known. */
export function langBadge(lang: string | null, locale: UiLocale): LangBadge | null {
  if (!lang) return null;
  const label = languageName(HANS.test(lang) ? 'zh-Hans' : HANT.test(lang) ? 'zh-Hant' : lang, locale);
  if (HANS.test(lang)) return { text: '简', textLang: 'zh-Hans', label };
  if (HANT.test(lang)) return { text: '繁', textLang: 'zh-Hant', label };
  if (/^zh\b/i.test(lang)) return { text: '中', textLang: 'zh', label };
  const primary = lang.split('-')[0] ?? lang;
  return { text: primary.toUpperCase().slice(0, 3), textLang: null, label };
}
