// Which language the interface starts in, and where the user's choice is kept. No i18next here, so the
// rules can be tested without a browser.

export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];

export const defaultLanguage: Language = 'en';

/** localStorage key under which the language the user picked is remembered. */
export const languageStorageKey = 'tma.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The user's stored choice wins; otherwise a German browser (de, de-DE, de-AT, ...) gets German and everyone
 * else English.
 */
export function chooseLanguage(
  stored: string | null | undefined,
  browserLanguage: string | undefined,
): Language {
  if (isLanguage(stored)) return stored;
  if (browserLanguage?.toLowerCase().startsWith('de')) return 'de';
  return defaultLanguage;
}
