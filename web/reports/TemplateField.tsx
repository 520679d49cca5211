import { Paper, Select, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseTemplates } from '../api/case-templates.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { currentLanguage } from '../i18n/index.ts';

/** No template: the case starts empty. Not a key a template can have (they start with a letter). */
export const noTemplate = '';

/**
 * The organisation's templates a case can be opened with (switched-off ones are not offered), by their name
 * in the interface language, and below the choice what the chosen one does.
 */
export function TemplateField({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  const { t } = useTranslation();
  const templates = useCaseTemplates();
  const language = currentLanguage();
  const offered = (templates.data?.templates ?? []).filter((template) => template.active);
  const chosen = offered.find((template) => template.key === value);
  const descriptionId = useId();
  return (
    <Stack gap={6}>
      <Select
        label={t('templates.openCase.template')}
        description={t('templates.openCase.help')}
        placeholder={templates.isPending ? t('templates.openCase.loading') : undefined}
        data={[
          { value: noTemplate, label: t('templates.openCase.none') },
          ...offered.map((template) => ({ value: template.key, label: template.names[language] })),
        ]}
        value={value}
        onChange={(key) => onChange(key ?? noTemplate)}
        allowDeselect={false}
        disabled={!templates.isSuccess}
        aria-describedby={chosen ? descriptionId : undefined}
        comboboxProps={{ withinPortal: true }}
      />
      {templates.error && <ErrorAlert error={templates.error} />}
      {chosen && (
        <Paper withBorder p="sm" bg="gray.0" id={descriptionId} data-testid="template-description">
          <Stack gap={4}>
            <Text size="sm">{chosen.descriptions[language]}</Text>
            {chosen.tasks.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('templates.openCase.tasks', { count: chosen.tasks.length })}
              </Text>
            )}
            {chosen.specialties.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('templates.openCase.suggests', {
                  specialties: chosen.specialties.map((specialty) => specialtyLabel(t, specialty)).join(', '),
                })}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
