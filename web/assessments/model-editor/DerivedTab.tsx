import { Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { JsonField } from '../JsonField.tsx';
import { type Definition, LocalisedFields, optionalText, type Recipe, RemoveButton } from './fields.tsx';

export function DerivedTab({
  definition,
  update,
  onValidity,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
  onValidity: (id: string, valid: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      {definition.derived.map((entry, d) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
        <Paper key={`derived-${d}`} withBorder p="md" data-testid="editor-derived">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h5" ff="monospace">
                {t('models.editor.derivedTitle', { id: entry.id })}
              </Title>
              <RemoveButton
                label={t('models.editor.removeDerived', { id: entry.id })}
                onClick={() =>
                  update((draft) => {
                    draft.derived.splice(d, 1);
                  })
                }
              />
            </Group>
            <TextInput
              label={t('models.editor.derivedId')}
              value={entry.id}
              required
              maw={300}
              onChange={(event) => {
                const value = event.currentTarget.value;
                update((draft) => {
                  (draft.derived[d] as (typeof draft.derived)[number]).id = value;
                });
              }}
            />
            <LocalisedFields
              labels={[t('models.editor.derivedLabelEn'), t('models.editor.derivedLabelDe')]}
              value={entry.label}
              required={false}
              onChange={(value) =>
                update((draft) => {
                  const target = draft.derived[d] as (typeof draft.derived)[number];
                  const label = optionalText(value);
                  if (label) target.label = label;
                  else delete target.label;
                })
              }
            />
            <JsonField
              label={t('models.editor.expression', { id: entry.id })}
              description={t('models.editor.expressionHelp')}
              value={entry.expr}
              minRows={2}
              onValidity={onValidity}
              onChange={(value) =>
                update((draft) => {
                  (draft.derived[d] as (typeof draft.derived)[number]).expr = value;
                })
              }
            />
          </Stack>
        </Paper>
      ))}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            update((draft) => {
              draft.derived.push({
                id: `value${draft.derived.length + 1}`,
                expr: { countTag: ['tag', ['present']] },
              });
            })
          }
        >
          {t('models.editor.addDerived')}
        </Button>
      </Group>
    </Stack>
  );
}
