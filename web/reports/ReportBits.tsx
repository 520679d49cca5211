import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportStatus } from '../api/reports.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { HiddenPageTitle } from '../components/PageNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { type Deadline, deadlineColor } from './deadlines.ts';
import { formatAge, formatDay } from './format.ts';

const statusColor: Record<ReportStatus, string> = {
  new: 'blue',
  acknowledged: 'cyan',
  case_opened: 'violet',
  attached: 'violet',
  closed: 'gray',
};

export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" radius="sm">
      {t(`reports.status.${status}`)}
    </Badge>
  );
}

export function DangerBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" variant="filled" radius="sm">
      {t('reports.flags.danger')}
    </Badge>
  );
}

export function AwaitingReplyBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="orange.9" variant="outline" radius="sm">
      {t('reports.flags.awaitingReply')}
    </Badge>
  );
}

/** A day as a `<time>`. */
export function Day({ day }: { day: string }) {
  return <time dateTime={day}>{formatDay(day, currentLanguage())}</time>;
}

/** "22 Nov 2026 · 3 days ago". */
export function DayWithAge({ day, age }: { day: string; age: number }) {
  return (
    <>
      <Day day={day} />
      <Text span c="dimmed" size="sm">
        {' · '}
        {formatAge(age, currentLanguage())}
      </Text>
    </>
  );
}

/** "overdue by 3 days", "due in 2 days", "acknowledged 22 Nov 2026" … */
export function useDeadlineText(kind: 'acknowledge' | 'feedback') {
  const { t } = useTranslation();
  return (deadline: Deadline): string => {
    const days = Math.abs(deadline.daysLeft);
    switch (deadline.state) {
      case 'met': {
        const day = formatDay(deadline.metOn ?? deadline.dueOn, currentLanguage());
        return kind === 'acknowledge'
          ? t('reports.deadline.acknowledgedOn', { day })
          : t('reports.deadline.feedbackGivenOn', { day });
      }
      case 'overdue':
        return t('reports.deadline.overdue', { count: days });
      case 'not_applicable':
        return t('reports.deadline.notNeeded');
      default:
        return deadline.daysLeft === 0
          ? t('reports.deadline.dueToday')
          : t('reports.deadline.dueIn', { count: days });
    }
  };
}

/** The due day, and below it how it stands, coloured when overdue or due soon. */
export function DeadlineView({ deadline, kind }: { deadline: Deadline; kind: 'acknowledge' | 'feedback' }) {
  const describe = useDeadlineText(kind);
  const color = deadlineColor(deadline.state);
  const urgent = deadline.state === 'overdue' || deadline.state === 'due_soon';
  return (
    <Stack gap={0}>
      <Text size="sm" fw={urgent ? 700 : undefined} c={urgent ? `${color}.9` : undefined}>
        <Day day={deadline.dueOn} />
      </Text>
      <Text size="xs" c={color ? `${color}.9` : 'dimmed'} fw={urgent ? 600 : undefined}>
        {describe(deadline)}
      </Text>
    </Stack>
  );
}

export { Loading } from '../components/PageSkeleton.tsx';

/** A failed load: what to do next (web/components/ErrorNotice.tsx), or `notFound` for a 404, and a way back. */
export function LoadError({
  error,
  title,
  notFound,
  back,
}: {
  error: Error;
  title: string;
  notFound: string;
  back: { to: string; label: string };
}) {
  return (
    <>
      <HiddenPageTitle>{title}</HiddenPageTitle>
      <ErrorNotice error={error} title={title} notFound={notFound} back={back} maw={640} />
    </>
  );
}

/** "← Inbox" above a page's title. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Text component={Link} to={to} size="sm" c="blue.8" style={{ alignSelf: 'flex-start' }}>
      <span aria-hidden="true">← </span>
      {label}
    </Text>
  );
}
