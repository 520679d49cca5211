import { Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Definition, LocalisedFields, optionalText, type Recipe } from './fields.tsx';

export function GeneralTab({
  definition,
  update,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <LocalisedFields
        labels={[t('models.editor.titleEn'), t('models.editor.titleDe')]}
        value={definition.title}
        onChange={(value) =>
          update((draft) => {
            draft.title = value;
          })
        }
      />
      <LocalisedFields
        labels={[t('models.editor.descriptionEn'), t('models.editor.descriptionDe')]}
        value={definition.description}
        multiline
        required={false}
        onChange={(value) =>
          update((draft) => {
            const description = optionalText(value);
            if (description) draft.description = description;
            else delete draft.description;
          })
        }
      />
      <TextInput
        label={t('models.editor.publisher')}
        value={definition.publisher}
        required
        onChange={(event) => {
          const value = event.currentTarget.value;
          update((draft) => {
            draft.publisher = value;
          });
        }}
        maw={400}
      />
      <Stack gap={4}>
        <LocalisedFields
          labels={[t('models.editor.labelForUsersEn'), t('models.editor.labelForUsersDe')]}
          value={definition.suggestionPolicy.labelForUsers}
          onChange={(value) =>
            update((draft) => {
              draft.suggestionPolicy.labelForUsers = value;
            })
          }
        />
        <Text size="xs" c="dimmed">
          {t('models.editor.labelForUsersHelp')}
        </Text>
      </Stack>
    </Stack>
  );
}
