import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentSummary } from '../api/assessments.ts';

const statusColor: Record<AssessmentSummary['status'], string> = {
  draft: 'gray',
  awaiting_sign_off: 'yellow',
  final: 'blue',
};

/** Draft, awaiting sign-off or final. */
export function StatusBadge({ status }: { status: AssessmentSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={statusColor[status]} data-testid="assessment-status">
      {t(`assessments.status.${status}`)}
    </Badge>
  );
}

/** "← All assessments" inside the tab: back to the list, as a link-styled button. */
export function TabBackLink({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      c="blue.8"
      onClick={onClick}
      style={{ alignSelf: 'flex-start' }}
    >
      <span aria-hidden="true">← </span>
      {label}
    </Anchor>
  );
}
