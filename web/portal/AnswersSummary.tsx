import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FormItem, PersonAnswer, ReportAnswers, ReportFormDefinition } from '../api/portal.ts';
import { formatDay, useLocalised } from './localised.ts';

/** The reporter's own answers, readable: each answered question with its answer in words. */
export function AnswersSummary({ form, answers }: { form: ReportFormDefinition; answers: ReportAnswers }) {
  const { text } = useLocalised();
  const sections = form.sections
    .map((section) => ({ section, items: section.items.filter((item) => answers[item.id] !== undefined) }))
    .filter(({ items }) => items.length > 0);
  return (
    <Stack gap="lg">
      {sections.map(({ section, items }) => (
        <section key={section.id} aria-labelledby={`summary-${section.id}`}>
          <Text component="h3" id={`summary-${section.id}`} fw={700} mb="xs">
            {text(section.title)}
          </Text>
          <Stack component="dl" gap="sm" m={0}>
            {items.map((item) => (
              <div key={item.id}>
                <Text component="dt" size="sm" fw={600} c="dimmed">
                  {text(item.label)}
                </Text>
                <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  <AnswerText item={item} form={form} value={answers[item.id]} />
                </Text>
              </div>
            ))}
          </Stack>
        </section>
      ))}
    </Stack>
  );
}

function AnswerText({
  item,
  form,
  value,
}: {
  item: FormItem;
  form: ReportFormDefinition;
  value: ReportAnswers[string] | undefined;
}) {
  const { t } = useTranslation();
  const { language, text } = useLocalised();
  if (value === undefined) return <>{t('portal.dialogue.noAnswer')}</>;
  const optionLabel = (scale: string, code: string) => {
    const option = form.scales[scale]?.options.find((candidate) => candidate.code === code);
    return option ? text(option.label) : code;
  };
  switch (item.type) {
    case 'text':
      return <>{String(value)}</>;
    case 'date':
      return <>{typeof value === 'string' ? formatDay(value, language) : ''}</>;
    case 'choice':
      return <>{typeof value === 'string' ? optionLabel(item.scale, value) : ''}</>;
    case 'multi_choice':
      return (
        <List size="sm" spacing={2}>
          {(Array.isArray(value) ? (value as string[]) : []).map((code) => (
            <List.Item key={code}>{optionLabel(item.scale, code)}</List.Item>
          ))}
        </List>
      );
    case 'persons':
      return (
        <List size="sm" spacing={4}>
          {(Array.isArray(value) ? (value as PersonAnswer[]) : []).map((person, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: people have no id, and the list never changes here
            <List.Item key={index}>
              <Text component="span" fw={600} size="sm">
                {optionLabel(item.roleScale, person.role)}
              </Text>
              {person.name && `: ${person.name}`}
              {person.description && ` – ${person.description}`}
            </List.Item>
          ))}
        </List>
      );
  }
}
