import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type CaseDetail, useCase, useCaseHandOver } from '../api/cases.ts';
import { goneTombstone } from '../api/deletion.ts';
import { useReport } from '../api/reports.ts';
import { FactsCard } from '../components/FactsCard.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { DeletedNotice } from '../deletion/DeletedNotice.tsx';
import { DeletionActions } from '../deletion/DeletionActions.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { DialogueThread } from '../reports/DialogueThread.tsx';
import { HandOverHistory, UnreadableNotice } from '../reports/HandOverHistory.tsx';
import { BackLink, Day, LoadError, Loading } from '../reports/ReportBits.tsx';
import { UnitHandOverDialog } from '../reports/TriageActions.tsx';

/**
 * `/cases/:id`: the case's reference, title, status, unit, owner and its reports (the case file comes later).
 * The server decides who sees the case (its unit's threat managers, its team, admins its metadata) and
 * sends what the user may do with it (`can`); the page shows only that.
 */
export function CasePage() {
  const { id = '' } = useParams();
  return <RequireArea area="cases">{() => <Case key={id} id={id} />}</RequireArea>;
}

function Case({ id }: { id: string }) {
  const { t } = useTranslation();
  const found = useCase(id);
  if (found.isPending) return <Loading label={t('reports.case.loading')} />;
  const gone = goneTombstone(found.error);
  if (gone)
    return (
      <DeletedNotice type="case" tombstone={gone} back={{ to: '/cases', label: t('deletion.cases.title') }} />
    );
  if (found.isError)
    return (
      <LoadError
        error={found.error}
        title={t('reports.case.errorTitle')}
        notFound={t('reports.case.notFound')}
        back={{ to: '/inbox', label: t('reports.case.back') }}
      />
    );
  const detail = found.data;
  return (
    <Stack gap="lg" maw={820}>
      <BackLink to="/inbox" label={t('reports.case.back')} />
      <Stack gap="xs">
        <Group gap="sm" align="center" wrap="wrap">
          <PageTitle>{detail.reference}</PageTitle>
          <Badge variant="light" radius="sm" color={detail.status === 'closed' ? 'gray' : 'violet'}>
            {t(`reports.case.statuses.${detail.status}`)}
          </Badge>
        </Group>
        {detail.title !== null && (
          <Text size="lg" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {detail.title}
          </Text>
        )}
      </Stack>
      <Group>
        {detail.can.hand_over && <CaseHandOver detail={detail} />}
        <DeletionActions
          type="case"
          id={detail.id}
          reference={detail.reference}
          allowed={detail.can.delete}
        />
      </Group>
      {!detail.can.read && (
        <Alert
          color="gray"
          variant="light"
          title={t('reports.withheld.title')}
          data-testid="content-withheld"
        >
          {t('reports.withheld.caseText')}
        </Alert>
      )}
      <UnreadableNotice fields={detail.unreadableFields} />
      <CaseDetails detail={detail} />
      <LinkedReports detail={detail} />
      {detail.can.read && <HandOverHistory handOvers={detail.handOvers} />}
      {detail.can.read &&
        detail.reports.map((report) => (
          <ReportDialogue key={report.id} reportId={report.id} reference={report.reference} />
        ))}
      <Text size="sm" c="dimmed">
        {t('reports.case.laterNotice')}
      </Text>
    </Stack>
  );
}

function CaseDetails({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const opened = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(
    new Date(detail.createdAt),
  );
  const rows: [string, string][] = [
    [t('reports.case.title'), detail.title ?? t('reports.withheld.short')],
    [t('reports.case.status'), t(`reports.case.statuses.${detail.status}`)],
    [t('reports.case.unit'), detail.unit.name],
    [t('reports.case.owner'), detail.owner?.name ?? t('reports.case.noOwner')],
    [t('reports.case.opened'), opened],
  ];
  return <FactsCard heading={t('reports.case.detailsHeading')} facts={rows} />;
}

function LinkedReports({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('reports.case.reportsHeading')}
        </Title>
        {detail.reports.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reports.case.noReports')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {detail.reports.map((report) => (
              <Group component="li" key={report.id} gap="sm">
                <Anchor component={Link} to={`/reports/${report.id}`} ff="monospace" fw={700}>
                  {report.reference}
                </Anchor>
                <Text size="sm" c="dimmed">
                  <Day day={report.receivedOn} />
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The dialogue with the reporter of one of the case's reports: the team reads and answers it on the case too. */
function ReportDialogue({ reportId, reference }: { reportId: string; reference: string }) {
  const { t } = useTranslation();
  const report = useReport(reportId);
  if (!report.data?.hasReceipt || !report.data.can.read) return null;
  return <DialogueThread report={report.data} heading={t('reports.case.dialogueHeading', { reference })} />;
}

/** Hand the case to another unit's team; afterwards the case page or, when out of sight, the inbox. */
function CaseHandOver({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const handOver = useCaseHandOver(detail.id);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('reports.actions.handOver')}
      </Button>
      {open && (
        <UnitHandOverDialog
          currentUnitId={detail.unit.id}
          intro={t('reports.actions.caseHandOverIntro')}
          pending={handOver.isPending}
          error={handOver.error}
          onClose={() => setOpen(false)}
          onSubmit={(unitId, reason) =>
            handOver.mutate(
              { unitId, reason },
              {
                onSuccess: (moved) => {
                  setOpen(false);
                  if (!moved) void navigate('/inbox');
                },
              },
            )
          }
        />
      )}
    </>
  );
}
