import { Alert, Button, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { useChangeLegalHold } from '../api/retention.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

/**
 * Places the case under legal hold (a reason, sealed with the case) or lifts it: for the case's threat
 * managers and admins (`legalHold.mayChange`, server/modules/retention/policy.ts).
 */
export function LegalHoldAction({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const change = useChangeLegalHold(detail.id);
  const [reason, setReason] = useState('');
  const required = useRequired();
  if (!detail.legalHold.mayChange) return null;
  const held = detail.legalHold.held;
  const { reference } = detail;
  const close = () => {
    setOpen(false);
    setReason('');
    change.reset();
  };
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)} data-testid="legal-hold-action">
        {held ? t('retention.hold.lift') : t('retention.hold.set')}
      </Button>
      {open && held && (
        <ActionDialog
          title={t('retention.hold.liftTitle', { reference })}
          submitLabel={t('retention.hold.liftSubmit')}
          pending={change.isPending}
          error={change.error}
          onClose={close}
          onSubmit={() => change.mutate(null, { onSuccess: close })}
        >
          <Text size="sm">{t('retention.hold.liftIntro')}</Text>
        </ActionDialog>
      )}
      {open && !held && (
        <ActionDialog
          title={t('retention.hold.setTitle', { reference })}
          intro={t('retention.hold.setIntro')}
          submitLabel={t('retention.hold.submit')}
          pending={change.isPending}
          error={change.error}
          onClose={close}
          onSubmit={() => {
            if (!required.check(reason)) return;
            change.mutate(reason.trim(), { onSuccess: close });
          }}
        >
          <Textarea
            label={t('retention.hold.reason')}
            description={t('retention.hold.reasonHelp')}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={required.tried && reason.trim() === '' ? t('reports.actions.required') : undefined}
            required
            data-autofocus
          />
        </ActionDialog>
      )}
    </>
  );
}

/** That the case is under legal hold, since when and by whom, and why for whoever reads the case. */
export function LegalHoldNotice({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const hold = detail.legalHold;
  if (!hold.held) return null;
  return (
    <Alert color="indigo" variant="light" title={t('retention.hold.heading')} data-testid="legal-hold">
      {hold.setAt && (
        <Text size="sm">
          {t('retention.hold.since', {
            date: formatDay(hold.setAt.slice(0, 10), currentLanguage()),
            name: hold.setBy?.name ?? '–',
          })}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {hold.reason ?? t('retention.hold.reasonWithheld')}
      </Text>
    </Alert>
  );
}
