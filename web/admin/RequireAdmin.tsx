import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAdmin } from '../api/admin.ts';
import type { SessionInfo } from '../api/auth.ts';
import { RequireSignIn } from '../components/RequireSignIn.tsx';

/** The admins' pages: signed in as an administrator. The server checks every call; this spares others a page of errors. */
export function RequireAdmin({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <RequireSignIn>
      {(session) =>
        isAdmin(session) ? (
          children(session)
        ) : (
          <Alert color="orange" variant="light" title={t('adminTools.access.title')} maw={560}>
            {t('adminTools.access.text')}
          </Alert>
        )
      }
    </RequireSignIn>
  );
}
