import { Radio, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CaseMeasure,
  effectivenessRatings,
  type MeasureEffectiveness,
  useChangeMeasure,
} from '../api/measures.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

// Carrying a measure out and ending it: completing it with an outcome and how effective it was, cancelling
// it with a reason, and working notes. Each answers through `onDone` once the server took the change.

interface Props {
  caseId: string;
  measure: CaseMeasure;
  /** The measure type's name in the interface language. */
  name: string;
  onClose: () => void;
  onDone: () => void;
}

/** Completes a measure: outcome and effectiveness are both required (the server says the same). */
export function CompleteMeasureDialog({ caseId, measure, name, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const change = useChangeMeasure(caseId);
  // A measure completed before and reopened offers its earlier outcome to revise.
  const earlier = measure.effectiveness !== null;
  const [outcome, setOutcome] = useState(earlier ? (measure.outcome ?? '') : '');
  const [effectiveness, setEffectiveness] = useState<MeasureEffectiveness | null>(measure.effectiveness);
  const [notes, setNotes] = useState(measure.notes ?? '');
  const [tried, setTried] = useState(false);
  return (
    <ActionDialog
      title={t('measures.complete.title', { name })}
      intro={t('measures.complete.intro')}
      submitLabel={t('measures.complete.submit')}
      pending={change.isPending}
      error={change.error}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (outcome.trim() === '' || effectiveness === null) return;
        change.mutate(
          {
            measureId: measure.id,
            status: 'done',
            outcome: outcome.trim(),
            effectiveness,
            ...(notes !== (measure.notes ?? '') ? { notes: notes.trim() === '' ? null : notes } : {}),
          },
          { onSuccess: onDone },
        );
      }}
    >
      <Textarea
        label={t('measures.complete.outcome')}
        description={t('measures.complete.outcomeHelp')}
        value={outcome}
        onChange={(event) => setOutcome(event.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={4000}
        required
        error={tried && outcome.trim() === '' ? t('measures.dialog.required') : undefined}
        data-autofocus
      />
      <Radio.Group
        label={t('measures.complete.effectiveness')}
        value={effectiveness}
        onChange={(value) => setEffectiveness(value as MeasureEffectiveness)}
        required
        error={tried && effectiveness === null ? t('measures.complete.effectivenessRequired') : undefined}
      >
        <Stack gap={8} mt={8}>
          {effectivenessRatings.map((rating) => (
            <Radio key={rating} value={rating} label={t(`measures.effectiveness.${rating}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Textarea
        label={t('measures.complete.notes')}
        value={notes}
        onChange={(event) => setNotes(event.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={8000}
      />
    </ActionDialog>
  );
}

/** Cancels a measure; the reason is recorded as its outcome. */
export function CancelMeasureDialog({ caseId, measure, name, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const change = useChangeMeasure(caseId);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  return (
    <ActionDialog
      title={t('measures.cancelDialog.title', { name })}
      intro={t('measures.cancelDialog.intro')}
      submitLabel={t('measures.cancelDialog.submit')}
      submitColor="red"
      pending={change.isPending}
      error={change.error}
      onClose={onClose}
      onSubmit={() => {
        setTried(true);
        if (reason.trim() === '') return;
        change.mutate(
          { measureId: measure.id, status: 'cancelled', outcome: reason.trim() },
          { onSuccess: onDone },
        );
      }}
    >
      <Textarea
        label={t('measures.cancelDialog.reason')}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={4000}
        required
        error={tried && reason.trim() === '' ? t('measures.dialog.required') : undefined}
        data-autofocus
      />
    </ActionDialog>
  );
}

/** The working notes of whoever carries the measure out. */
export function MeasureNotesDialog({ caseId, measure, name, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const change = useChangeMeasure(caseId);
  const [notes, setNotes] = useState(measure.notes ?? '');
  return (
    <ActionDialog
      title={t('measures.notesDialog.title', { name })}
      intro={t('measures.notesDialog.intro')}
      submitLabel={t('measures.notesDialog.submit')}
      pending={change.isPending}
      error={change.error}
      onClose={onClose}
      onSubmit={() =>
        change.mutate(
          { measureId: measure.id, notes: notes.trim() === '' ? null : notes },
          { onSuccess: onDone },
        )
      }
    >
      <Textarea
        label={t('measures.notesDialog.notes')}
        value={notes}
        onChange={(event) => setNotes(event.currentTarget.value)}
        autosize
        minRows={4}
        maxRows={14}
        maxLength={8000}
        data-autofocus
      />
    </ActionDialog>
  );
}
