import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/auth.ts';
import { usesInbox } from '../api/reports.ts';
import { RequireSignIn } from '../components/RequireSignIn.tsx';

/**
 * The report pages: signed in, and a role that works with reports. The server decides for each report
 * (`can`); this only spares other roles a page of errors.
 */
export function RequireInboxRole({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <RequireSignIn>
      {(session) =>
        usesInbox(session) ? (
          children(session)
        ) : (
          <Alert color="orange" variant="light" title={t('reports.access.title')} maw={560}>
            {t('reports.access.text')}
          </Alert>
        )
      }
    </RequireSignIn>
  );
}
