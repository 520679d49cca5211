import { Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { dialogueQueryKey, type ReceiptSession, usePortalInfo } from '../api/portal.ts';
import { DialogueView } from './DialogueView.tsx';
import { Loading, loadErrorTitle, PortalLoadError } from './PortalPage.tsx';
import {
  EmergencyNotice,
  PortalHeading,
  PortalLayout,
  useForgetOnRestore,
  usePortalTitle,
} from './portal-layout.tsx';
import { ReceiptLogin } from './ReceiptLogin.tsx';
import { emptyReply, type ReplyDraft } from './ReplyForm.tsx';

type Ending = 'expired' | 'loggedOut';

/**
 * `/report/:tenant/dialogue`: the reporter comes back with their receipt, reads the team's messages and
 * answers. The dialogue token lives in this page's state only: a reload, "Log out" or 30 minutes forget it.
 */
export function DialoguePage() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  const info = usePortalInfo(tenant);
  const queryClient = useQueryClient();
  const [session, setSession] = useState<ReceiptSession | null>(null);
  const [ending, setEnding] = useState<Ending | null>(null);
  const [draft, setDraft] = useState<ReplyDraft>(emptyReply);
  usePortalTitle(
    info.error ? loadErrorTitle(t, info.error) : t('portal.dialogue.title'),
    info.data?.tenant.name,
  );

  const end = useCallback(
    (why: Ending) => {
      setSession(null);
      // Nothing of the report stays in memory once the reporter is out.
      queryClient.removeQueries({ queryKey: dialogueQueryKey(tenant) });
      // An expired session keeps the unsent reply for the next login; logging out forgets it.
      if (why === 'loggedOut') setDraft(emptyReply);
      setEnding(why);
    },
    [queryClient, tenant],
  );
  const expire = useCallback(() => end('expired'), [end]);
  const logout = useCallback(() => end('loggedOut'), [end]);

  const sessionRef = useRef(session);
  sessionRef.current = session;
  useForgetOnRestore(
    useCallback(() => {
      if (sessionRef.current) logout();
    }, [logout]),
  );

  // The server ends the token after 30 minutes; the page follows at the same moment.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(expire, Math.max(0, Date.parse(session.expiresAt) - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, expire]);

  return (
    <PortalLayout tenant={tenant} organisation={info.data?.tenant.name}>
      {info.isPending ? (
        <Loading />
      ) : info.error ? (
        <PortalLoadError error={info.error} onRetry={() => void info.refetch()} retrying={info.isFetching} />
      ) : (
        <Stack gap="lg">
          <EmergencyNotice notice={info.data.emergencyNotice} />
          {session ? (
            <DialogueView
              tenant={tenant}
              session={session}
              rules={info.data.attachments}
              draft={draft}
              onDraftChange={setDraft}
              onEnded={expire}
              onLogout={logout}
            />
          ) : (
            <>
              <PortalHeading>{t('portal.dialogue.title')}</PortalHeading>
              <ReceiptLogin
                tenant={tenant}
                notice={
                  ending === 'expired'
                    ? t('portal.dialogue.expired')
                    : ending === 'loggedOut'
                      ? t('portal.dialogue.loggedOut')
                      : undefined
                }
                onOpened={(opened) => {
                  queryClient.removeQueries({ queryKey: dialogueQueryKey(tenant) });
                  setEnding(null);
                  setSession(opened);
                }}
              />
            </>
          )}
        </Stack>
      )}
    </PortalLayout>
  );
}
