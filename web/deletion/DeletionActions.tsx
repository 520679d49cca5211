import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELETION_REASONS,
  type DeletableType,
  type DeletionReason,
  useDeletionActions,
  useDeletionSettings,
  usePendingDeletion,
} from '../api/deletion.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

/**
 * On a case or report page, for whoever may delete it (`allowed`: the object's `can.delete`, admins):
 * "Delete…" (or "Request deletion…" where a second admin must approve), and, when a deletion is pending, who
 * asked and why, with "Approve deletion" for another admin.
 */
export function DeletionActions({
  type,
  id,
  reference,
  allowed,
}: {
  type: DeletableType;
  id: string;
  reference: string;
  allowed: boolean;
}) {
  const { t } = useTranslation();
  const settings = useDeletionSettings(allowed);
  const pending = usePendingDeletion(type, id, allowed);
  const actions = useDeletionActions(type, id);
  const [open, setOpen] = useState(false);
  if (!allowed || !settings.data || pending.data === undefined) return null;
  const request = pending.data;
  if (request)
    return (
      <Alert color="red" variant="light" title={t('deletion.pending.title')} data-testid="deletion-pending">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {t('deletion.pending.text', {
              name: request.requestedBy.name,
              day: formatDay(request.requestedAt.slice(0, 10), currentLanguage()),
              reason: t(`deletion.reasons.${request.reason}`),
            })}
          </Text>
          {request.note && <Text size="sm">{t('deletion.pending.note', { note: request.note })}</Text>}
          {!request.mayApprove && <Text size="sm">{t('deletion.pending.ownRequest')}</Text>}
          {(actions.approve.error || actions.withdraw.error) && (
            <Text size="sm" c="red.9" role="alert">
              {(actions.approve.error ?? actions.withdraw.error)?.message}
            </Text>
          )}
          <Group gap="sm">
            {request.mayApprove && (
              <Button
                color="red"
                loading={actions.approve.isPending}
                onClick={() => actions.approve.mutate()}
              >
                {t('deletion.action.approve')}
              </Button>
            )}
            <Button
              variant="default"
              loading={actions.withdraw.isPending}
              onClick={() => actions.withdraw.mutate()}
            >
              {t('deletion.action.withdraw')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  const approval = settings.data.requiresApproval;
  return (
    <Group>
      <Button variant="outline" color="red" onClick={() => setOpen(true)}>
        {approval ? t('deletion.action.requestDelete') : t('deletion.action.delete')}
      </Button>
      {open && (
        <DeletionDialog
          type={type}
          reference={reference}
          approval={approval}
          pending={actions.request.isPending}
          error={actions.request.error}
          onClose={() => setOpen(false)}
          onSubmit={(input) => actions.request.mutate(input, { onSuccess: () => setOpen(false) })}
        />
      )}
    </Group>
  );
}

function DeletionDialog({
  type,
  reference,
  approval,
  pending,
  error,
  onClose,
  onSubmit,
}: {
  type: DeletableType;
  reference: string;
  approval: boolean;
  pending: boolean;
  error: Error | null;
  onClose: () => void;
  onSubmit: (input: { reason: DeletionReason; note?: string }) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<DeletionReason | null>(null);
  const [note, setNote] = useState('');
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const confirmed = typed.trim() === reference;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!reason || !confirmed) return;
    onSubmit({ reason, ...(approval && note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(type === 'case' ? 'deletion.dialog.caseTitle' : 'deletion.dialog.reportTitle', { reference })}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('deletion.dialog.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {t(type === 'case' ? 'deletion.dialog.caseExplanation' : 'deletion.dialog.reportExplanation')}
          </Text>
          <Text size="sm" fw={700}>
            {t('deletion.dialog.irreversible')}
          </Text>
          {approval && (
            <Alert color="blue" variant="light">
              {t('deletion.dialog.approvalRequired')}
            </Alert>
          )}
          <Select
            label={t('deletion.dialog.reason')}
            placeholder={t('deletion.dialog.reasonPlaceholder')}
            data={DELETION_REASONS.map((value) => ({ value, label: t(`deletion.reasons.${value}`) }))}
            value={reason}
            onChange={(value) => setReason(value as DeletionReason | null)}
            required
            error={tried && !reason ? t('deletion.dialog.reasonPlaceholder') : undefined}
            allowDeselect={false}
          />
          {approval && (
            <Textarea
              label={t('deletion.dialog.note')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              maxLength={2000}
              autosize
              minRows={2}
            />
          )}
          <TextInput
            label={t('deletion.dialog.confirm', { reference })}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            required
            error={tried && !confirmed ? t('deletion.dialog.confirmMismatch') : undefined}
            data-testid="deletion-confirm"
          />
          {error && (
            <Alert color="red" variant="light" title={t('deletion.dialog.failed')} role="alert">
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('deletion.dialog.cancel')}
            </Button>
            <Button type="submit" color="red" loading={pending} disabled={!confirmed || !reason}>
              {approval ? t('deletion.dialog.submitRequest') : t('deletion.dialog.submitDelete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
