import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dashboard } from '../api/dashboard.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { LEVEL_SERIES } from './DashboardCharts.tsx';

// The dashboard's key figures: open cases by level, reports awaiting triage, assessments and reviews due,
// what is overdue. Each links to where the work is done.

function FigureCard({
  title,
  value,
  testId,
  tone,
  children,
}: {
  title: string;
  value: number;
  testId: string;
  tone?: 'alert';
  children?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId} data-value={value}>
      <Stack gap={6}>
        <Title order={3} size="h5" c="dimmed" fw={600}>
          {title}
        </Title>
        <Text fz={32} fw={700} lh={1.1} c={tone === 'alert' && value > 0 ? 'orange.9' : undefined}>
          {value}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

const levelColor: Record<string, string> = {
  L1: 'teal',
  L2: 'yellow',
  L3: 'orange',
  L4: 'red.9',
  notAssessed: 'gray',
};

/** How many open cases have a level, linking to the case list filtered by it. */
function LevelCount({
  name,
  level,
  count,
}: {
  name: (typeof LEVEL_SERIES)[number]['name'];
  level: number | null;
  count: number;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const badge = (
    <Badge
      variant={name === 'L4' ? 'filled' : 'light'}
      color={levelColor[name]}
      radius="sm"
      tt="none"
      data-testid={`open-cases-${name}`}
      data-value={count}
    >
      <VisuallyHidden>{t('dashboard.openCases.level', { level: levelText(level), count })}</VisuallyHidden>
      <span aria-hidden="true">
        {level === null ? t('cases.level.notAssessed') : `L${level}`} {count}
      </span>
    </Badge>
  );
  if (level === null) return badge;
  return (
    <Anchor component={Link} to={`/cases?level=${level}`} underline="never">
      {badge}
    </Anchor>
  );
}

export function DashboardFigures({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { openCases, reports, assessments } = dashboard;
  // L1 to L4, then the cases not assessed yet.
  const levels = [
    ...LEVEL_SERIES.filter((entry) => entry.level !== null).reverse(),
    ...LEVEL_SERIES.filter((entry) => entry.level === null),
  ];
  return (
    <section aria-labelledby="dashboard-figures">
      <VisuallyHidden>
        <h2 id="dashboard-figures">{t('dashboard.figuresLabel')}</h2>
      </VisuallyHidden>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <FigureCard title={t('dashboard.openCases.title')} value={openCases.total} testId="figure-open-cases">
          <Group gap={6}>
            {levels.map((entry) => (
              <LevelCount
                key={entry.name}
                name={entry.name}
                level={entry.level}
                count={openCases.byLevel[entry.name]}
              />
            ))}
          </Group>
          <Anchor component={Link} to="/cases" size="sm">
            {t('dashboard.openCases.link')}
          </Anchor>
        </FigureCard>
        <FigureCard
          title={t('dashboard.triage.title')}
          value={reports.awaitingTriage}
          testId="figure-triage"
          tone="alert"
        >
          {reports.dangerIndicated > 0 ? (
            <Text size="sm" c="red.9" fw={600}>
              {t('dashboard.triage.danger', { count: reports.dangerIndicated })}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            {reports.oldestReceivedOn
              ? t('dashboard.triage.oldest', { date: formatDay(reports.oldestReceivedOn, language) })
              : t('dashboard.triage.none')}
          </Text>
          <Anchor component={Link} to="/inbox" size="sm">
            {t('dashboard.triage.link')}
          </Anchor>
        </FigureCard>
        <FigureCard
          title={t('dashboard.assessments.reviewsDue')}
          value={assessments.reviewsDue}
          testId="figure-reviews"
          tone="alert"
        >
          {assessments.reviewsOverdue > 0 ? (
            <Text size="sm" c="orange.9" fw={600}>
              {t('dashboard.assessments.overdue', { count: assessments.reviewsOverdue })}
            </Text>
          ) : null}
          <Text size="sm" data-testid="figure-assessments-pending">
            {t('dashboard.assessments.drafts')}: {assessments.drafts} ·{' '}
            {t('dashboard.assessments.awaitingSignOff')}: {assessments.awaitingSignOff}
          </Text>
          <Anchor component={Link} to="/assessments/due" size="sm">
            {t('dashboard.assessments.link')}
          </Anchor>
        </FigureCard>
        <FigureCard
          title={t('dashboard.measures.title')}
          value={dashboard.overdueMeasures.count}
          testId="figure-overdue-measures"
          tone="alert"
        >
          <Group gap={6} data-testid="figure-overdue-tasks" data-value={dashboard.overdueTasks.count}>
            <Text size="sm">{t('dashboard.tasks.title')}:</Text>
            <Text size="sm" fw={700} c={dashboard.overdueTasks.count > 0 ? 'orange.9' : undefined}>
              {dashboard.overdueTasks.count}
            </Text>
          </Group>
        </FigureCard>
      </SimpleGrid>
    </section>
  );
}
