import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../api/portal.ts';
import { formatDate } from '../i18n/dates.ts';
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

/**
 * A calendar day (YYYY-MM-DD): "3 Mar 2026", "3. März 2026", as everywhere in TMA (web/i18n/dates.ts). Days are
 * UTC days on the server.
 */
export function formatDay(day: string, language: Language): string {
  return formatDate(day, language);
}
