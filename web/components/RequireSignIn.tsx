import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { type SessionInfo, useRecordLanguage, useSession } from '../api/auth.ts';
import { loginPathFor } from '../auth/redirect.ts';
import { currentLanguage } from '../i18n/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PageSkeleton } from './PageSkeleton.tsx';

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
    return <PageSkeleton label={t('auth.checking')} />;
  }
  if (error && session === undefined) {
    return (
      <ErrorNotice
        error={error}
        title={t('auth.errorTitle')}
        onRetry={isFetching ? undefined : () => void refetch()}
        maw={560}
      />
    );
  }
  if (!session) {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  if (typeof children === 'function') return children(session);
  return children ?? <Outlet />;
}
