import { Group, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Definition, LocalisedFields, optionalText, RemoveButton } from './fields.tsx';

export type ItemDraft = Definition['sections'][number]['items'][number];

export function ItemFields({
  item,
  scaleIds,
  sourceIds,
  onChange,
  onRemove,
}: {
  item: ItemDraft;
  scaleIds: string[];
  sourceIds: string[];
  onChange: (recipe: (item: ItemDraft) => void) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const text = (field: 'itemId' | 'conceptId') => (value: string) =>
    onChange((draft) => {
      draft[field] = value;
    });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('models.editor.itemId')}
          value={item.itemId}
          required
          onChange={(event) => text('itemId')(event.currentTarget.value)}
        />
        <TextInput
          label={t('models.editor.conceptId')}
          description={t('models.editor.conceptHelp')}
          value={item.conceptId}
          required
          onChange={(event) => text('conceptId')(event.currentTarget.value)}
        />
      </SimpleGrid>
      <LocalisedFields
        labels={[t('models.editor.textEn'), t('models.editor.textDe')]}
        value={item.text}
        multiline
        onChange={(value) =>
          onChange((draft) => {
            draft.text = value;
          })
        }
      />
      <LocalisedFields
        labels={[t('models.editor.helpEn'), t('models.editor.helpDe')]}
        value={item.help}
        multiline
        required={false}
        onChange={(value) =>
          onChange((draft) => {
            const help = optionalText(value);
            if (help) draft.help = help;
            else delete draft.help;
          })
        }
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          label={t('models.editor.scale')}
          data={scaleIds}
          value={item.scale}
          allowDeselect={false}
          onChange={(value) =>
            onChange((draft) => {
              if (value) draft.scale = value;
            })
          }
        />
        <Select
          label={t('models.editor.trendScale')}
          data={[
            { value: '', label: t('models.editor.noTrend') },
            ...scaleIds.map((id) => ({ value: id, label: id })),
          ]}
          value={item.trendScale ?? ''}
          allowDeselect={false}
          onChange={(value) =>
            onChange((draft) => {
              if (value) draft.trendScale = value;
              else delete draft.trendScale;
            })
          }
        />
        <Select
          label={t('models.editor.evidence')}
          data={[
            { value: '', label: t('models.editor.evidenceNone') },
            { value: 'optional', label: t('models.editor.evidenceOptional') },
            { value: 'requiredIfPositive', label: t('models.editor.evidenceRequired') },
          ]}
          value={item.evidence ?? ''}
          allowDeselect={false}
          onChange={(value) =>
            onChange((draft) => {
              if (value === 'optional' || value === 'requiredIfPositive') draft.evidence = value;
              else delete draft.evidence;
            })
          }
        />
      </SimpleGrid>
      <TagsInput
        label={t('models.editor.tags')}
        description={t('models.editor.tagsHelp')}
        value={item.tags}
        onChange={(value) =>
          onChange((draft) => {
            draft.tags = value;
          })
        }
      />
      <Select
        label={t('models.editor.sourceRef')}
        description={t('models.editor.sourceRefHelp')}
        data={[
          { value: '', label: t('models.editor.noSource') },
          ...[...new Set([...sourceIds, ...(item.sourceRef ? [item.sourceRef] : [])])].map((id) => ({
            value: id,
            label: id,
          })),
        ]}
        value={item.sourceRef ?? ''}
        allowDeselect={false}
        maw={320}
        onChange={(value) =>
          onChange((draft) => {
            if (value) draft.sourceRef = value;
            else delete draft.sourceRef;
          })
        }
      />
      <Group>
        <RemoveButton label={t('models.editor.removeItem', { id: item.itemId })} onClick={onRemove} />
      </Group>
    </Stack>
  );
}
