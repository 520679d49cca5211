import { Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportAnswers, ReportFormDefinition } from '../api/reports.ts';
import { currentLanguage } from '../i18n/index.ts';
import { type AnswerDisplay, type AnsweredItem, answersForReading } from './answers.ts';
import { Day } from './ReportBits.tsx';

/** The answers, read by the form the report was submitted with: its sections, questions and option labels. */
export function AnswersView({ form, answers }: { form: ReportFormDefinition; answers: ReportAnswers }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { sections, unknown } = answersForReading(form, answers, currentLanguage());
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="lg">
        <Stack gap={2}>
          <Title order={2} size="h3" id={headingId}>
            {t('reports.report.answersHeading')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('reports.report.formVersion', { formId: form.formId, version: form.version })}
          </Text>
        </Stack>
        {sections.map((section) => (
          <Stack key={section.id} gap="sm">
            <Title order={3} size="h5" c="dimmed" tt="uppercase" style={{ letterSpacing: '0.03em' }}>
              {section.title}
            </Title>
            <Answers items={section.items} />
          </Stack>
        ))}
        {unknown.length > 0 && (
          <Stack gap="sm">
            <Title order={3} size="h5" c="dimmed">
              {t('reports.report.unknownAnswers')}
            </Title>
            <Answers items={unknown} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Answers({ items }: { items: AnsweredItem[] }) {
  return (
    <Stack component="dl" gap="md" m={0}>
      {items.map((item) => (
        <div key={item.id}>
          <Text component="dt" fw={600} size="sm">
            {item.label}
          </Text>
          <Text component="dd" m={0} mt={4} size="sm">
            <AnswerValue display={item.display} />
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function AnswerValue({ display }: { display: AnswerDisplay }) {
  const { t } = useTranslation();
  switch (display.kind) {
    case 'none':
      return (
        <Text span c="dimmed" fs="italic" size="sm">
          {t('reports.report.noAnswer')}
        </Text>
      );
    case 'text':
      return (
        <Text span size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {display.text}
        </Text>
      );
    case 'day':
      return <Day day={display.day} />;
    case 'choices':
      if (display.labels.length === 1) return <>{display.labels[0]}</>;
      return (
        <Stack component="ul" gap={2} m={0} pl="md">
          {display.labels.map((label) => (
            <li key={label}>{label}</li>
          ))}
        </Stack>
      );
    case 'persons':
      return (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {display.persons.map((person, index) => (
            // People have no id of their own; their order is part of the answer.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
            <Paper component="li" key={index} withBorder p="xs" radius="sm" bg="gray.0">
              <Text size="sm" fw={600}>
                {person.name || (
                  <Text span c="dimmed" fs="italic" size="sm">
                    {t('reports.report.noName')}
                  </Text>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {person.role}
              </Text>
              {person.description && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {person.description}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      );
  }
}
