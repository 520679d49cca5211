import { Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../api/reports.ts';
import { formatDateTime, formatTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';
import { acknowledgeDeadline } from './deadlines.ts';
import { DeadlineView } from './ReportBits.tsx';

const MINUTE = 60_000;

/** The current time, again every minute: a deadline in hours counts down while the page is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE / 2);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The inbox's "acknowledge by": for a report that indicates immediate danger and that nobody has acknowledged
 * yet, the hour it must be acknowledged by (the tenant's setting) and how long is left, in red; for any other
 * report the day (DeadlineView).
 */
export function AcknowledgeBy({ report, today }: { report: InboxItem; today: string }) {
  if (!report.dangerAcknowledgeDueAt)
    return <DeadlineView deadline={acknowledgeDeadline(report, today)} kind="acknowledge" />;
  return <DangerDeadline dueAt={report.dangerAcknowledgeDueAt} escalatedOn={report.dangerEscalatedOn} />;
}

function DangerDeadline({ dueAt, escalatedOn }: { dueAt: string; escalatedOn: string | null }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const now = useMinuteClock();
  const due = Date.parse(dueAt);
  const left = due - now;
  const minutes = Math.max(1, Math.ceil(Math.abs(left) / MINUTE));
  const duration =
    minutes < 60
      ? t('reports.danger.minutes', { count: minutes })
      : t('reports.danger.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const sameDay = new Date(due).toDateString() === new Date(now).toDateString();
  return (
    <Stack gap={0} data-testid="danger-deadline">
      <Text size="sm" fw={700} c="red.9">
        <time dateTime={dueAt}>
          {sameDay ? formatTime(dueAt, language) : formatDateTime(dueAt, language)}
        </time>
      </Text>
      <Text size="xs" fw={600} c="red.9">
        {left > 0 ? t('reports.danger.dueIn', { duration }) : t('reports.danger.overdue', { duration })}
      </Text>
      {escalatedOn && (
        <Text size="xs" fw={600} c="red.9" data-testid="danger-escalated">
          {t('reports.danger.escalated')}
        </Text>
      )}
    </Stack>
  );
}
