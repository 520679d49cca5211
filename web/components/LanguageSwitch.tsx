import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n/index.ts';
import { isLanguage, type Language } from '../i18n/language.ts';

const order: readonly Language[] = ['de', 'en'];

/** "DE | EN" in the header. Screen readers hear each language's own name ("Deutsch", "English"). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const data = order.map((language) => ({
    value: language,
    label: (
      <>
        <span aria-hidden="true">{language.toUpperCase()}</span>
        <VisuallyHidden lang={language}>{t(`language.${language}`)}</VisuallyHidden>
      </>
    ),
  }));

  return (
    <SegmentedControl
      aria-label={t('header.language')}
      size="xs"
      data={data}
      value={currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) void setLanguage(value);
      }}
    />
  );
}
