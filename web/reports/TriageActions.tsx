import { Button, Group, Select, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCases } from '../api/cases.ts';
import {
  type CloseReason,
  closeReasons,
  type ReportDetail,
  useAcknowledge,
  useAttachToCase,
  useCloseReport,
  useHandOver,
  useOpenCase,
  useUnits,
} from '../api/reports.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { noTemplate, TemplateField } from './TemplateField.tsx';

/** What the report page says after a step succeeded, with a link where there is somewhere to go. */
export interface ActionNotice {
  text: string;
  link?: { to: string; label: string };
}

type Action = 'acknowledge' | 'openCase' | 'attach' | 'close' | 'handOver';

/** The triage steps the user may take on this report (its `can`), each as a button opening a dialog. */
export function TriageActions({
  report,
  onDone,
}: {
  report: ReportDetail;
  onDone: (notice: ActionNotice) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Action | null>(null);
  const close = () => setOpen(null);
  const done = (notice: ActionNotice) => {
    setOpen(null);
    onDone(notice);
  };
  const { can } = report;
  const available: { action: Action; allowed: boolean; primary?: boolean }[] = [
    { action: 'acknowledge', allowed: can.acknowledge, primary: true },
    { action: 'openCase', allowed: can.triage, primary: !can.acknowledge },
    { action: 'attach', allowed: can.triage },
    { action: 'handOver', allowed: can.hand_over },
    { action: 'close', allowed: can.triage },
  ];
  const shown = available.filter((entry) => entry.allowed);

  return (
    <>
      {shown.length > 0 && (
        <Group gap="sm" role="group" aria-label={t('reports.report.actionsLabel')}>
          {shown.map(({ action, primary }) => (
            <Button key={action} variant={primary ? 'filled' : 'default'} onClick={() => setOpen(action)}>
              {t(`reports.actions.${action}`)}
            </Button>
          ))}
        </Group>
      )}
      {/* Mounted only while open, so each opening starts from a fresh form; kept mounted while the step's
          answer refreshes the report, even when that takes the step's button away. */}
      {open === 'acknowledge' && <AcknowledgeDialog report={report} onClose={close} onDone={done} />}
      {open === 'openCase' && <OpenCaseDialog report={report} onClose={close} onDone={done} />}
      {open === 'attach' && <AttachDialog report={report} onClose={close} onDone={done} />}
      {open === 'close' && <CloseDialog report={report} onClose={close} onDone={done} />}
      {open === 'handOver' && <HandOverDialog report={report} onClose={close} onDone={done} />}
    </>
  );
}

interface DialogProps {
  report: ReportDetail;
  onClose: () => void;
  onDone: (notice: ActionNotice) => void;
}

function AcknowledgeDialog({ report, onClose, onDone }: DialogProps) {
  const { t, i18n } = useTranslation();
  const acknowledge = useAcknowledge(report.id);
  // The reporter reads it: in the language they wrote in, whatever the team's interface speaks.
  const [body, setBody] = useState(() => i18n.getFixedT(report.language)('reports.actions.acknowledgeText'));
  const required = useRequired();
  return (
    <ActionDialog
      title={t('reports.actions.acknowledgeTitle')}
      intro={t('reports.actions.acknowledgeIntro')}
      submitLabel={t('reports.actions.acknowledgeSubmit')}
      pending={acknowledge.isPending}
      error={acknowledge.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(body)) return;
        acknowledge.mutate(
          { body: body.trim() },
          { onSuccess: () => onDone({ text: t('reports.actions.acknowledged') }) },
        );
      }}
    >
      <Textarea
        label={t('reports.actions.acknowledgeMessage')}
        autosize
        minRows={8}
        maxRows={18}
        maxLength={20_000}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
        error={required.tried && body.trim() === '' ? t('reports.actions.required') : undefined}
        data-autofocus
      />
    </ActionDialog>
  );
}

function OpenCaseDialog({ report, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const openCase = useOpenCase(report.id);
  const [title, setTitle] = useState('');
  const [templateKey, setTemplateKey] = useState(noTemplate);
  const required = useRequired();
  return (
    <ActionDialog
      title={t('reports.actions.openCaseTitle')}
      intro={t('reports.actions.openCaseIntro')}
      submitLabel={t('reports.actions.openCaseSubmit')}
      pending={openCase.isPending}
      error={openCase.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(title)) return;
        openCase.mutate(
          {
            title: title.trim(),
            // The template's tasks are titled in the language the user works in now.
            ...(templateKey === noTemplate ? {} : { templateKey, language: currentLanguage() }),
          },
          {
            onSuccess: (created) =>
              onDone({
                text: t('reports.actions.caseOpened', { reference: created.reference }),
                link: {
                  to: `/cases/${created.id}`,
                  label: t('reports.actions.goToCase', { reference: created.reference }),
                },
              }),
          },
        );
      }}
    >
      <TextInput
        label={t('reports.actions.caseTitle')}
        description={t('reports.actions.caseTitleDescription')}
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        error={required.tried && title.trim() === '' ? t('reports.actions.required') : undefined}
        data-autofocus
      />
      <TemplateField value={templateKey} onChange={setTemplateKey} />
    </ActionDialog>
  );
}

function AttachDialog({ report, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const attach = useAttachToCase(report.id);
  const cases = useCases();
  const [caseId, setCaseId] = useState<string | null>(null);
  const required = useRequired();
  // A deleted case (its tombstone) takes no reports.
  const options = (cases.data ?? [])
    .filter((summary) => !summary.deleted)
    .map((summary) => ({
      value: summary.id,
      label: `${summary.reference} – ${summary.title ?? t('reports.integrity.unreadableTitle')} (${summary.unit.name})`,
    }));
  return (
    <ActionDialog
      title={t('reports.actions.attachTitle')}
      intro={t('reports.actions.attachIntro')}
      submitLabel={t('reports.actions.attachSubmit')}
      pending={attach.isPending}
      error={attach.error ?? cases.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(caseId) || caseId === null) return;
        const chosen = cases.data?.find((summary) => summary.id === caseId);
        attach.mutate(
          { caseId },
          {
            onSuccess: () =>
              onDone({
                text: t('reports.actions.attached', { reference: chosen?.reference ?? '' }),
                link: chosen && {
                  to: `/cases/${chosen.id}`,
                  label: t('reports.actions.goToCase', { reference: chosen.reference }),
                },
              }),
          },
        );
      }}
    >
      {cases.isSuccess && options.length === 0 ? (
        <Text size="sm">{t('reports.actions.noCases')}</Text>
      ) : (
        <Select
          label={t('reports.actions.case')}
          placeholder={cases.isPending ? t('reports.actions.casesLoading') : undefined}
          data={options}
          value={caseId}
          onChange={setCaseId}
          searchable
          disabled={!cases.isSuccess}
          error={required.tried && caseId === null ? t('reports.actions.required') : undefined}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
      )}
    </ActionDialog>
  );
}

function CloseDialog({ report, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const closeReport = useCloseReport(report.id);
  const [reason, setReason] = useState<CloseReason | null>(null);
  const [note, setNote] = useState('');
  const required = useRequired();
  return (
    <ActionDialog
      title={t('reports.actions.closeTitle')}
      intro={t('reports.actions.closeIntro')}
      submitLabel={t('reports.actions.closeSubmit')}
      submitColor="red"
      pending={closeReport.isPending}
      error={closeReport.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(reason, note) || reason === null) return;
        closeReport.mutate(
          { reason, note: note.trim() },
          { onSuccess: () => onDone({ text: t('reports.actions.closedNotice') }) },
        );
      }}
    >
      <Select
        label={t('reports.actions.reason')}
        data={closeReasons.map((value) => ({ value, label: t(`reports.closeReason.${value}`) }))}
        value={reason}
        onChange={(value) => setReason(closeReasons.find((candidate) => candidate === value) ?? null)}
        error={required.tried && reason === null ? t('reports.actions.required') : undefined}
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
      <Textarea
        label={t('reports.actions.note')}
        description={t('reports.actions.noteDescription')}
        autosize
        minRows={3}
        maxLength={5000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={required.tried && note.trim() === '' ? t('reports.actions.required') : undefined}
      />
    </ActionDialog>
  );
}

function HandOverDialog({ report, onClose }: DialogProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const handOver = useHandOver(report.id);
  return (
    <UnitHandOverDialog
      currentUnitId={report.unit.id}
      pending={handOver.isPending}
      error={handOver.error}
      onClose={onClose}
      onSubmit={(unitId, reason, unitName) =>
        handOver.mutate(
          { unitId, reason },
          {
            // The user may not see the report in its new unit: the inbox is where to go on.
            onSuccess: () =>
              void navigate('/inbox', {
                state: {
                  notice: t('reports.actions.handedOver', { reference: report.reference, unit: unitName }),
                },
              }),
          },
        )
      }
    />
  );
}

/** Choose another unit and give a reason: the hand-over of a report or a case. */
export function UnitHandOverDialog({
  currentUnitId,
  intro,
  pending,
  error,
  onClose,
  onSubmit,
}: {
  currentUnitId: string;
  /** What happens after the hand-over; the report's wording by default. */
  intro?: string;
  pending: boolean;
  error: Error | null;
  onClose: () => void;
  onSubmit: (unitId: string, reason: string, unitName: string) => void;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const required = useRequired();
  const others = (units.data ?? []).filter((unit) => unit.id !== currentUnitId);
  return (
    <ActionDialog
      title={t('reports.actions.handOverTitle')}
      intro={intro ?? t('reports.actions.handOverIntro')}
      submitLabel={t('reports.actions.handOverSubmit')}
      pending={pending}
      error={error ?? units.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(unitId, reason) || unitId === null) return;
        onSubmit(unitId, reason.trim(), others.find((candidate) => candidate.id === unitId)?.name ?? '');
      }}
    >
      {units.isSuccess && others.length === 0 ? (
        <Text size="sm">{t('reports.actions.noOtherUnits')}</Text>
      ) : (
        <Select
          label={t('reports.actions.targetUnit')}
          data={others.map((unit) => ({ value: unit.id, label: unit.name }))}
          value={unitId}
          onChange={setUnitId}
          searchable
          disabled={!units.isSuccess}
          error={required.tried && unitId === null ? t('reports.actions.required') : undefined}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
      )}
      <Textarea
        label={t('reports.actions.handOverReason')}
        autosize
        minRows={2}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        error={required.tried && reason.trim() === '' ? t('reports.actions.required') : undefined}
      />
    </ActionDialog>
  );
}
