import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { JournalEntry } from '../api/case-file.ts';
import { useMeasureTypeName } from '../api/measures.ts';

const measureKinds: readonly JournalEntry['kind'][] = [
  'measure_planned',
  'measure_started',
  'measure_done',
  'measure_cancelled',
  'measure_reopened',
  'measure_overdue',
  'measure_expert_answered',
];

/** Whether a journal entry is about a measure. */
export function isMeasureEntry(entry: JournalEntry): boolean {
  return measureKinds.includes(entry.kind);
}

/**
 * A journal entry about a measure: what happened to which measure (its type named from the catalogue, in
 * the interface language), who carries it out or how an invited expert answered; linked to the measures tab.
 */
export function MeasureJournalLine({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const typeName = useMeasureTypeName();
  const type = entry.facts.measureType ? typeName(entry.facts.measureType) : t('cases.journal.someone');
  const name = entry.user?.name || t('cases.journal.someone');
  const line = (() => {
    switch (entry.kind) {
      case 'measure_planned':
        return entry.user
          ? t('cases.journal.measurePlannedFor', { type, name })
          : t('cases.journal.measurePlanned', { type });
      case 'measure_started':
        return t('cases.journal.measureStarted', { type });
      case 'measure_done':
        return t('cases.journal.measureDone', { type });
      case 'measure_cancelled':
        return t('cases.journal.measureCancelled', { type });
      case 'measure_reopened':
        return t('cases.journal.measureReopened', { type });
      case 'measure_overdue':
        return t('cases.journal.measureOverdue', { type });
      case 'measure_expert_answered':
        return entry.facts.consent === 'declined'
          ? t('cases.journal.measureDeclined', { type, name })
          : t('cases.journal.measureAccepted', { type, name });
      default:
        return null;
    }
  })();
  if (line === null) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {line}
      </Text>
      <Anchor component={Link} to="?tab=measures" size="sm">
        {t('cases.journal.openMeasures')}
      </Anchor>
    </Group>
  );
}
