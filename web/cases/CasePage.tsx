import { Alert, Group, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useCaseAssessments, useMayTakePart } from '../api/assessments.ts';
import { useSession } from '../api/auth.ts';
import { type CaseDetail, useCase } from '../api/cases.ts';
import { goneTombstone } from '../api/deletion.ts';
import { usesInbox } from '../api/reports.ts';
import { CaseAssessmentsTab } from '../assessments/CaseAssessmentsTab.tsx';
import { PAGE_MAX_WIDTH, PageLayout, useWideLayout } from '../components/PageLayout.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { DeletedNotice } from '../deletion/DeletedNotice.tsx';
import { DeletionActions } from '../deletion/DeletionActions.tsx';
import { CaseMeasuresTab } from '../measures/CaseMeasuresTab.tsx';
import { UnreadableNotice } from '../reports/HandOverHistory.tsx';
import { BackLink, LoadError } from '../reports/ReportBits.tsx';
import { LegalHoldAction, LegalHoldNotice } from '../retention/LegalHold.tsx';
import { CaseStatusBadge, LevelBadge } from './CaseBadges.tsx';
import { CaseCommentsTab } from './CaseCommentsTab.tsx';
import { CaseDocumentsTab } from './CaseDocumentsTab.tsx';
import { CaseHandOver } from './CaseHandOver.tsx';
import { CaseJournalTab } from './CaseJournalTab.tsx';
import { CaseFacts, CaseOverviewTab } from './CaseOverviewTab.tsx';
import { CasePersonsTab } from './CasePersonsTab.tsx';
import { CaseReportExport } from './CaseReportDialog.tsx';
import { CaseReportsTab } from './CaseReportsTab.tsx';
import { CaseTasksTab } from './CaseTasksTab.tsx';
import { CaseTeamTab } from './CaseTeamTab.tsx';
import { CaseViewersPanel } from './CaseViewersPanel.tsx';
import { useCaseLiveUpdates } from './useCaseLiveUpdates.ts';

/**
 * `/cases/:id`: the case file in tabs – overview (details, status, summary), reports (with the dialogues and
 * hand-overs), persons, assessments (for those who take part in them), measures, documents, journal,
 * comments, tasks and team; `?tab=` names the open one. The server decides who sees the case (its unit's threat managers,
 * its team, admins its metadata) and sends what the user may do with it (`can`); the page shows only that. What others change while the page is open shows without a
 * reload (useCaseLiveUpdates).
 */
export function CasePage() {
  const { id = '' } = useParams();
  return <RequireArea area="cases">{() => <Case key={id} id={id} />}</RequireArea>;
}

const caseTabs = [
  'overview',
  'reports',
  'persons',
  'assessments',
  'measures',
  'documents',
  'journal',
  'comments',
  'tasks',
  'team',
] as const;
/** The tabs of the case's content, for whoever reads it (not for metadata-only readers). */
const contentTabs: readonly CaseTab[] = [
  'persons',
  'assessments',
  'measures',
  'documents',
  'journal',
  'comments',
  'tasks',
];
type CaseTab = (typeof caseTabs)[number];
const isCaseTab = (value: unknown): value is CaseTab =>
  typeof value === 'string' && (caseTabs as readonly string[]).includes(value);

function Case({ id }: { id: string }) {
  const { t } = useTranslation();
  const found = useCase(id);
  const { revoked } = useCaseLiveUpdates(id, found.isSuccess);
  // On a wide screen the case's facts stand beside its tabs; on a narrower one, in the overview tab.
  const wide = useWideLayout();
  if (found.isPending) return <Loading label={t('cases.page.loading')} />;
  const gone = goneTombstone(found.error);
  if (gone)
    return (
      <DeletedNotice type="case" tombstone={gone} back={{ to: '/cases', label: t('deletion.cases.title') }} />
    );
  if (found.isError && revoked)
    return (
      <Stack gap="lg" maw={PAGE_MAX_WIDTH}>
        <BackLink to="/cases" label={t('cases.page.back')} />
        <RevokedNotice />
      </Stack>
    );
  if (found.isError)
    return (
      <LoadError
        error={found.error}
        title={t('cases.page.errorTitle')}
        notFound={t('cases.page.notFound')}
        back={{ to: '/cases', label: t('cases.page.back') }}
      />
    );
  const detail = found.data;
  return (
    <PageLayout
      header={
        <>
          <BackLink to="/cases" label={t('cases.page.back')} />
          {revoked && <RevokedNotice />}
          <CaseHeader detail={detail} />
        </>
      }
      aside={wide && <CaseFacts detail={detail} labelWidth={110} />}
      asideLabel={t('shell.details')}
    >
      <Group gap="sm">
        {detail.can.read && <CaseReportExport detail={detail} />}
        {detail.can.hand_over && <CaseHandOver detail={detail} />}
        <LegalHoldAction detail={detail} />
        <DeletionActions
          type="case"
          id={detail.id}
          reference={detail.reference}
          allowed={detail.can.delete}
        />
      </Group>
      <LegalHoldNotice detail={detail} />
      {!detail.can.read && (
        <Alert color="gray" variant="light" title={t('cases.withheld.title')} data-testid="content-withheld">
          {t('cases.withheld.text')}
        </Alert>
      )}
      <UnreadableNotice fields={detail.unreadableFields} />
      <CaseTabs detail={detail} factsBeside={wide} />
    </PageLayout>
  );
}

/** The user's access ended while the page was open: the case is loaded again and shows as not found. */
function RevokedNotice() {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('cases.live.revokedTitle')}
      role="alert"
      data-testid="case-revoked"
    >
      {t('cases.live.revoked')}
    </Alert>
  );
}

function CaseHeader({ detail }: { detail: CaseDetail }) {
  return (
    <Stack gap="xs">
      <Group gap="sm" align="center" wrap="wrap">
        <PageTitle>{detail.reference}</PageTitle>
        <CaseStatusBadge status={detail.status} />
        {detail.can.read && <LevelBadge level={detail.level} />}
      </Group>
      {detail.title !== null && (
        <Text size="lg" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {detail.title}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The case file's tabs; persons, documents, journal, comments and tasks only for whoever reads the case's
 * content.
 */
function CaseTabs({ detail, factsBeside }: { detail: CaseDetail; factsBeside: boolean }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  // The assessments only for whoever takes part in them: the server answers their list to them alone.
  const { data: session } = useSession();
  const mayTakePart = useMayTakePart(session);
  const assessments = useCaseAssessments(detail.id, detail.can.read && mayTakePart);
  const shown = caseTabs.filter(
    (tab) =>
      (detail.can.read || !contentTabs.includes(tab)) && (tab !== 'assessments' || assessments.isSuccess),
  );
  // Experts do not see the reports: no count that would read as "none".
  const countReports = usesInbox(session);
  const requested = searchParams.get('tab');
  const tab: CaseTab = isCaseTab(requested) && shown.includes(requested) ? requested : 'overview';
  return (
    <Tabs
      value={tab}
      onChange={(value) => {
        if (isCaseTab(value)) setSearchParams(value === 'overview' ? {} : { tab: value }, { replace: true });
      }}
      keepMounted={false}
    >
      <Tabs.List aria-label={t('cases.page.tabsLabel')}>
        {shown.map((option) => (
          <Tabs.Tab key={option} value={option}>
            {t(`cases.tabs.${option}`)}
            {option === 'reports' && countReports && ` (${detail.reports.length})`}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="overview" pt="lg">
        <CaseOverviewTab detail={detail} withFacts={!factsBeside} />
      </Tabs.Panel>
      <Tabs.Panel value="reports" pt="lg">
        <CaseReportsTab detail={detail} />
      </Tabs.Panel>
      {detail.can.read && (
        <Tabs.Panel value="persons" pt="lg">
          <CasePersonsTab detail={detail} />
        </Tabs.Panel>
      )}
      {assessments.isSuccess && (
        <Tabs.Panel value="assessments" pt="lg">
          <CaseAssessmentsTab detail={detail} />
        </Tabs.Panel>
      )}
      {detail.can.read && (
        <Tabs.Panel value="measures" pt="lg">
          <CaseMeasuresTab detail={detail} />
        </Tabs.Panel>
      )}
      {detail.can.read && (
        <Tabs.Panel value="documents" pt="lg">
          <CaseDocumentsTab detail={detail} />
        </Tabs.Panel>
      )}
      {detail.can.read && (
        <Tabs.Panel value="journal" pt="lg">
          <CaseJournalTab detail={detail} />
        </Tabs.Panel>
      )}
      {detail.can.read && (
        <Tabs.Panel value="comments" pt="lg">
          <CaseCommentsTab detail={detail} />
        </Tabs.Panel>
      )}
      {detail.can.read && (
        <Tabs.Panel value="tasks" pt="lg">
          <CaseTasksTab detail={detail} />
        </Tabs.Panel>
      )}
      <Tabs.Panel value="team" pt="lg">
        <CaseTeamTab detail={detail} />
        <CaseViewersPanel detail={detail} />
      </Tabs.Panel>
    </Tabs>
  );
}
