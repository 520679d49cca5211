import { Accordion, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FixtureFields } from './FixtureFields.tsx';
import type { Definition, Recipe } from './fields.tsx';

export function FixturesTab({
  definition,
  update,
  onValidity,
  ruleIds,
  failing,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
  onValidity: (id: string, valid: boolean) => void;
  ruleIds: string[];
  failing: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const fixtures = definition.fixtures;
  // A fixture that starts failing opens, so what needs fixing is in view; closing it is the user's.
  const [opened, setOpened] = useState<string[]>([]);
  const failingKey = fixtures
    .flatMap((fixture, index) => (failing.has(fixture.id) ? [`fixture-${index}`] : []))
    .join(' ');
  useEffect(() => {
    if (!failingKey) return;
    setOpened((previous) => [...new Set([...previous, ...failingKey.split(' ')])]);
  }, [failingKey]);
  return (
    <Stack gap="md">
      <Accordion multiple variant="separated" chevronPosition="left" value={opened} onChange={setOpened}>
        {fixtures.map((fixture, f) => {
          const change = (recipe: (fixture: (typeof fixtures)[number]) => void) =>
            update((draft) => {
              recipe(draft.fixtures[f] as (typeof fixtures)[number]);
            });
          return (
            <Accordion.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
              key={`fixture-${f}`}
              value={`fixture-${f}`}
              data-testid="editor-fixture"
              data-fixture={fixture.id}
            >
              <Accordion.Control>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600} ff="monospace">
                    {fixture.id}
                  </Text>
                  <Badge variant="light" radius="sm">
                    {fixture.expect.suggestedLevel}
                  </Badge>
                  {failing.has(fixture.id) && (
                    <Badge color="red.9" variant="outline" radius="sm">
                      {t('models.check.failedFixture')}
                    </Badge>
                  )}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <FixtureFields
                  fixture={fixture}
                  ruleIds={ruleIds}
                  onValidity={onValidity}
                  change={change}
                  onRemove={() =>
                    update((draft) => {
                      draft.fixtures.splice(f, 1);
                    })
                  }
                />
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
      {fixtures.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('models.editor.none')}
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            update((draft) => {
              draft.fixtures.push({
                id: `fixture-${draft.fixtures.length + 1}`,
                answers: {},
                expect: { suggestedLevel: 'L1' },
              });
            })
          }
        >
          {t('models.editor.addFixture')}
        </Button>
      </Group>
    </Stack>
  );
}
