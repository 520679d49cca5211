import { Box, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { ReportFormDefinition } from '../api/portal.ts';
import { isLanguage, type Language, languages } from '../i18n/language.ts';
import type { AnswerDraft } from '../portal/answers.ts';
import { serverToday } from '../portal/answers.ts';
import { FormItemField, FormSectionBlock } from '../portal/FormItemField.tsx';
import { useLocalised } from '../portal/localised.ts';

/**
 * The draft as reporters see it, drawn by the portal's own components in the language chosen here (its own
 * i18next instance, so the admin's interface keeps its language). Answers can be tried out; nothing is sent.
 */
export function FormPreview({ form }: { form: ReportFormDefinition }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<Language>(
    isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en',
  );
  // A clone shares the catalogues and has a language of its own; changing it does not touch the page's.
  const previewI18n = useMemo(() => i18n.cloneInstance({ lng: language }), [i18n, language]);

  return (
    <Stack gap="md" data-testid="form-preview">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm" c="dimmed" maw={520}>
          {t('formEditor.preview.intro')}
        </Text>
        <SegmentedControl
          aria-label={t('formEditor.preview.language')}
          value={language}
          onChange={(value) => isLanguage(value) && setLanguage(value)}
          data={languages.map((value) => ({ value, label: t(`language.${value}`) }))}
        />
      </Group>
      <Box
        bg="gray.0"
        p={{ base: 'sm', sm: 'xl' }}
        style={{ borderRadius: 'var(--mantine-radius-md)' }}
        lang={language}
      >
        <I18nextProvider i18n={previewI18n}>
          <PreviewBody form={form} />
        </I18nextProvider>
      </Box>
    </Stack>
  );
}

function PreviewBody({ form }: { form: ReportFormDefinition }) {
  const { t } = useTranslation();
  const { text } = useLocalised();
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>({});
  const today = serverToday();
  return (
    <Stack gap="lg" maw={760} mx="auto">
      <Stack gap="xs">
        <Title order={3} fz={{ base: 22, sm: 28 }}>
          {text(form.title)}
        </Title>
        {form.description && <Text fz={{ base: 'md', sm: 'lg' }}>{text(form.description)}</Text>}
      </Stack>
      <Text size="sm">{t('portal.form.intro')}</Text>
      {form.sections.map((section, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: section ids may clash while they are being edited
        <Paper key={index} withBorder p={{ base: 'sm', sm: 'lg' }}>
          <FormSectionBlock
            title={text(section.title)}
            help={text(section.help) || undefined}
            headingId={`preview-section-${index}`}
          >
            {section.items.map((item, itemIndex) => (
              <FormItemField
                // biome-ignore lint/suspicious/noArrayIndexKey: item ids may clash while they are being edited
                key={itemIndex}
                item={item}
                form={form}
                value={drafts[item.id]}
                onChange={(value) => setDrafts((current) => ({ ...current, [item.id]: value }))}
                errorFor={() => undefined}
                today={today}
              />
            ))}
          </FormSectionBlock>
        </Paper>
      ))}
      <Text size="sm" c="dimmed" fs="italic">
        {t('formEditor.preview.unitAndFiles')}
      </Text>
    </Stack>
  );
}
