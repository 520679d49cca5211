import { Group, MultiSelect, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { levels } from '../../api/assessments.ts';
import { JsonField } from '../JsonField.tsx';
import { type Definition, RemoveButton } from './fields.tsx';

export type FixtureDraft = Definition['fixtures'][number];

export function FixtureFields({
  fixture,
  ruleIds,
  onValidity,
  change,
  onRemove,
}: {
  fixture: FixtureDraft;
  ruleIds: string[];
  onValidity: (id: string, valid: boolean) => void;
  change: (recipe: (fixture: FixtureDraft) => void) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const fields: ReactNode = (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('models.editor.fixtureId')}
          value={fixture.id}
          required
          onChange={(event) => {
            const value = event.currentTarget.value;
            change((draft) => {
              draft.id = value;
            });
          }}
        />
        <Select
          label={t('models.editor.expectedLevel')}
          data={[...levels]}
          value={fixture.expect.suggestedLevel}
          allowDeselect={false}
          onChange={(value) =>
            change((draft) => {
              if (value) draft.expect.suggestedLevel = value as typeof draft.expect.suggestedLevel;
            })
          }
        />
      </SimpleGrid>
      <TextInput
        label={t('models.editor.fixtureDescription')}
        value={fixture.description ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          change((draft) => {
            if (value) draft.description = value;
            else delete draft.description;
          });
        }}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <MultiSelect
          label={t('models.editor.expectedFired')}
          data={[...new Set([...ruleIds, ...(fixture.expect.fired ?? [])])]}
          value={fixture.expect.fired ?? []}
          onChange={(value) =>
            change((draft) => {
              draft.expect.fired = value;
            })
          }
        />
        <TagsInput
          label={t('models.editor.expectedFlags')}
          value={fixture.expect.flags ?? []}
          onChange={(value) =>
            change((draft) => {
              draft.expect.flags = value;
            })
          }
        />
      </SimpleGrid>
      <JsonField
        label={t('models.editor.fixtureAnswers', { id: fixture.id })}
        value={fixture.answers}
        onValidity={onValidity}
        minRows={4}
        onChange={(value) =>
          change((draft) => {
            draft.answers = (value ?? {}) as Record<string, string>;
          })
        }
      />
      <Group>
        <RemoveButton label={t('models.editor.removeFixture', { id: fixture.id })} onClick={onRemove} />
      </Group>
    </Stack>
  );
  return fields;
}
