import { Alert, Button, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import {
  dialogueQueryKey,
  isSessionEnded,
  PortalApiError,
  type PortalInfo,
  sendReporterMessage,
} from '../api/portal.ts';
import { AttachmentsField } from './AttachmentsField.tsx';
import type { Problem } from './answers.ts';
import { checkAttachments } from './attachments.ts';
import { errorId, fieldId } from './field-ids.ts';
import { useLocalised } from './localised.ts';
import { attachmentProblemCode, problemMessage } from './problems.ts';

/** What the reporter is writing; kept by the page, so that an expired session does not lose it. */
export interface ReplyDraft {
  body: string;
  files: File[];
}

export const emptyReply: ReplyDraft = { body: '', files: [] };

/** The server's limit for a message (ReporterMessage). */
const REPLY_MAX = 20_000;

/** The reporter's reply: a message and files; an expired session hands back to the receipt form. */
export function ReplyForm({
  tenant,
  token,
  rules,
  draft,
  onDraftChange,
  onEnded,
}: {
  tenant: string;
  token: string;
  rules: PortalInfo['attachments'];
  draft: ReplyDraft;
  onDraftChange: (draft: ReplyDraft) => void;
  onEnded: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  const queryClient = useQueryClient();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);

  const body = draft.body.trim();
  const own: Problem[] = attempted
    ? [
        ...(body === '' && draft.files.length === 0 ? [{ path: 'message', code: 'required' as const }] : []),
        ...(body.length > REPLY_MAX ? [{ path: 'message', code: 'tooLong' as const, max: REPLY_MAX }] : []),
        ...checkAttachments(draft.files, rules),
      ]
    : [];
  const problems = [...own, ...serverProblems];
  const errorFor = (path: string) => {
    const problem = problems.find((candidate) => candidate.path === path);
    if (!problem) return undefined;
    if (path === 'message')
      return problem.code === 'tooLong'
        ? t('portal.dialogue.replyTooLong', { max: REPLY_MAX.toLocaleString(language) })
        : t('portal.dialogue.replyRequired');
    return problemMessage(t, problem, rules, language);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    setAttempted(true);
    setSent(false);
    setFailure(undefined);
    setServerProblems([]);
    const fileProblems = checkAttachments(draft.files, rules);
    if ((body === '' && draft.files.length === 0) || body.length > REPLY_MAX) {
      textarea.current?.focus();
      return;
    }
    if (fileProblems[0]) {
      document.getElementById(fieldId(fileProblems[0].path))?.focus();
      return;
    }
    setSending(true);
    try {
      await sendReporterMessage(tenant, token, body, draft.files);
      onDraftChange({ body: '', files: [] });
      setAttempted(false);
      setSent(true);
      await queryClient.invalidateQueries({ queryKey: dialogueQueryKey(tenant) });
    } catch (error) {
      if (isSessionEnded(error)) {
        onEnded();
        return;
      }
      const code = error instanceof ApiError ? attachmentProblemCode(error.code) : undefined;
      const index =
        error instanceof PortalApiError
          ? error.fields.find((f) => /attachments\.\d+/.test(f.path))
          : undefined;
      if (code) {
        const path = index ? `attachments.${index.path.split('.').at(-1)}` : 'attachments';
        setServerProblems([{ path, code, max: code === 'tooManyFiles' ? rules.maxFiles : undefined }]);
        document.getElementById(fieldId(path))?.focus();
      } else {
        setFailure(
          error instanceof ApiError && error.code === clientErrorCodes.network
            ? t('portal.loadError.network')
            : t('portal.loadError.other'),
        );
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="reply-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="reply-heading">
            {t('portal.dialogue.reply')}
          </Title>
          <Textarea
            ref={textarea}
            id={fieldId('message')}
            label={t('portal.dialogue.replyLabel')}
            description={t('portal.dialogue.replyDescription')}
            required
            autosize
            minRows={4}
            maxRows={14}
            autoComplete="off"
            value={draft.body}
            onChange={(event) => {
              onDraftChange({ ...draft, body: event.currentTarget.value });
              setSent(false);
            }}
            error={errorFor('message')}
            errorProps={{ id: errorId('message') }}
          />
          <AttachmentsField
            files={draft.files}
            onChange={(files) => {
              onDraftChange({ ...draft, files });
              setServerProblems([]);
            }}
            rules={rules}
            errorFor={errorFor}
          />
          {failure && (
            <Alert color="red" variant="light" role="alert" title={t('portal.dialogue.sendError')}>
              {failure}
            </Alert>
          )}
          <Group gap="sm">
            <Button
              type="submit"
              aria-disabled={sending || undefined}
              leftSection={sending ? <Loader size={16} color="white" aria-hidden="true" /> : undefined}
            >
              {sending ? t('portal.dialogue.sending') : t('portal.dialogue.send')}
            </Button>
          </Group>
          <div role="status">
            {sent && (
              <Text c="teal.9" fw={500}>
                {t('portal.dialogue.sent')}
              </Text>
            )}
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
