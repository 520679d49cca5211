import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../api/auth.ts';
import type { CaseDetail } from '../api/cases.ts';
import { useReport, usesInbox } from '../api/reports.ts';
import { DialogueThread } from '../reports/DialogueThread.tsx';
import { HandOverHistory } from '../reports/HandOverHistory.tsx';
import { Day } from '../reports/ReportBits.tsx';

/** The reports the case came from, the dialogue with each reporter, and the case's hand-overs. */
export function CaseReportsTab({ detail }: { detail: CaseDetail }) {
  return (
    <Stack gap="lg">
      <LinkedReports detail={detail} />
      {detail.can.read && <HandOverHistory handOvers={detail.handOvers} />}
      {detail.can.read &&
        detail.reports.map((report) => (
          <ReportDialogue key={report.id} reportId={report.id} reference={report.reference} />
        ))}
    </Stack>
  );
}

function LinkedReports({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  // An expert on the team does not see the reports (need-to-know): "none linked" would not be true.
  const { data: session } = useSession();
  const empty = usesInbox(session) ? 'cases.reports.empty' : 'cases.reports.notShown';
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('cases.reports.heading')}
        </Title>
        {detail.reports.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t(empty)}
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
  return <DialogueThread report={report.data} heading={t('cases.reports.dialogueHeading', { reference })} />;
}
