import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DashboardCharts as Charts } from '../api/dashboard.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { ChartFigure, formatMonth } from './ChartFigure.tsx';

// The dashboard's three charts, each with its figures as a table for screen readers (ChartFigure).

export const LEVEL_SERIES = [
  { name: 'L4', level: 4, color: 'red.8' },
  { name: 'L3', level: 3, color: 'orange.6' },
  { name: 'L2', level: 2, color: 'yellow.5' },
  { name: 'L1', level: 1, color: 'teal.6' },
  { name: 'notAssessed', level: null, color: 'gray.5' },
] as const;

const OUTCOMES = ['effective', 'partly_effective', 'not_effective', 'too_early', 'cancelled'] as const;

const number = (value: number, language: 'de' | 'en') =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);

export function DashboardCharts({ charts }: { charts: Charts }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('dashboard.charts.title')}
      </Title>
      <CasesByLevelChart points={charts.casesByLevel} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TimeToTriageChart points={charts.timeToTriage} />
        <MeasureOutcomesChart outcomes={charts.measureOutcomes} />
      </SimpleGrid>
    </Stack>
  );
}

function CasesByLevelChart({ points }: { points: Charts['casesByLevel'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const levelText = useLevelText();
  const series = LEVEL_SERIES.map((entry) => ({ ...entry, label: levelText(entry.level) }));
  const data = points.map((point) => ({ ...point, label: formatMonth(point.month, language) }));
  const now = points.at(-1);
  const total = now ? series.reduce((sum, entry) => sum + now[entry.name], 0) : 0;
  return (
    <ChartFigure
      testId="chart-cases-by-level"
      title={t('dashboard.charts.casesByLevel.title')}
      description={t('dashboard.charts.casesByLevel.description')}
      summary={t('dashboard.charts.casesByLevel.summary', {
        count: total,
        levels: series.map((entry) => `${entry.label} ${now?.[entry.name] ?? 0}`).join(', '),
      })}
      table={{
        columns: [t('dashboard.charts.month'), ...series.map((entry) => entry.label)],
        rows: data.map((point) => ({
          key: point.month,
          cells: [point.label, ...series.map((entry) => point[entry.name])],
        })),
      }}
    >
      <BarChart
        h={280}
        data={data}
        dataKey="label"
        type="stacked"
        series={series.map(({ name, label, color }) => ({ name, label, color }))}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        accessibilityLayer={false}
        tooltipAnimationDuration={0}
        yAxisProps={{ allowDecimals: false, width: 32 }}
        maxBarWidth={36}
      />
    </ChartFigure>
  );
}

function TimeToTriageChart({ points }: { points: Charts['timeToTriage'] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const data = points.map((point) => ({ ...point, label: formatMonth(point.month, language) }));
  const latest = [...points].reverse().find((point) => point.medianDays !== null);
  return (
    <ChartFigure
      testId="chart-time-to-triage"
      title={t('dashboard.charts.timeToTriage.title')}
      description={t('dashboard.charts.timeToTriage.description')}
      summary={
        latest && latest.medianDays !== null
          ? t('dashboard.charts.timeToTriage.summary', {
              month: formatMonth(latest.month, language),
              days: number(latest.medianDays, language),
              count: latest.triaged,
            })
          : t('dashboard.charts.timeToTriage.summaryNone')
      }
      table={{
        columns: [
          t('dashboard.charts.month'),
          t('dashboard.charts.timeToTriage.median'),
          t('dashboard.charts.timeToTriage.triaged'),
        ],
        rows: data.map((point) => ({
          key: point.month,
          cells: [
            point.label,
            point.medianDays === null
              ? t('dashboard.charts.timeToTriage.none')
              : number(point.medianDays, language),
            point.triaged,
          ],
        })),
      }}
    >
      <LineChart
        h={220}
        data={data}
        dataKey="label"
        series={[{ name: 'medianDays', label: t('dashboard.charts.timeToTriage.median'), color: 'blue.6' }]}
        curveType="linear"
        dotProps={{ r: 4 }}
        accessibilityLayer={false}
        tooltipAnimationDuration={0}
        valueFormatter={(value) => number(value, language)}
        yAxisProps={{ width: 32, allowDecimals: false }}
      />
    </ChartFigure>
  );
}

function MeasureOutcomesChart({ outcomes }: { outcomes: Charts['measureOutcomes'] }) {
  const { t } = useTranslation();
  const data = OUTCOMES.map((outcome) => ({
    outcome: t(`dashboard.charts.measureOutcomes.outcomes.${outcome}`),
    count: outcomes[outcome],
  }));
  const total = data.reduce((sum, row) => sum + row.count, 0);
  return (
    <ChartFigure
      testId="chart-measure-outcomes"
      title={t('dashboard.charts.measureOutcomes.title')}
      description={t('dashboard.charts.measureOutcomes.description')}
      summary={t('dashboard.charts.measureOutcomes.summary', { count: total })}
      table={{
        columns: [t('dashboard.charts.measureOutcomes.outcome'), t('dashboard.charts.measureOutcomes.count')],
        rows: data.map((row) => ({ key: row.outcome, cells: [row.outcome, row.count] })),
      }}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="outcome"
        orientation="vertical"
        series={[{ name: 'count', label: t('dashboard.charts.measureOutcomes.count'), color: 'violet.6' }]}
        accessibilityLayer={false}
        tooltipAnimationDuration={0}
        yAxisProps={{ width: 140 }}
        xAxisProps={{ allowDecimals: false }}
        gridAxis="y"
      />
    </ChartFigure>
  );
}
