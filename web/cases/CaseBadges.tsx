import { Badge, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../api/cases.ts';

const statusColor: Record<CaseStatus, string> = {
  intake: 'blue',
  assessment: 'cyan',
  management: 'violet',
  monitoring: 'teal',
  closed: 'gray',
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={statusColor[status]} data-testid="case-status">
      <VisuallyHidden>{t('cases.overview.status')}: </VisuallyHidden>
      {t(`cases.statuses.${status}`)}
    </Badge>
  );
}

type Level = 1 | 2 | 3 | 4;
const isLevel = (value: number | null): value is Level =>
  value === 1 || value === 2 || value === 3 || value === 4;

const levelStyle: Record<Level, { color: string; variant: 'light' | 'filled' }> = {
  1: { color: 'teal', variant: 'light' },
  2: { color: 'yellow', variant: 'light' },
  3: { color: 'orange', variant: 'light' },
  4: { color: 'red.9', variant: 'filled' },
};

const suggestedColor: Record<Level, string> = { 1: 'teal.9', 2: 'yellow.9', 3: 'orange.9', 4: 'red.9' };

/** The level in words, "L3 · high"; "Not assessed" before an assessment set one. */
export function useLevelText() {
  const { t } = useTranslation();
  return (level: number | null): string =>
    isLevel(level)
      ? t('cases.level.badge', { level, name: t(`cases.level.names.${level}`) })
      : t('cases.level.notAssessed');
}

/**
 * The criticality level, L1 (low) to L4 (critical), or "Not assessed". `label` names what the level is
 * to screen readers (by default "Level"); `suggested` draws a suggestion, not a decision, in outline.
 */
export function LevelBadge({
  level,
  label,
  suggested = false,
  size,
  testId = 'case-level',
}: {
  level: number | null;
  label?: string;
  suggested?: boolean;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  testId?: string;
}) {
  const { t } = useTranslation();
  const text = useLevelText();
  const style = isLevel(level) ? levelStyle[level] : { color: 'gray', variant: 'outline' as const };
  // A suggestion in outline, its text dark enough to read on white.
  const color = suggested && isLevel(level) ? suggestedColor[level] : style.color;
  return (
    <Badge
      variant={suggested ? 'outline' : style.variant}
      radius="sm"
      color={color}
      tt="none"
      size={size}
      data-testid={testId}
      style={suggested ? { borderStyle: 'dashed', borderWidth: 2 } : undefined}
    >
      <VisuallyHidden>{label ?? t('cases.level.label')}: </VisuallyHidden>
      {text(level)}
    </Badge>
  );
}
