import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../api/portal.ts';
import { isLanguage, type Language } from '../i18n/language.ts';

/**
 * The interface language and a function that picks a form text in it. Components that use it follow the
 * language switch, because useTranslation re-renders them.
 */
export function useLocalised(): { language: Language; text: (value: LocalisedText | undefined) => string } {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return { language, text: (value) => (value ? value[language] : '') };
}

/** A calendar day (YYYY-MM-DD) in words: "3 March 2026", "3. März 2026". Days are UTC days on the server. */
export function formatDay(day: string, language: Language): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
