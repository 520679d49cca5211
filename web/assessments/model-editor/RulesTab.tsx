import { Badge, Button, Checkbox, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { levels } from '../../api/assessments.ts';
import { JsonField } from '../JsonField.tsx';
import { type Definition, emptyText, LocalisedFields, type Recipe, RemoveButton } from './fields.tsx';

export function RulesTab({
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
      {definition.rules.map((rule, r) => {
        const change = (recipe: (rule: (typeof definition.rules)[number]) => void) =>
          update((draft) => {
            recipe(draft.rules[r] as (typeof definition.rules)[number]);
          });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
          <Paper key={`rule-${r}`} withBorder p="md" data-testid="editor-rule" data-rule={rule.id}>
            <Stack gap="sm">
              <Group justify="space-between">
                <Group gap="xs">
                  <Title order={3} size="h5" ff="monospace">
                    {t('models.editor.ruleTitle', { id: rule.id })}
                  </Title>
                  <Badge variant="light" radius="sm">
                    {rule.suggest}
                  </Badge>
                  {rule.floor && (
                    <Badge variant="light" color="grape" radius="sm">
                      {t('models.view.floor')}
                    </Badge>
                  )}
                </Group>
                <RemoveButton
                  label={t('models.editor.removeRule', { id: rule.id })}
                  onClick={() =>
                    update((draft) => {
                      draft.rules.splice(r, 1);
                    })
                  }
                />
              </Group>
              <Group align="flex-end" gap="md" wrap="wrap">
                <TextInput
                  label={t('models.editor.ruleId')}
                  value={rule.id}
                  required
                  w={240}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    change((draft) => {
                      draft.id = value;
                    });
                  }}
                />
                <Select
                  label={t('models.editor.suggests')}
                  data={[...levels]}
                  value={rule.suggest}
                  allowDeselect={false}
                  w={170}
                  onChange={(value) =>
                    change((draft) => {
                      if (value) draft.suggest = value as typeof draft.suggest;
                    })
                  }
                />
                <Checkbox
                  label={t('models.editor.floor')}
                  checked={rule.floor}
                  mb={8}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    change((draft) => {
                      draft.floor = checked;
                    });
                  }}
                />
              </Group>
              <JsonField
                label={t('models.editor.condition', { id: rule.id })}
                description={t('models.editor.conditionHelp')}
                value={rule.when}
                onValidity={onValidity}
                onChange={(value) =>
                  change((draft) => {
                    draft.when = value;
                  })
                }
                testId={`rule-when-${rule.id}`}
              />
              <LocalisedFields
                labels={[t('models.editor.explainEn'), t('models.editor.explainDe')]}
                value={rule.explain}
                multiline
                onChange={(value) =>
                  change((draft) => {
                    draft.explain = value;
                  })
                }
              />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            update((draft) => {
              draft.rules.push({
                id: `R${draft.rules.length + 1}-new`,
                suggest: 'L2',
                floor: false,
                when: false,
                explain: emptyText(),
              });
            })
          }
        >
          {t('models.editor.addRule')}
        </Button>
      </Group>
    </Stack>
  );
}
