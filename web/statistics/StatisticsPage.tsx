import { Alert, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SessionInfo } from '../api/auth.ts';
import { useInsightAccess } from '../api/dashboard.ts';
import {
  type QuarterStatistics,
  recentQuarters,
  statisticsFileUrl,
  useStatistics,
} from '../api/statistics.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { NoticePage } from '../components/PageNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { BreakdownCard } from './StatisticsTables.tsx';

/**
 * `/statistics`: anonymised figures of a quarter for management (server/modules/statistics), for auditors,
 * admins and tenant-wide threat managers. `?quarter=2026-Q3` picks the quarter (the running one by default);
 * CSV and PDF download in the interface language. Counts under 5 arrive as "< 5" and are shown so.
 */
export function StatisticsPage() {
  return <RequireSignIn>{(session) => <StatisticsGate session={session} />}</RequireSignIn>;
}

function StatisticsGate({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const access = useInsightAccess(session);
  if (access.isPending) return <Loading label={t('statistics.loading')} />;
  if (access.data?.statistics === false)
    return <NoticePage title={t('statistics.access.title')}>{t('statistics.access.text')}</NoticePage>;
  return <Statistics />;
}

function Statistics() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const quarters = recentQuarters(new Date());
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('quarter');
  const quarter = quarters.find((choice) => choice.key === requested) ?? quarters[0];
  const key = quarter?.key ?? '';
  const statistics = useStatistics(key, language);
  return (
    <Stack gap="lg" maw={1120}>
      <Stack gap={4}>
        <PageTitle>{t('statistics.title')}</PageTitle>
        <Text c="dimmed" maw={760}>
          {t('statistics.intro')}
        </Text>
      </Stack>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label={t('statistics.quarter')}
          data={quarters.map((choice) => ({
            value: choice.key,
            label: choice.running
              ? t('statistics.running', { quarter: choice.key })
              : t('statistics.quarterOption', {
                  quarter: choice.key,
                  from: formatDay(choice.firstDay, language),
                  to: formatDay(choice.lastDay, language),
                }),
          }))}
          value={key}
          onChange={(value) => value && setSearchParams({ quarter: value }, { replace: true })}
          allowDeselect={false}
          w={340}
          data-testid="quarter-select"
        />
        <Group gap="xs" role="group" aria-label={t('statistics.downloads')}>
          <Button
            component="a"
            href={statisticsFileUrl('csv', key, language)}
            download
            variant="default"
            aria-label={t('statistics.downloadCsvLabel', { quarter: key })}
            data-testid="download-csv"
          >
            {t('statistics.downloadCsv')}
          </Button>
          <Button
            component="a"
            href={statisticsFileUrl('pdf', key, language)}
            download
            variant="default"
            aria-label={t('statistics.downloadPdfLabel', { quarter: key })}
            data-testid="download-pdf"
          >
            {t('statistics.downloadPdf')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed" pb={8}>
          {t('statistics.downloadNote')}
        </Text>
      </Group>
      {statistics.isPending ? (
        <Loading label={t('statistics.loading')} />
      ) : statistics.isError ? (
        <ErrorAlert
          error={statistics.error}
          title={t('statistics.loadError')}
          onRetry={() => void statistics.refetch()}
        />
      ) : (
        <Figures statistics={statistics.data} />
      )}
    </Stack>
  );
}

function Figures({ statistics }: { statistics: QuarterStatistics }) {
  const { t } = useTranslation();
  const language = statistics.language;
  const median = statistics.cases.medianDaysToFirstAssessment;
  return (
    <Stack gap="xl" data-testid="statistics" data-quarter={statistics.quarter}>
      {statistics.complete ? null : (
        <Alert color="yellow" variant="light" data-testid="provisional">
          {t('statistics.provisional')}
        </Alert>
      )}
      <Paper withBorder p="sm" bg="gray.0">
        <Text size="sm" fw={600}>
          {t('statistics.legendTitle')}
        </Text>
        <List size="sm" spacing={2}>
          <List.Item>{t('statistics.legend.small')}</List.Item>
          <List.Item>{t('statistics.legend.withheld')}</List.Item>
          <List.Item>{t('statistics.legend.zero')}</List.Item>
        </List>
      </Paper>
      <Section title={t('statistics.sections.reports')} note={t('statistics.sections.reportsNote')}>
        <BreakdownCard
          title={t('statistics.sections.byChannel')}
          table={statistics.reports.byChannel}
          language={language}
          testId="reports-by-channel"
          chart
        />
        <BreakdownCard
          title={t('statistics.sections.byAnonymity')}
          table={statistics.reports.byAnonymity}
          language={language}
          testId="reports-by-anonymity"
        />
      </Section>
      <Section title={t('statistics.sections.cases')} note={t('statistics.sections.casesNote')}>
        <BreakdownCard
          title={t('statistics.sections.byCategory')}
          table={statistics.cases.byCategory}
          language={language}
          testId="cases-by-category"
        />
        <Stack gap="md">
          <BreakdownCard
            title={t('statistics.sections.byLevel')}
            table={statistics.cases.byLevel}
            language={language}
            testId="cases-by-level"
            chart
          />
          <Paper withBorder p="md" data-testid="first-assessment">
            <Title order={3} size="h4" mb={4}>
              {t('statistics.sections.firstAssessment')}
            </Title>
            <Text size="sm">
              {median === null
                ? t('statistics.sections.firstAssessmentWithheld')
                : t('statistics.sections.firstAssessmentValue', {
                    days: new Intl.NumberFormat(language).format(median),
                  })}
            </Text>
          </Paper>
        </Stack>
      </Section>
      <Section title={t('statistics.sections.measures')} note={t('statistics.sections.measuresNote')}>
        <BreakdownCard
          title={t('statistics.sections.byType')}
          table={statistics.measures.byType}
          language={language}
          testId="measures-by-type"
        />
        <BreakdownCard
          title={t('statistics.sections.byOutcome')}
          table={statistics.measures.byOutcome}
          language={language}
          testId="measures-by-outcome"
          chart
        />
      </Section>
    </Stack>
  );
}

function Section({ title, note, children }: { title: string; note: string; children: ReactNode }) {
  return (
    <section>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {note}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {children}
        </SimpleGrid>
      </Stack>
    </section>
  );
}
