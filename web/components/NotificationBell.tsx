import { ActionIcon, Box, Group, Indicator, Menu, Text, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession, worksIn } from '../api/auth.ts';
import {
  loadedNotices,
  type Notification,
  useMarkNotificationsRead,
  useNotifications,
} from '../api/notifications.ts';
import { usesInbox } from '../api/reports.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

/**
 * The bell in the header for those who work with reports or cases (experts are told of their teams,
 * mentions and tasks): the unread count, and the notices in a menu.
 */
export function NotificationBell() {
  const { data: session } = useSession();
  if (!usesInbox(session) && !worksIn(session, 'cases')) return null;
  return <Bell />;
}

function Bell() {
  const { t } = useTranslation();
  const list = useNotifications(true);
  const { data, isError } = list;
  const markRead = useMarkNotificationsRead();
  const { notifications, unread } = loadedNotices(data);
  const unreadIds = notifications.filter((notice) => !notice.read).map((notice) => notice.id);
  const label = unread > 0 ? t('reports.bell.labelUnread', { count: unread }) : t('reports.bell.label');

  return (
    <Menu position="bottom-end" width={340} withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray.8" size="lg" aria-label={label}>
          <Indicator
            label={unread > 99 ? '99+' : unread}
            size={16}
            color="red.8"
            offset={2}
            disabled={unread === 0}
            fz={10}
          >
            <BellIcon />
          </Indicator>
        </ActionIcon>
      </Menu.Target>
      {/* A menu holds menu items only (labels and dividers are plain containers): "Mark all as read" and
          "Load older" are items that keep the menu open, and the texts are labels. */}
      <Menu.Dropdown>
        <Menu.Label>
          <Text component="div" size="sm" fw={700} c="var(--mantine-color-text)">
            {t('reports.bell.label')}
          </Text>
        </Menu.Label>
        {unreadIds.length > 0 && (
          <Menu.Item closeMenuOnClick={false} onClick={() => markRead.mutate(unreadIds)} fz="xs" c="blue.8">
            {t('reports.bell.markAllRead')}
          </Menu.Item>
        )}
        <Menu.Divider />
        {isError && !data && (
          <Menu.Label>
            <Text component="div" size="sm" c="red.9">
              {t('reports.bell.error')}
            </Text>
          </Menu.Label>
        )}
        {data && notifications.length === 0 && (
          <Menu.Label>
            <Text component="div" size="sm" c="dimmed">
              {t('reports.bell.empty')}
            </Text>
          </Menu.Label>
        )}
        {!data && !isError && (
          <Menu.Label>
            <Text component="div" size="sm" c="dimmed">
              {t('reports.bell.loading')}
            </Text>
          </Menu.Label>
        )}
        <Box mah={420} style={{ overflowY: 'auto' }}>
          {notifications.map((notice) => (
            <NoticeItem
              key={notice.id}
              notice={notice}
              onOpen={() => !notice.read && markRead.mutate([notice.id])}
            />
          ))}
          {list.hasNextPage && (
            <Menu.Item
              closeMenuOnClick={false}
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
              fz="sm"
              c="blue.8"
            >
              {t('reports.bell.loadOlder')}
            </Menu.Item>
          )}
          {list.isFetchNextPageError && (
            <Menu.Label>
              <Text component="div" size="sm" c="red.9">
                {t('shell.error.loadMoreFailed')}
              </Text>
            </Menu.Label>
          )}
        </Box>
      </Menu.Dropdown>
    </Menu>
  );
}

function NoticeItem({ notice, onOpen }: { notice: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const text = noticeText(t, notice);
  const content = (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Box
        w={8}
        h={8}
        mt={6}
        style={{
          borderRadius: '50%',
          flex: 'none',
          background: notice.read ? 'transparent' : 'var(--mantine-color-blue-7)',
        }}
        aria-hidden="true"
      />
      <Box miw={0}>
        <Text
          size="sm"
          fw={notice.read ? 400 : 700}
          c={notice.kind.startsWith('report.danger') ? 'red.9' : undefined}
        >
          {text}
          {!notice.read && <VisuallyHidden>{` (${t('reports.bell.unread')})`}</VisuallyHidden>}
        </Text>
        <Text size="xs" c="dimmed">
          <time dateTime={notice.createdOn}>{formatDay(notice.createdOn, currentLanguage())}</time>
        </Text>
      </Box>
    </Group>
  );
  const to = noticeTarget(notice);
  if (!to) return <Menu.Item disabled>{content}</Menu.Item>;
  return (
    <Menu.Item component={Link} to={to} onClick={onOpen}>
      {content}
    </Menu.Item>
  );
}

/** The measures' notices open the case's measures tab. */
const measureKinds: readonly Notification['kind'][] = [
  'case.measure_assigned',
  'case.measure_answered',
  'case.measure_overdue',
];

/**
 * Where a notice leads: an invitation to a measure to the invitations on "My work" (the case opens only once
 * accepted), a due re-assessment and the measures to their tab of the case, others to the case or report.
 */
function noticeTarget(notice: Notification): string | null {
  if (notice.kind === 'case.measure_invited') return '/';
  const caseTab =
    notice.kind === 'case.assessment_due'
      ? '?tab=assessments'
      : measureKinds.includes(notice.kind)
        ? '?tab=measures'
        : '';
  if (notice.case) return `/cases/${notice.case.id}${caseTab}`;
  return notice.report ? `/reports/${notice.report.id}` : null;
}

/**
 * What a notice says: about a report (received, danger, the reporter wrote) or a case (its team, a mention,
 * a task, a measure). Every kind the API sends has its text: a new kind fails the type check here.
 */
function noticeText(t: TFunction, notice: Notification): string {
  const caseReference = notice.case?.reference ?? t('cases.bell.unknownCase');
  const reference = notice.report?.reference ?? t('reports.bell.unknownReport');
  switch (notice.kind) {
    case 'report.danger':
      return t('reports.bell.danger', { reference });
    case 'report.danger_alert':
      return t('reports.bell.dangerAlert', { reference });
    case 'report.danger_escalated':
      return t('reports.bell.dangerEscalated', { reference });
    case 'report.reporter_message':
      return t('reports.bell.reporterMessage', { reference });
    case 'case.team_added':
      return t('cases.bell.teamAdded', { reference: caseReference });
    case 'case.team_removed':
      return t('cases.bell.teamRemoved', { reference: caseReference });
    case 'case.team_expired':
      return t('cases.bell.teamExpired', { reference: caseReference });
    case 'case.mentioned':
      return t('cases.bell.mentioned', { reference: caseReference });
    case 'case.task_assigned':
      return t('cases.bell.taskAssigned', { reference: caseReference });
    case 'case.task_due':
      return t('cases.bell.taskDue', { reference: caseReference });
    case 'case.assessment_due':
      return t('cases.bell.assessmentDue', { reference: caseReference });
    case 'case.measure_assigned':
      return t('cases.bell.measureAssigned', { reference: caseReference });
    case 'case.measure_invited':
      // The invitee does not see the case before accepting: its reference may not come along.
      return notice.case
        ? t('cases.bell.measureInvited', { reference: notice.case.reference })
        : t('cases.bell.measureInvitedUnnamed');
    case 'case.measure_answered':
      return t('cases.bell.measureAnswered', { reference: caseReference });
    case 'case.measure_overdue':
      return t('cases.bell.measureOverdue', { reference: caseReference });
    case 'case.retention_due':
      return t('retention.bell.due', { reference: caseReference });
    case 'report.received':
      return t('reports.bell.received', { reference });
  }
}

/** A bell outline; decorative, the button's label says what it is. */
function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" focusable="false" aria-hidden="true">
      <path
        d="M6 16.5V11a6 6 0 1 1 12 0v5.5l1.5 1.5h-15L6 16.5zM10 20.5a2 2 0 0 0 4 0"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
