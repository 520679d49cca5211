import { Badge, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExpertConsent, MeasureEffectiveness, MeasureStatus } from '../api/measures.ts';

// The small labels of a measure: its status, whether it is overdue, how an expert answered the invitation and
// how well it worked. Colours follow the case's badges; every one says in words what it shows.

const statusColor: Record<MeasureStatus, string> = {
  planned: 'blue',
  in_progress: 'violet',
  done: 'teal',
  cancelled: 'gray',
};

export function MeasureStatusBadge({ status }: { status: MeasureStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={statusColor[status]} data-testid="measure-status" tt="none">
      {t(`measures.statuses.${status}`)}
    </Badge>
  );
}

/** Past its due day and still open: red and filled, so it stands out in the plan. */
export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <Badge
      variant="filled"
      radius="sm"
      color="red.8"
      tt="none"
      title={t('measures.item.overdueHint')}
      data-testid="measure-overdue"
    >
      {t('measures.item.overdue')}
    </Badge>
  );
}

const consentColor: Record<ExpertConsent, string> = {
  invited: 'yellow.9',
  accepted: 'teal',
  declined: 'gray',
};

export function ConsentBadge({ consent }: { consent: ExpertConsent }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant={consent === 'invited' ? 'outline' : 'light'}
      radius="sm"
      size="sm"
      color={consentColor[consent]}
      tt="none"
      title={t(`measures.consentHint.${consent}`)}
      data-testid="expert-consent"
      data-consent={consent}
    >
      {t(`measures.consent.${consent}`)}
    </Badge>
  );
}

const effectivenessColor: Record<MeasureEffectiveness, string> = {
  effective: 'teal',
  partly_effective: 'yellow.9',
  not_effective: 'red.8',
  too_early: 'gray',
};

export function EffectivenessBadge({ effectiveness }: { effectiveness: MeasureEffectiveness }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      radius="sm"
      color={effectivenessColor[effectiveness]}
      tt="none"
      data-testid="measure-effectiveness"
    >
      <VisuallyHidden>{t('measures.item.effectiveness')}: </VisuallyHidden>
      {t(`measures.effectiveness.${effectiveness}`)}
    </Badge>
  );
}
