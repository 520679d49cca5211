import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de.ts';
import { en } from './en.ts';
import {
  chooseLanguage,
  defaultLanguage,
  isLanguage,
  type Language,
  languageStorageKey,
  languages,
} from './language.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

// Storage can be unavailable (privacy settings, sandboxed frames): the app then simply forgets the choice.
function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(languageStorageKey);
  } catch {
    return null;
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Nothing to do: the language still changes for this page view.
  }
}

export const i18n = i18next.createInstance();

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = isLanguage(language) ? language : defaultLanguage;
});

// Resources are bundled and initAsync is off, so the instance is ready when this module has run.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: chooseLanguage(readStoredLanguage(), navigator.language),
  fallbackLng: defaultLanguage,
  supportedLngs: languages,
  // React escapes what it renders; escaping here as well would show entities like &amp; to the user.
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** The language the interface currently shows. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

/** Switches the interface language and remembers the choice for the next visit. */
export async function setLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  await i18n.changeLanguage(language);
}
