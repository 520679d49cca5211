import { Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's h1, sized for a work tool rather than a poster; also names the browser tab after the page, in the
 * current language.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  const documentTitle = t('app.documentTitle', { page: children });
  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);
  return (
    <Title order={1} fz={{ base: 22, sm: 26 }} lh={1.25}>
      {children}
    </Title>
  );
}
