import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, type DialogueMessage, type ReportDetail, useReply } from '../api/reports.ts';
import { AttachmentThumbnail, isImageType } from '../components/AttachmentThumbnail.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatBytes } from './format.ts';
import { Day } from './ReportBits.tsx';

/** The messages between the team and the reporter, oldest first, and the box to reply. */
export function DialogueThread({ report, heading }: { report: ReportDetail; heading?: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {heading ?? t('reports.dialogue.heading')}
        </Title>
        {report.messages.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('reports.dialogue.empty')}
          </Text>
        ) : (
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
            {report.messages.map((message) => (
              <MessageItem key={message.id} message={message} reportId={report.id} />
            ))}
          </Stack>
        )}
        {!report.hasReceipt ? (
          <Alert color="gray" variant="light" title={t('reports.dialogue.noReceiptTitle')}>
            {t('reports.dialogue.noReceipt')}
          </Alert>
        ) : (
          report.can.reply && <ReplyBox reportId={report.id} />
        )}
      </Stack>
    </Paper>
  );
}

function MessageItem({ message, reportId }: { message: DialogueMessage; reportId: string }) {
  const { t } = useTranslation();
  const team = message.author === 'team';
  const author = team
    ? message.authorName
      ? t('reports.dialogue.teamMember', { name: message.authorName })
      : t('reports.dialogue.team')
    : t('reports.dialogue.reporter');
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      bg={team ? 'blue.0' : 'gray.0'}
      ml={team ? { base: 'lg', sm: 64 } : 0}
      mr={team ? 0 : { base: 'lg', sm: 64 }}
    >
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={700}>
              {author}
            </Text>
            {message.kind !== 'message' && (
              <Badge
                size="sm"
                variant="light"
                color={message.kind === 'feedback' ? 'teal' : 'blue'}
                radius="sm"
              >
                {t(`reports.dialogue.${message.kind}`)}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            <Day day={message.sentOn} />
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.body}
        </Text>
        {message.attachments.length > 0 && (
          <Stack
            component="ul"
            gap={2}
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label={t('reports.dialogue.attachments')}
          >
            {message.attachments.map((attachment) => (
              <li
                key={attachment.id}
                style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}
              >
                {isImageType(attachment.contentType) && (
                  <AttachmentThumbnail src={attachmentUrl(reportId, attachment.id)} size={44} />
                )}
                <Anchor
                  href={attachmentUrl(reportId, attachment.id)}
                  download={attachment.fileName}
                  size="sm"
                >
                  {attachment.fileName}
                </Anchor>
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({formatBytes(attachment.byteLength, currentLanguage())})
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function ReplyBox({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const reply = useReply(reportId);
  const [body, setBody] = useState('');
  const [feedback, setFeedback] = useState(false);
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    if (body.trim() === '') {
      setMissing(true);
      return;
    }
    reply.mutate(
      { body: body.trim(), kind: feedback ? 'feedback' : 'message' },
      {
        onSuccess: () => {
          setBody('');
          setFeedback(false);
          setSent(true);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Textarea
          label={t('reports.dialogue.reply')}
          description={t('reports.dialogue.replyDescription')}
          autosize
          minRows={3}
          maxRows={14}
          maxLength={20_000}
          value={body}
          error={missing ? t('reports.dialogue.required') : undefined}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setMissing(false);
            setSent(false);
          }}
        />
        <Checkbox
          label={t('reports.dialogue.isFeedback')}
          description={t('reports.dialogue.isFeedbackDescription')}
          checked={feedback}
          onChange={(event) => setFeedback(event.currentTarget.checked)}
        />
        <ErrorNotice error={reply.error} title={t('reports.dialogue.failedTitle')} />
        <Group justify="space-between" gap="sm">
          <div role="status">
            {sent && (
              <Text size="sm" c="teal.9">
                {t('reports.dialogue.sent')}
              </Text>
            )}
          </div>
          <Button type="submit" loading={reply.isPending}>
            {t('reports.dialogue.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
