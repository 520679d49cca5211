import { Button, Checkbox, Grid, Group, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Definition, emptyText, type Recipe, RemoveButton } from './fields.tsx';

export function ScalesTab({
  definition,
  update,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
}) {
  const { t } = useTranslation();
  const [newId, setNewId] = useState('');
  return (
    <Stack gap="lg">
      {Object.entries(definition.scales).map(([scaleId, scale]) => (
        <Paper key={scaleId} withBorder p="md" data-testid="editor-scale">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4" ff="monospace">
                {t('models.editor.scaleTitle', { id: scaleId })}
              </Title>
              <RemoveButton
                label={t('models.editor.removeScale', { id: scaleId })}
                onClick={() =>
                  update((draft) => {
                    delete draft.scales[scaleId];
                  })
                }
              />
            </Group>
            {scale.options.map((option, o) => {
              const change = (recipe: (option: (typeof scale.options)[number]) => void) =>
                update((draft) => {
                  recipe(draft.scales[scaleId]?.options[o] as (typeof scale.options)[number]);
                });
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
                <Paper key={`${scaleId}-${o}`} withBorder p="xs" bg="gray.0">
                  <Grid gap="xs" align="flex-end">
                    <Grid.Col span={{ base: 6, sm: 2 }}>
                      <TextInput
                        label={t('models.editor.optionCode')}
                        value={option.code}
                        required
                        onChange={(event) => {
                          const value = event.currentTarget.value;
                          change((draft) => {
                            draft.code = value;
                          });
                        }}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, sm: 3 }}>
                      <TextInput
                        label={t('models.editor.optionLabelEn')}
                        value={option.label.en}
                        required
                        onChange={(event) => {
                          const value = event.currentTarget.value;
                          change((draft) => {
                            draft.label = { ...draft.label, en: value };
                          });
                        }}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, sm: 3 }}>
                      <TextInput
                        label={t('models.editor.optionLabelDe')}
                        value={option.label.de}
                        required
                        onChange={(event) => {
                          const value = event.currentTarget.value;
                          change((draft) => {
                            draft.label = { ...draft.label, de: value };
                          });
                        }}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 6, sm: 1.5 }}>
                      <NumberInput
                        label={t('models.editor.optionWeight')}
                        value={option.weight ?? ''}
                        allowDecimal
                        onChange={(value) =>
                          change((draft) => {
                            if (value === '' || typeof value !== 'number') {
                              if (draft.weight !== undefined) draft.weight = null;
                            } else draft.weight = value;
                          })
                        }
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 6, sm: 1.5 }}>
                      <Checkbox
                        label={t('models.editor.optionMissing')}
                        checked={option.missing === true}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          change((draft) => {
                            if (checked) draft.missing = true;
                            else delete draft.missing;
                          });
                        }}
                        mb={8}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 6, sm: 1 }}>
                      <RemoveButton
                        label={t('models.editor.removeOption', { code: option.code })}
                        onClick={() =>
                          update((draft) => {
                            draft.scales[scaleId]?.options.splice(o, 1);
                          })
                        }
                      />
                    </Grid.Col>
                  </Grid>
                </Paper>
              );
            })}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  update((draft) => {
                    draft.scales[scaleId]?.options.push({ code: 'option', label: emptyText(), weight: 0 });
                  })
                }
              >
                {t('models.editor.addOption', { scale: scaleId })}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
      <Group align="flex-end">
        <TextInput
          label={t('models.editor.newScaleId')}
          value={newId}
          onChange={(event) => setNewId(event.currentTarget.value)}
          maw={260}
        />
        <Button
          variant="default"
          disabled={!newId.trim() || newId.trim() in definition.scales}
          onClick={() => {
            const id = newId.trim();
            update((draft) => {
              draft.scales[id] = {
                type: 'single-choice',
                options: [
                  { code: 'yes', label: { en: 'Yes', de: 'Ja' }, weight: 1 },
                  { code: 'no', label: { en: 'No', de: 'Nein' }, weight: 0 },
                  { code: 'unknown', label: { en: 'Unknown', de: 'Unbekannt' }, weight: null, missing: true },
                ],
              };
            });
            setNewId('');
          }}
        >
          {t('models.editor.addScale')}
        </Button>
      </Group>
    </Stack>
  );
}
