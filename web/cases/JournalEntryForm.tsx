import { Checkbox, Group, Radio, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type JournalEntry,
  type NewJournalEntry,
  useWriteJournalEntry,
  type WrittenKind,
  writtenKinds,
} from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatMoment, localMinuteOf } from './case-times.ts';

const isWrittenKind = (value: string): value is WrittenKind =>
  (writtenKinds as readonly string[]).includes(value);

/**
 * Writes a note, a call or a meeting into the journal; with `correcting`, a correction of that entry (the
 * same form, filled in with what the entry said). Calls and meetings name when they happened and who took
 * part; "Managers only" is offered to whoever may read such entries.
 */
export function JournalEntryForm({
  detail,
  correcting,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  correcting?: JournalEntry | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const write = useWriteJournalEntry(detail.id);
  const [kind, setKind] = useState<WrittenKind>(
    correcting && isWrittenKind(correcting.kind) ? correcting.kind : 'note',
  );
  const [text, setText] = useState(correcting?.text ?? '');
  const correctedMinute = correcting ? localMinuteOf(new Date(correcting.occurredAt)) : '';
  const [occurredAt, setOccurredAt] = useState(correctedMinute);
  const [participants, setParticipants] = useState(correcting?.participants ?? '');
  const inherited = correcting?.managersOnly === true;
  const [managersOnly, setManagersOnly] = useState(inherited);
  const required = useRequired();
  const withTime = kind !== 'note' || (correcting !== undefined && correcting.participants !== null);
  const now = new Date();
  const occurred = occurredAt === '' ? null : new Date(occurredAt);
  const future = occurred !== null && occurred.getTime() > now.getTime() + 60_000;
  const when = correcting ? formatMoment(correcting.occurredAt, currentLanguage()) : '';

  const submit = () => {
    if (!required.check(text) || future) return;
    const entry: NewJournalEntry = { kind, text: text.trim() };
    // A correction left at the corrected entry's time keeps it to the second, so it is listed beside it.
    if (correcting && occurredAt === correctedMinute) entry.occurredAt = correcting.occurredAt;
    else if (withTime && occurred && !Number.isNaN(occurred.getTime()))
      entry.occurredAt = occurred.toISOString();
    if (withTime && participants.trim() !== '') entry.participants = participants.trim();
    if (managersOnly && detail.can.read_managers_only) entry.managersOnly = true;
    if (correcting) entry.correctsId = correcting.id;
    write.mutate(entry, { onSuccess: onDone });
  };

  return (
    <ActionDialog
      title={correcting ? t('cases.entryForm.correctTitle', { when }) : t('cases.entryForm.title')}
      intro={correcting ? t('cases.entryForm.correctIntro') : t('cases.entryForm.intro')}
      submitLabel={correcting ? t('cases.entryForm.correctSubmit') : t('cases.entryForm.submit')}
      pending={write.isPending}
      error={write.error}
      onClose={onClose}
      onSubmit={submit}
    >
      {!correcting && (
        <Radio.Group
          label={t('cases.entryForm.kind')}
          value={kind}
          onChange={(value) => isWrittenKind(value) && setKind(value)}
        >
          <Group gap="lg" mt="xs">
            {writtenKinds.map((option) => (
              <Radio key={option} value={option} label={t(`cases.journal.kinds.${option}`)} />
            ))}
          </Group>
        </Radio.Group>
      )}
      <Textarea
        label={t('cases.entryForm.text')}
        description={t('cases.entryForm.textDescription')}
        autosize
        minRows={5}
        maxRows={16}
        maxLength={20_000}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        error={required.tried && text.trim() === '' ? t('reports.actions.required') : undefined}
        required
        data-autofocus
      />
      {withTime && (
        <>
          <TextInput
            type="datetime-local"
            label={t('cases.entryForm.occurredAt')}
            description={t('cases.entryForm.occurredAtDescription')}
            value={occurredAt}
            max={localMinuteOf(now)}
            onChange={(event) => setOccurredAt(event.currentTarget.value)}
            error={future ? t('cases.entryForm.future') : undefined}
          />
          <Textarea
            label={t('cases.entryForm.participants')}
            description={t('cases.entryForm.participantsDescription')}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={2000}
            value={participants}
            onChange={(event) => setParticipants(event.currentTarget.value)}
          />
        </>
      )}
      {detail.can.read_managers_only && (
        <Checkbox
          label={t('cases.entryForm.managersOnly')}
          description={
            inherited
              ? t('cases.entryForm.managersOnlyInherited')
              : t('cases.entryForm.managersOnlyDescription')
          }
          checked={managersOnly}
          disabled={inherited}
          onChange={(event) => setManagersOnly(event.currentTarget.checked)}
        />
      )}
    </ActionDialog>
  );
}
