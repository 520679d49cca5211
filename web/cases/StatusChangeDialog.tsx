import { Select, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseStatuses, openStatuses, useChangeCaseStatus } from '../api/case-file.ts';
import type { CaseDetail, CaseStatus } from '../api/cases.ts';
import { type ClosingOutcome, closingOutcomes } from '../api/retention.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';

/**
 * Moves the case to another status with a required reason (written into the journal). A closed case is
 * reopened: only the open statuses are offered then.
 */
export function StatusChangeDialog({
  detail,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  onClose: () => void;
  onDone: (status: CaseStatus) => void;
}) {
  const { t } = useTranslation();
  const change = useChangeCaseStatus(detail.id);
  const reopening = detail.status === 'closed';
  const choices = (reopening ? openStatuses : caseStatuses).filter((status) => status !== detail.status);
  const [status, setStatus] = useState<CaseStatus | null>(null);
  const [reason, setReason] = useState('');
  // Closing asks why: the retention policy keeps a case by its outcome (server/modules/retention).
  const [outcome, setOutcome] = useState<ClosingOutcome | null>(null);
  const closing = status === 'closed';
  const required = useRequired();
  const { reference } = detail;
  return (
    <ActionDialog
      title={
        reopening
          ? t('cases.statusDialog.reopenTitle', { reference })
          : t('cases.statusDialog.title', { reference })
      }
      intro={reopening ? t('cases.statusDialog.reopenIntro') : t('cases.statusDialog.intro')}
      submitLabel={reopening ? t('cases.statusDialog.reopenSubmit') : t('cases.statusDialog.submit')}
      pending={change.isPending}
      error={change.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(status, reason, closing ? outcome : '') || status === null) return;
        change.mutate(
          { status, reason: reason.trim(), ...(closing && outcome ? { outcome } : {}) },
          { onSuccess: () => onDone(status) },
        );
      }}
    >
      <Text size="sm">
        {t('cases.statusDialog.current', { status: t(`cases.statuses.${detail.status}`) })}
      </Text>
      <Select
        label={t('cases.statusDialog.status')}
        data={choices.map((value) => ({ value, label: t(`cases.statuses.${value}`) }))}
        value={status}
        onChange={(value) => setStatus(choices.find((candidate) => candidate === value) ?? null)}
        error={required.tried && status === null ? t('reports.actions.required') : undefined}
        required
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      {closing && (
        <Select
          label={t('retention.closingOutcome')}
          description={t('retention.closingOutcomeHelp')}
          data={closingOutcomes.map((value) => ({ value, label: t(`retention.outcomeLabels.${value}`) }))}
          value={outcome}
          onChange={(value) => setOutcome(closingOutcomes.find((candidate) => candidate === value) ?? null)}
          error={required.tried && outcome === null ? t('reports.actions.required') : undefined}
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="closing-outcome"
        />
      )}
      <Textarea
        label={t('cases.statusDialog.reason')}
        description={t('cases.statusDialog.reasonDescription')}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={4000}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        error={required.tried && reason.trim() === '' ? t('reports.actions.required') : undefined}
        required
      />
    </ActionDialog>
  );
}
