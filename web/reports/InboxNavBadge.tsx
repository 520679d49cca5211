import { Badge, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/auth.ts';
import { loadedNotices, useNotifications } from '../api/notifications.ts';
import { usesInbox } from '../api/reports.ts';

/** The unread notices beside "Inbox" in the navigation (the bell's query: one poll for both). */
export function InboxNavBadge() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const { data } = useNotifications(usesInbox(session));
  const { unread } = loadedNotices(data);
  if (unread === 0) return null;
  return (
    <>
      <Badge size="sm" color="red.8" variant="filled" circle={unread < 10} aria-hidden="true">
        {unread > 99 ? '99+' : unread}
      </Badge>
      <VisuallyHidden>{t('reports.nav.unread', { count: unread })}</VisuallyHidden>
    </>
  );
}
