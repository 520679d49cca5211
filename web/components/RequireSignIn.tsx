import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { type SessionInfo, useRecordLanguage, useSession } from '../api/auth.ts';
import { loginPathFor } from '../auth/redirect.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * Shows its children (or the child routes) only to a signed-in user; everyone else goes to the login page,
 * which comes back here afterwards. `children` may be a function of the session. Records the language the
 * user works in, for their e-mails.
 */
export function RequireSignIn({
  children,
}: {
  children?: ReactNode | ((session: SessionInfo) => ReactNode);
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: session, error, isPending, isFetching, refetch } = useSession();
  // Re-rendered on a switch of language (useTranslation above), so the switch is recorded too.
  useRecordLanguage(session, currentLanguage());

  if (isPending && !error) {
    return (
      <Group gap="sm" role="status">
        <Loader size="sm" aria-hidden="true" />
        <Text>{t('auth.checking')}</Text>
      </Group>
    );
  }
  if (error && session === undefined) {
    return (
      <Alert color="red" variant="light" title={t('auth.errorTitle')} role="alert" maw={560}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{error.message}</Text>
          <Button size="xs" variant="default" loading={isFetching} onClick={() => void refetch()}>
            {t('auth.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!session) {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  if (typeof children === 'function') return children(session);
  return children ?? <Outlet />;
}
