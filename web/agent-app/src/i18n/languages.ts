export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'it'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  it: 'Italiano',
};

export const LANGUAGE_STORAGE_KEY = 'baton.language';

/** Maps a BCP 47 tag such as "de-CH" to a supported language, or undefined. */
export function toSupported(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LANGUAGES.find((l) => l === primary);
}

/**
 * The UI language: an explicit choice stored by the header switch wins, then the first
 * browser language we support, then English.
 */
export function detectLanguage(stored: string | null | undefined, browserLanguages: readonly string[]): Language {
  const fromStore = toSupported(stored);
  if (fromStore) return fromStore;
  for (const tag of browserLanguages) {
    const lang = toSupported(tag);
    if (lang) return lang;
  }
  return 'en';
}
