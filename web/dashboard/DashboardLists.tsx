import { Anchor, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dashboard } from '../api/dashboard.ts';
import { useMeasureTypeName } from '../api/measures.ts';
import { formatMoment } from '../cases/case-times.ts';
import { currentLanguage, i18n } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

// The dashboard's short lists: overdue measures and tasks, assessments waiting, and the latest activity on
// the user's cases. Case references and kinds only: titles and texts are sealed and stay on the case page.

/** The case page at one of its tabs. */
export const caseTabPath = (caseId: string, tab: string) =>
  `/cases/${encodeURIComponent(caseId)}?${new URLSearchParams({ tab })}`;

function CaseLink({ caseId, reference, tab }: { caseId: string; reference: string; tab: string }) {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to={caseTabPath(caseId, tab)}
      ff="monospace"
      fw={700}
      style={{ whiteSpace: 'nowrap' }}
      aria-label={t('dashboard.lists.openCase', { reference })}
    >
      {reference}
    </Anchor>
  );
}

function ListCard({
  title,
  testId,
  empty,
  more,
  children,
}: {
  title: string;
  testId: string;
  /** Shown instead of the table when there is nothing to list. */
  empty: string | null;
  more?: string | null;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {empty ? (
          <Text size="sm" c="dimmed">
            {empty}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={360}>
            <Table verticalSpacing={6} fz="sm">
              {children}
            </Table>
          </Table.ScrollContainer>
        )}
        {more ? (
          <Text size="sm" c="dimmed">
            {more}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

const dueStyle = { color: 'var(--mantine-color-orange-9)', fontWeight: 600, whiteSpace: 'nowrap' } as const;

export function OverdueMeasures({ overdue }: { overdue: Dashboard['overdueMeasures'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const typeName = useMeasureTypeName();
  const rest = overdue.count - overdue.items.length;
  return (
    <ListCard
      title={t('dashboard.measures.title')}
      testId="list-overdue-measures"
      empty={overdue.items.length === 0 ? t('dashboard.measures.empty') : null}
      more={rest > 0 ? t('dashboard.measures.more', { count: rest }) : null}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('dashboard.lists.case')}</Table.Th>
          <Table.Th>{t('dashboard.lists.what')}</Table.Th>
          <Table.Th>{t('dashboard.lists.due')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {overdue.items.map((item) => (
          <Table.Tr key={item.measureId} data-testid="overdue-measure">
            <Table.Td>
              <CaseLink caseId={item.caseId} reference={item.reference} tab="measures" />
            </Table.Td>
            <Table.Td>
              {typeName(item.typeKey)}
              <Text size="xs" c="dimmed">
                {item.owner?.name ?? t('dashboard.lists.unassigned')}
              </Text>
            </Table.Td>
            <Table.Td style={dueStyle}>{formatDay(item.dueOn, language)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListCard>
  );
}

export function OverdueTasks({ overdue }: { overdue: Dashboard['overdueTasks'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const rest = overdue.count - overdue.items.length;
  return (
    <ListCard
      title={t('dashboard.tasks.title')}
      testId="list-overdue-tasks"
      empty={overdue.items.length === 0 ? t('dashboard.tasks.empty') : null}
      more={rest > 0 ? t('dashboard.tasks.more', { count: rest }) : null}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('dashboard.lists.case')}</Table.Th>
          <Table.Th>{t('dashboard.lists.due')}</Table.Th>
          <Table.Th>{t('dashboard.lists.who')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {overdue.items.map((item) => (
          <Table.Tr key={item.taskId} data-testid="overdue-task">
            <Table.Td>
              <CaseLink caseId={item.caseId} reference={item.reference} tab="tasks" />
            </Table.Td>
            <Table.Td style={dueStyle}>{formatDay(item.dueOn, language)}</Table.Td>
            <Table.Td>{item.assignee?.name ?? t('dashboard.lists.unassigned')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListCard>
  );
}

export function WaitingAssessments({ assessments }: { assessments: Dashboard['assessments'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const rows = [
    ...assessments.reviews.map((review) => ({
      key: `review-${review.assessmentId}`,
      caseId: review.caseId,
      reference: review.reference,
      status: review.overdue ? t('dashboard.pending.reviewOverdue') : t('dashboard.pending.review'),
      alert: review.overdue,
      when: formatDay(review.dueOn, language),
    })),
    ...assessments.pending.map((item) => ({
      key: item.assessmentId,
      caseId: item.caseId,
      reference: item.reference,
      status: t(`dashboard.pending.${item.status}`),
      alert: false,
      when: formatMoment(item.since, language),
    })),
  ];
  return (
    <ListCard
      title={t('dashboard.pending.title')}
      testId="list-assessments"
      empty={rows.length === 0 ? t('dashboard.pending.empty') : null}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('dashboard.lists.case')}</Table.Th>
          <Table.Th>{t('dashboard.lists.status')}</Table.Th>
          <Table.Th>{t('dashboard.lists.since')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Td>
              <CaseLink caseId={row.caseId} reference={row.reference} tab="assessments" />
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={row.alert ? 'orange.9' : 'gray'} radius="sm" tt="none">
                {row.status}
              </Badge>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.when}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListCard>
  );
}

/** A journal entry's kind in words (the case page's names); a kind this app does not know yet, as is. */
function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) => {
    const key = `cases.journal.kinds.${kind}`;
    return i18n.exists(key) ? t(key as ParseKeys) : kind;
  };
}

export function RecentActivity({ activity, userId }: { activity: Dashboard['activity']; userId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const kindLabel = useKindLabel();
  return (
    <ListCard
      title={t('dashboard.activity.title')}
      testId="list-activity"
      empty={activity.length === 0 ? t('dashboard.activity.empty') : null}
    >
      <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
        {t('dashboard.activity.intro')}
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('dashboard.activity.when')}</Table.Th>
          <Table.Th>{t('dashboard.lists.case')}</Table.Th>
          <Table.Th>{t('dashboard.activity.kind')}</Table.Th>
          <Table.Th>{t('dashboard.lists.who')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {activity.map((entry) => (
          <Table.Tr key={entry.entryId} data-testid="activity-entry" data-kind={entry.kind}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatMoment(entry.occurredAt, language)}</Table.Td>
            <Table.Td>
              <CaseLink caseId={entry.caseId} reference={entry.reference} tab="journal" />
            </Table.Td>
            <Table.Td>{kindLabel(entry.kind)}</Table.Td>
            <Table.Td>
              {entry.author === null
                ? t('dashboard.activity.system')
                : entry.author.id === userId
                  ? t('dashboard.activity.you')
                  : entry.author.name}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListCard>
  );
}
