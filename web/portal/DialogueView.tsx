import { Alert, Badge, Box, Button, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import {
  type AttachmentSummary,
  type DialogueMessage,
  dialogueQueryKey,
  fetchDialogue,
  isSessionEnded,
  type PortalInfo,
  type ReceiptSession,
  type ReporterView,
} from '../api/portal.ts';
import { formatTime } from '../i18n/dates.ts';
import { AnswersSummary } from './AnswersSummary.tsx';
import { formatFileSize } from './attachments.ts';
import { formatDay, useLocalised } from './localised.ts';
import { PortalHeading } from './portal-layout.tsx';
import { type ReplyDraft, ReplyForm } from './ReplyForm.tsx';

// Shades dark enough for white text (4.5:1); Mantine's default filled teal would not be.
const statusColor: Record<ReporterView['status'], string> = {
  received: 'gray.8',
  in_review: 'blue.8',
  in_progress: 'teal.9',
  closed: 'dark.7',
};

/** The reporter's side of the dialogue: status, messages, a reply box, and their own report. */
export function DialogueView({
  tenant,
  session,
  rules,
  draft,
  onDraftChange,
  onEnded,
  onLogout,
}: {
  tenant: string;
  session: ReceiptSession;
  rules: PortalInfo['attachments'];
  draft: ReplyDraft;
  onDraftChange: (draft: ReplyDraft) => void;
  onEnded: () => void;
  onLogout: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  const heading = useRef<HTMLHeadingElement>(null);
  const dialogue = useQuery({
    queryKey: dialogueQueryKey(tenant),
    queryFn: ({ signal }) => fetchDialogue(tenant, session.token, signal),
    staleTime: 30_000,
  });

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    if (isSessionEnded(dialogue.error)) onEnded();
  }, [dialogue.error, onEnded]);

  const logoutAt = formatTime(session.expiresAt, language);
  const view = dialogue.data;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <PortalHeading headingRef={heading}>{t('portal.dialogue.title')}</PortalHeading>
        <Button variant="default" onClick={onLogout}>
          {t('portal.dialogue.logout')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mt={-12}>
        {t('portal.dialogue.sessionNote', { time: logoutAt })}
      </Text>

      {dialogue.isPending ? (
        <Group gap="sm" role="status">
          <Loader size="sm" aria-hidden="true" />
          <Text>{t('portal.dialogue.loading')}</Text>
        </Group>
      ) : dialogue.error || !view ? (
        isSessionEnded(dialogue.error) ? null : (
          <Alert color="red" variant="light" role="alert" title={t('portal.loadError.title')}>
            <Stack gap="sm" align="flex-start">
              <Text size="sm">
                {dialogue.error instanceof ApiError && dialogue.error.code === clientErrorCodes.network
                  ? t('portal.loadError.network')
                  : t('portal.loadError.other')}
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={dialogue.isFetching}
                onClick={() => void dialogue.refetch()}
              >
                {t('portal.loadError.retry')}
              </Button>
            </Stack>
          </Alert>
        )
      ) : (
        <>
          <StatusCard view={view} />
          {contentRemoved(view) ? (
            <Alert color="gray" variant="light" data-testid="report-closed-notice">
              {t('portal.dialogue.closedWithoutContent')}
            </Alert>
          ) : (
            <DialogueAndReport
              view={view}
              tenant={tenant}
              session={session}
              rules={rules}
              draft={draft}
              onDraftChange={onDraftChange}
              onEnded={onEnded}
            />
          )}
        </>
      )}
    </Stack>
  );
}

/**
 * A deleted report answers like a closed one without content (its key is shredded): no answers, no files,
 * no messages. Every report the portal or the team records has answers, so an empty set means that.
 */
function contentRemoved(view: ReporterView): boolean {
  return (
    view.status === 'closed' &&
    Object.keys(view.answers).length === 0 &&
    view.messages.length === 0 &&
    view.attachments.length === 0
  );
}

function DialogueAndReport({
  view,
  tenant,
  session,
  rules,
  draft,
  onDraftChange,
  onEnded,
}: {
  view: ReporterView;
  tenant: string;
  session: ReceiptSession;
  rules: PortalInfo['attachments'];
  draft: ReplyDraft;
  onDraftChange: (draft: ReplyDraft) => void;
  onEnded: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Messages messages={view.messages} />
      <ReplyForm
        tenant={tenant}
        token={session.token}
        rules={rules}
        draft={draft}
        onDraftChange={onDraftChange}
        onEnded={onEnded}
      />
      <Paper withBorder p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="your-report">
        <Title order={2} size="h3" id="your-report" mb="md">
          {t('portal.dialogue.yourReport')}
        </Title>
        <AnswersSummary form={view.form} answers={view.answers} />
        {view.attachments.length > 0 && (
          <Box mt="lg">
            <Text component="h3" fw={700} mb="xs">
              {t('portal.dialogue.yourFiles')}
            </Text>
            <FileList files={view.attachments} />
          </Box>
        )}
      </Paper>
    </>
  );
}

function StatusCard({ view }: { view: ReporterView }) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="report-status">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={2} size="h4" id="report-status">
            {t('portal.dialogue.statusLabel')}
          </Title>
          <Badge
            color={statusColor[view.status]}
            variant="filled"
            size="lg"
            tt="none"
            data-testid="report-status"
          >
            {t(`portal.dialogue.status.${view.status}`)}
          </Badge>
        </Group>
        {/* A report closed by deletion takes no more messages: the closing notice below says so instead. */}
        {!contentRemoved(view) && <Text>{t(`portal.dialogue.statusText.${view.status}`)}</Text>}
        <Text size="sm" c="dimmed">
          {t('portal.dialogue.receivedOn', { date: formatDay(view.receivedOn, language) })} ·{' '}
          {view.anonymous ? t('portal.dialogue.anonymous') : t('portal.dialogue.named')}
        </Text>
      </Stack>
    </Paper>
  );
}

function Messages({ messages }: { messages: DialogueMessage[] }) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  return (
    <section aria-labelledby="dialogue-messages">
      <Title order={2} size="h3" id="dialogue-messages" mb="sm">
        {t('portal.dialogue.messages')}
      </Title>
      {messages.length === 0 ? (
        <Text c="dimmed">{t('portal.dialogue.noMessages')}</Text>
      ) : (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {messages.map((message) => {
            const mine = message.author === 'reporter';
            return (
              <Paper
                component="li"
                key={message.id}
                withBorder
                p={{ base: 'sm', sm: 'md' }}
                bg={mine ? 'blue.0' : 'white'}
                ml={mine ? { base: 'lg', sm: 64 } : 0}
                mr={mine ? 0 : { base: 'lg', sm: 64 }}
                data-testid="dialogue-message"
                data-author={message.author}
              >
                <Group gap="xs" mb={4} wrap="wrap">
                  <Text fw={700} size="sm">
                    {mine ? t('portal.dialogue.fromMe') : t('portal.dialogue.fromTeam')}
                  </Text>
                  {message.kind !== 'message' && (
                    <Badge variant="light" color="blue" c="blue.9" size="sm" tt="none">
                      {t(`portal.dialogue.kind.${message.kind}`)}
                    </Badge>
                  )}
                  <Text size="sm" c="dimmed">
                    {formatDay(message.sentOn, language)}
                  </Text>
                </Group>
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.body}</Text>
                {message.attachments.length > 0 && (
                  <Box mt="xs">
                    <FileList files={message.attachments} />
                  </Box>
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
    </section>
  );
}

function FileList({ files }: { files: AttachmentSummary[] }) {
  const { language } = useLocalised();
  return (
    <List size="sm" spacing={2}>
      {files.map((file) => (
        <List.Item key={file.id} style={{ overflowWrap: 'anywhere' }}>
          {file.fileName} ({formatFileSize(file.byteLength, language)})
        </List.Item>
      ))}
    </List>
  );
}
