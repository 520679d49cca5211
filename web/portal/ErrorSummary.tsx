import { Anchor, List, Paper, Text, Title } from '@mantine/core';
import { type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from './field-ids.ts';

export interface SummaryEntry {
  path: string;
  /** What the field is called ("What did you observe?", "Person 2: Name"). */
  label: string;
  message: string;
}

/**
 * The list of what to fix, shown above the form after a failed attempt to send. The page moves the focus
 * here, so screen readers read it; each entry links to its field.
 */
export function ErrorSummary({
  entries,
  summaryRef,
}: {
  entries: SummaryEntry[];
  summaryRef: Ref<HTMLDivElement>;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Paper
      ref={summaryRef}
      tabIndex={-1}
      aria-labelledby={titleId}
      role="group"
      p={{ base: 'sm', sm: 'md' }}
      bg="red.0"
      style={{ border: '2px solid var(--mantine-color-red-9)' }}
      data-testid="error-summary"
    >
      <Title order={2} size="h4" id={titleId} c="red.9" mb={4}>
        {t('portal.form.summaryTitle')}
      </Title>
      <Text size="sm" mb="xs">
        {t('portal.form.summaryIntro', { count: entries.length })}
      </Text>
      <List spacing={4} size="sm">
        {entries.map((entry) => (
          <List.Item key={`${entry.path}-${entry.message}`}>
            <Anchor
              href={`#${fieldId(entry.path)}`}
              c="red.9"
              underline="always"
              fw={500}
              onClick={(event) => {
                event.preventDefault();
                const target = document.getElementById(fieldId(entry.path));
                target?.focus();
                target?.scrollIntoView({ block: 'center' });
              }}
            >
              {entry.label} – {entry.message}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
