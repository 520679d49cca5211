import { Badge, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchMyTasks, myTasksQueryKey } from './MyTasks.tsx';

/**
 * The number of the user's open tasks beside "Overview", where they are listed. Read from what the overview
 * last loaded, never fetched for the navigation: reading the tasks is audited (case.task_read), so it happens
 * when the user looks at them, not on every page.
 */
export function MyTasksNavBadge() {
  const { t } = useTranslation();
  const { data } = useQuery({ queryKey: myTasksQueryKey, queryFn: fetchMyTasks, enabled: false });
  const open = data?.tasks.length ?? 0;
  if (open === 0) return null;
  return (
    <>
      <Badge size="sm" color="blue.8" variant="light" circle={open < 10} aria-hidden="true">
        {open > 99 ? '99+' : open}
      </Badge>
      <VisuallyHidden>{t('shell.nav.openTasks', { count: open })}</VisuallyHidden>
    </>
  );
}
