import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/auth.ts';
import { useDashboard, useInsightAccess } from '../api/dashboard.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { NoticePage } from '../components/PageNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { DashboardCharts } from './DashboardCharts.tsx';
import { DashboardFigures } from './DashboardFigures.tsx';
import { OverdueMeasures, OverdueTasks, RecentActivity, WaitingAssessments } from './DashboardLists.tsx';

/**
 * `/dashboard`: a threat manager's work at a glance (server/modules/dashboard), over the cases and reports
 * they read: key figures, what is overdue or waiting, recent activity on their cases, and charts over the
 * last twelve months. Every figure links to where the work is done.
 */
export function DashboardPage() {
  return <RequireSignIn>{(session) => <DashboardGate session={session} />}</RequireSignIn>;
}

function DashboardGate({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const access = useInsightAccess(session);
  if (access.isPending) return <Loading label={t('dashboard.loading')} />;
  if (access.data?.dashboard === false)
    return <NoticePage title={t('dashboard.access.title')}>{t('dashboard.access.text')}</NoticePage>;
  return <DashboardView userId={session.user.id} />;
}

function DashboardView({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const dashboard = useDashboard();
  return (
    <Stack gap="lg" maw={1280}>
      <Stack gap={4}>
        <PageTitle>{t('dashboard.title')}</PageTitle>
        <Text c="dimmed" maw={760}>
          {t('dashboard.intro')}
        </Text>
        {dashboard.data ? (
          <Text size="sm" c="dimmed">
            {t('dashboard.asOf', { time: formatMoment(dashboard.data.generatedAt, language) })}
          </Text>
        ) : null}
      </Stack>
      {dashboard.isPending ? (
        <Loading label={t('dashboard.loading')} />
      ) : dashboard.isError ? (
        <ErrorAlert
          error={dashboard.error}
          title={t('dashboard.loadError')}
          onRetry={() => void dashboard.refetch()}
        />
      ) : (
        <>
          <DashboardFigures dashboard={dashboard.data} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <OverdueMeasures overdue={dashboard.data.overdueMeasures} />
            <OverdueTasks overdue={dashboard.data.overdueTasks} />
            <WaitingAssessments assessments={dashboard.data.assessments} />
            <RecentActivity activity={dashboard.data.activity} userId={userId} />
          </SimpleGrid>
          <DashboardCharts charts={dashboard.data.charts} />
        </>
      )}
    </Stack>
  );
}
