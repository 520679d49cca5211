import { Button, Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { PageTitle } from '../components/PageTitle.tsx';

/** Shown instead of a page that failed to render, so the user is never left with a blank screen. */
export function ErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;
  return (
    <Stack gap="md" align="flex-start" maw={560}>
      <PageTitle>{t('error.title')}</PageTitle>
      <Text>{t('error.description')}</Text>
      {detail && <Code block>{detail}</Code>}
      <Button onClick={() => window.location.reload()}>{t('error.reload')}</Button>
    </Stack>
  );
}
