import { Anchor, Badge, Group, Paper, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type DueReview, useDueReviews } from '../api/assessments.ts';
import { LevelBadge } from '../cases/CaseBadges.tsx';
import { localDayOf } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

/** How far ahead "due soon" looks. */
const SOON_DAYS = 7;

/** Where a due review is done: the case's assessments tab. */
export const caseAssessmentsPath = (caseId: string) =>
  `/cases/${encodeURIComponent(caseId)}?${new URLSearchParams({ tab: 'assessments' })}`;

/**
 * `/assessments/due`: the cases whose re-assessment is due today or overdue (by default), or due within the
 * next seven days (`?within=7`), among those the user assesses, earliest first; overdue ones stand out.
 * Each links to the case's assessments tab. The server audits each reading of the list.
 */
export function DueReviewsPage() {
  return <RequireArea area="cases">{() => <DueReviews />}</RequireArea>;
}

function DueReviews() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const soon = searchParams.get('within') === String(SOON_DAYS);
  const due = useDueReviews(soon ? SOON_DAYS : 0);
  const reviews = due.data?.reviews ?? [];
  const overdue = reviews.filter((review) => review.overdue).length;
  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <PageTitle>{t('assessments.due.title')}</PageTitle>
        <Text c="dimmed" maw={720}>
          {t('assessments.due.intro')}
        </Text>
      </Stack>
      <Switch
        label={t('assessments.due.within', { count: SOON_DAYS })}
        description={t('assessments.due.withinHelp')}
        checked={soon}
        onChange={(event) =>
          setSearchParams(event.currentTarget.checked ? { within: String(SOON_DAYS) } : {}, {
            replace: true,
          })
        }
      />
      {due.isPending ? (
        <Loading label={t('assessments.due.loading')} />
      ) : due.isError ? (
        <ErrorAlert
          error={due.error}
          title={t('assessments.due.loadError')}
          onRetry={() => void due.refetch()}
        />
      ) : reviews.length === 0 ? (
        <Paper withBorder p="md" data-testid="due-empty">
          <Text>
            {soon ? t('assessments.due.emptySoon', { count: SOON_DAYS }) : t('assessments.due.empty')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="xs">
          <Text size="sm" role="status" data-testid="due-count">
            {overdue > 0
              ? t('assessments.due.countOverdue', { count: reviews.length, overdue })
              : t('assessments.due.count', { count: reviews.length })}
          </Text>
          <DueTable reviews={reviews} />
        </Stack>
      )}
    </Stack>
  );
}

const nowrap = { whiteSpace: 'nowrap' } as const;

function DueTable({ reviews }: { reviews: readonly DueReview[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const today = localDayOf(new Date());
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label={t('assessments.due.title')} data-testid="due-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('assessments.due.case')}</Table.Th>
            <Table.Th>{t('assessments.due.level')}</Table.Th>
            <Table.Th>{t('assessments.due.dueOn')}</Table.Th>
            <Table.Th>{t('assessments.due.owner')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reviews.map((review) => (
            <Table.Tr
              key={review.assessmentId}
              data-testid="due-row"
              data-case={review.caseId}
              data-overdue={review.overdue}
              style={
                review.overdue
                  ? {
                      background: 'var(--mantine-color-orange-0)',
                      boxShadow: 'inset 4px 0 0 var(--mantine-color-orange-8)',
                    }
                  : undefined
              }
            >
              <Table.Td style={nowrap}>
                <Anchor
                  component={Link}
                  to={caseAssessmentsPath(review.caseId)}
                  ff="monospace"
                  fw={700}
                  aria-label={t('assessments.due.openCase', { reference: review.reference })}
                >
                  {review.reference}
                </Anchor>
              </Table.Td>
              <Table.Td style={nowrap}>
                <LevelBadge level={review.level} />
              </Table.Td>
              <Table.Td style={nowrap}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={review.overdue ? 700 : 400} c={review.overdue ? 'orange.9' : undefined}>
                    {formatDay(review.dueOn, language)}
                  </Text>
                  {review.overdue ? (
                    <Badge color="orange.9" variant="filled" radius="sm" tt="none" data-testid="due-overdue">
                      {t('assessments.due.overdue')}
                    </Badge>
                  ) : review.dueOn === today ? (
                    <Badge color="orange.9" variant="outline" radius="sm" tt="none">
                      {t('assessments.due.today')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                {review.owner ? (
                  <Text size="sm">{review.owner.name}</Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    <span aria-hidden="true">–</span>
                    <VisuallyHidden>{t('assessments.due.noOwner')}</VisuallyHidden>
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
