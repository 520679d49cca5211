import { Checkbox, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { localised } from '../model-text.ts';
import { type Definition, LocalisedFields, optionalText, type Recipe } from './fields.tsx';

type ChangelogDraft = Definition['changelog'][number];

export function ChangelogTab({
  definition,
  update,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [entry, ...earlier] = definition.changelog;
  if (!entry) return null;
  const change = (recipe: (entry: ChangelogDraft) => void) =>
    update((draft) => {
      recipe(draft.changelog[0] as ChangelogDraft);
    });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('models.editor.changelogIntro')}
      </Text>
      <Paper withBorder p="md" data-testid="editor-changelog">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('models.editor.changelogVersion', { version: entry.version, date: entry.date })}
          </Title>
          <Select
            label={t('models.editor.bump')}
            data={(['major', 'minor', 'patch'] as const).map((bump) => ({
              value: bump,
              label: t(`models.editor.bumps.${bump}`),
            }))}
            value={entry.bump}
            allowDeselect={false}
            maw={320}
            onChange={(value) =>
              change((draft) => {
                if (value === 'major' || value === 'minor' || value === 'patch') draft.bump = value;
              })
            }
          />
          <Checkbox
            label={t('models.editor.affectsSuggestion')}
            checked={entry.affectsSuggestion}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              change((draft) => {
                draft.affectsSuggestion = checked;
              });
            }}
          />
          <LocalisedFields
            labels={[t('models.editor.summaryEn'), t('models.editor.summaryDe')]}
            value={entry.summary}
            multiline
            onChange={(value) =>
              change((draft) => {
                draft.summary = value;
              })
            }
          />
          <LocalisedFields
            labels={[t('models.editor.rationaleEn'), t('models.editor.rationaleDe')]}
            value={entry.rationale}
            multiline
            required={false}
            onChange={(value) =>
              change((draft) => {
                const rationale = optionalText(value);
                if (rationale) draft.rationale = rationale;
                else delete draft.rationale;
              })
            }
          />
        </Stack>
      </Paper>
      {earlier.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('models.editor.earlierEntries')}
          </Title>
          {earlier.map((old) => (
            <Text key={old.version} size="sm">
              <Text span fw={600} ff="monospace">
                {old.version}
              </Text>{' '}
              ({old.date}, {old.bump}): {localised(old.summary, language)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
