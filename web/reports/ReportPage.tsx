import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { goneTombstone } from '../api/deletion.ts';
import { loadedNotices, useMarkNotificationsRead, useNotifications } from '../api/notifications.ts';
import { attachmentUrl, type ReportDetail, useReport } from '../api/reports.ts';
import { AttachmentThumbnail, isImageType } from '../components/AttachmentThumbnail.tsx';
import { FactsCard } from '../components/FactsCard.tsx';
import { PageLayout, useWideLayout } from '../components/PageLayout.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { DeletedNotice } from '../deletion/DeletedNotice.tsx';
import { DeletionActions } from '../deletion/DeletionActions.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { AnswersView } from './AnswersView.tsx';
import { AcknowledgeBy } from './DangerDeadline.tsx';
import { DialogueThread } from './DialogueThread.tsx';
import { ageInDays, feedbackDeadline, localDay } from './deadlines.ts';
import { formatBytes } from './format.ts';
import { HandOverHistory, UnreadableNotice } from './HandOverHistory.tsx';
import {
  AwaitingReplyBadge,
  BackLink,
  DangerBadge,
  Day,
  DayWithAge,
  DeadlineView,
  LoadError,
  Loading,
  StatusBadge,
} from './ReportBits.tsx';
import { type ActionNotice, TriageActions } from './TriageActions.tsx';

/**
 * `/reports/:id`: one report with its answers, attachments, dialogue and the triage steps; on a wide screen
 * its details stand in a side column beside them.
 */
export function ReportPage() {
  const { id = '' } = useParams();
  // Keyed by id: a notice about one report must not stay on the next.
  return <RequireArea area="inbox">{() => <Report key={id} id={id} />}</RequireArea>;
}

function Report({ id }: { id: string }) {
  const { t } = useTranslation();
  const report = useReport(id);
  const [notice, setNotice] = useState<ActionNotice | undefined>();
  useMarkNoticesRead(id);
  const wide = useWideLayout();

  if (report.isPending) return <Loading label={t('reports.report.loading')} />;
  const gone = goneTombstone(report.error);
  if (gone)
    return (
      <Stack gap="md">
        <BackLink to="/inbox" label={t('reports.report.back')} />
        <DeletedNotice
          type="report"
          tombstone={gone}
          back={{ to: '/inbox', label: t('reports.report.back') }}
        />
      </Stack>
    );
  if (report.isError)
    return (
      <Stack gap="md">
        <BackLink to="/inbox" label={t('reports.report.back')} />
        <LoadError
          error={report.error}
          title={t('reports.report.errorTitle')}
          notFound={t('reports.report.notFound')}
          back={{ to: '/inbox', label: t('reports.report.back') }}
        />
      </Stack>
    );
  const detail = report.data;

  return (
    <PageLayout
      header={
        <>
          <BackLink to="/inbox" label={t('reports.report.back')} />
          <Stack gap="xs">
            <Group gap="sm" align="center" wrap="wrap">
              <PageTitle>{detail.reference}</PageTitle>
              <StatusBadge status={detail.status} />
              {detail.dangerIndicated && <DangerBadge />}
              {detail.awaitingReply && <AwaitingReplyBadge />}
            </Group>
            <Text c="dimmed" size="sm">
              {detail.unit.name} · {t(`reports.channel.${detail.channel}`)} ·{' '}
              <DayWithAge day={detail.receivedOn} age={ageInDays(detail.receivedOn, localDay())} />
            </Text>
          </Stack>
        </>
      }
      aside={wide && <Details report={detail} labelWidth={124} />}
      asideLabel={t('reports.report.detailsHeading')}
    >
      {detail.dangerIndicated && detail.status !== 'closed' && (
        <Alert color="red" variant="filled" title={t('reports.report.dangerTitle')}>
          {t('reports.report.dangerText')}
        </Alert>
      )}
      {/* One block, so the empty status region adds no gap of its own. */}
      <DeletionActions
        type="report"
        id={detail.id}
        reference={detail.reference}
        allowed={detail.can.delete}
      />
      <div>
        <TriageActions report={detail} onDone={setNotice} />
        <div role="status">
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(undefined)} mt="md">
              <Group gap="sm">
                <Text size="sm">{notice.text}</Text>
                {notice.link && (
                  <Anchor component={Link} to={notice.link.to} size="sm" fw={600}>
                    {notice.link.label}
                  </Anchor>
                )}
              </Group>
            </Alert>
          )}
        </div>
      </div>
      {!detail.can.read && (
        <Alert
          color="gray"
          variant="light"
          title={t('reports.withheld.title')}
          data-testid="content-withheld"
        >
          {t('reports.withheld.text')}
        </Alert>
      )}
      <UnreadableNotice fields={detail.unreadableFields} />
      {!wide && <Details report={detail} />}
      {detail.can.read && detail.answers && <AnswersView form={detail.form} answers={detail.answers} />}
      {detail.can.read && <Attachments report={detail} />}
      {detail.can.read && <DialogueThread report={detail} />}
      {detail.can.read && <HandOverHistory handOvers={detail.handOvers} />}
    </PageLayout>
  );
}

/** Notices about a report are read once the report is open. */
function useMarkNoticesRead(reportId: string) {
  const { data } = useNotifications(true);
  const { mutate } = useMarkNotificationsRead();
  // The notices loaded so far: a report's notices are among the newest, where the bell shows them too.
  const unread = loadedNotices(data)
    .notifications.filter((notice) => !notice.read && notice.report?.id === reportId)
    .map((notice) => notice.id);
  const key = unread.join(',');
  useEffect(() => {
    if (key !== '') mutate(key.split(','));
  }, [key, mutate]);
}

function Details({ report, labelWidth = 180 }: { report: ReportDetail; labelWidth?: number }) {
  const { t } = useTranslation();
  const today = localDay();
  const rows: [string, ReactNode][] = [
    [t('reports.report.unit'), report.unit.name],
    [t('reports.report.channel'), t(`reports.channel.${report.channel}`)],
    [
      t('reports.report.received'),
      <DayWithAge key="received" day={report.receivedOn} age={ageInDays(report.receivedOn, today)} />,
    ],
    [t('reports.report.reporter'), <Reporter key="reporter" report={report} />],
  ];
  if (report.recordedBy) rows.push([t('reports.report.recordedBy'), report.recordedBy]);
  rows.push([
    t('reports.report.receipt'),
    report.hasReceipt ? t('reports.report.receiptIssued') : t('reports.report.receiptNone'),
  ]);
  rows.push([t('reports.deadline.acknowledgeBy'), <AcknowledgeBy key="ack" report={report} today={today} />]);
  rows.push([
    t('reports.deadline.feedbackBy'),
    <DeadlineView key="feedback" deadline={feedbackDeadline(report, today)} kind="feedback" />,
  ]);
  if (report.case)
    rows.push([
      t('reports.report.case'),
      <Anchor key="case" component={Link} to={`/cases/${report.case.id}`} ff="monospace" fw={600}>
        {report.case.reference}
      </Anchor>,
    ]);
  if (report.closedReason)
    rows.push([t('reports.report.closedReason'), t(`reports.closeReason.${report.closedReason}`)]);
  if (report.closedNote)
    rows.push([
      t('reports.report.closedNote'),
      <Text key="note" span size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {report.closedNote}
      </Text>,
    ]);

  return <FactsCard heading={t('reports.report.detailsHeading')} facts={rows} labelWidth={labelWidth} />;
}

function Reporter({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  if (!report.anonymous && !report.can.read)
    return (
      <Text span size="sm" c="dimmed">
        {t('reports.withheld.reporter')}
      </Text>
    );
  if (report.anonymous || !report.reporter)
    return (
      <Badge variant="light" color="gray" radius="sm">
        {t('reports.report.anonymous')}
      </Badge>
    );
  const { name, email, phone } = report.reporter;
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      {email && (
        <Anchor href={`mailto:${email}`} size="sm">
          {email}
        </Anchor>
      )}
      {phone && (
        <Anchor href={`tel:${phone.replace(/[^\d+]/g, '')}`} size="sm">
          {phone}
        </Anchor>
      )}
    </Stack>
  );
}

function Attachments({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('reports.report.attachmentsHeading')}
        </Title>
        {report.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reports.report.noAttachments')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {report.attachments.map((attachment) => (
              <Group component="li" key={attachment.id} gap="xs" wrap="wrap">
                {isImageType(attachment.contentType) && (
                  <AttachmentThumbnail src={attachmentUrl(report.id, attachment.id)} />
                )}
                <Anchor
                  href={attachmentUrl(report.id, attachment.id)}
                  download={attachment.fileName}
                  aria-label={t('reports.report.download', { name: attachment.fileName })}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {attachment.fileName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatBytes(attachment.byteLength, currentLanguage())} · <Day day={attachment.addedOn} />
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
