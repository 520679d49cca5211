import { Alert, Button, Grid, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkModelDefinition,
  type FixtureOutcome,
  type ModelVersionView,
  useSaveModelDraft,
} from '../api/assessment-models.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ModelCheckPanel } from './ModelCheckPanel.tsx';
import { ChangelogTab } from './model-editor/ChangelogTab.tsx';
import { DerivedTab } from './model-editor/DerivedTab.tsx';
import { FixturesTab } from './model-editor/FixturesTab.tsx';
import type { Definition, Recipe } from './model-editor/fields.tsx';
import { GeneralTab } from './model-editor/GeneralTab.tsx';
import { PolicyTab } from './model-editor/PolicyTab.tsx';
import { RulesTab } from './model-editor/RulesTab.tsx';
import { ScalesTab } from './model-editor/ScalesTab.tsx';
import { SectionsTab } from './model-editor/SectionsTab.tsx';
import { SourcesTab } from './model-editor/SourcesTab.tsx';

const editorTabs = [
  'general',
  'sections',
  'scales',
  'derived',
  'rules',
  'policy',
  'sources',
  'changelog',
  'fixtures',
] as const;

/**
 * The editor of a draft: title and texts, sections and items (in their order), scales, derived values,
 * rules (their JsonLogic as JSON text), the suggestion policy's thresholds, licence and sources, the
 * changelog entry and the fixtures. Changes are checked by the server as they
 * are made (without saving) and saved with "Save draft"; publishing needs a saved draft whose check has no
 * problems.
 */
export function ModelEditor({ view, onPublish }: { view: ModelVersionView; onPublish: () => void }) {
  const { t } = useTranslation();
  const save = useSaveModelDraft(view.modelId, view.version);
  const [definition, setDefinition] = useState<Definition>(() =>
    structuredClone(view.definition as Definition),
  );
  const [saved, setSaved] = useState(() => JSON.stringify(view.definition));
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const current = JSON.stringify(definition);
  const dirty = current !== saved;
  const update = useCallback((recipe: Recipe) => {
    setNotice(null);
    setDefinition((previous) => {
      const next = structuredClone(previous);
      recipe(next);
      return next;
    });
  }, []);
  const onValidity = useCallback((id: string, valid: boolean) => {
    setInvalid((previous) => {
      if (valid === !previous.has(id)) return previous;
      const next = new Set(previous);
      if (valid) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // The live check: what publishing would say about the draft as it is on screen, a moment after a change.
  const [debounced] = useDebouncedValue(current, 700);
  const liveCheck = useQuery({
    queryKey: ['assessment-models', 'check', view.modelId, view.version, debounced],
    queryFn: ({ signal }) => checkModelDefinition(JSON.parse(debounced), signal),
    enabled: dirty && debounced === current && invalid.size === 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const live = dirty && liveCheck.data !== undefined && debounced === current;
  const check = dirty ? (live ? liveCheck.data : null) : view.check;
  const checking = dirty && (debounced !== current || liveCheck.isFetching);

  const submit = () => {
    if (invalid.size > 0) return;
    save.mutate(definition, {
      onSuccess: (answer) => {
        const stored = answer.definition as Definition;
        setSaved(JSON.stringify(stored));
        setDefinition(structuredClone(stored));
        setNotice(t('models.editor.saved'));
      },
    });
  };

  const takeOver = (outcome: FixtureOutcome) =>
    update((draft) => {
      const fixture = draft.fixtures.find((candidate) => candidate.id === outcome.id);
      if (!fixture) return;
      fixture.expect = {
        suggestedLevel: outcome.actual,
        ...(fixture.expect.flags !== undefined ? { flags: outcome.flags } : {}),
        ...(fixture.expect.fired !== undefined ? { fired: outcome.fired } : {}),
      };
    });

  const failing = new Set((check?.fixtures ?? []).filter((fixture) => !fixture.passed).map((f) => f.id));
  const ruleIds = definition.rules.map((rule) => rule.id);
  const scaleIds = Object.keys(definition.scales);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="md">
          <Tabs defaultValue="general" keepMounted>
            <Tabs.List aria-label={t('models.editor.tabsLabel')}>
              {editorTabs.map((tab) => (
                <Tabs.Tab key={tab} value={tab}>
                  {t(`models.editor.tabs.${tab}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="general" pt="md">
              <GeneralTab definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="sections" pt="md">
              <SectionsTab definition={definition} update={update} scaleIds={scaleIds} />
            </Tabs.Panel>
            <Tabs.Panel value="scales" pt="md">
              <ScalesTab definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="derived" pt="md">
              <DerivedTab definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="rules" pt="md">
              <RulesTab definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="policy" pt="md">
              <PolicyTab definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="sources" pt="md">
              <SourcesTab definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="changelog" pt="md">
              <ChangelogTab definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="fixtures" pt="md">
              <FixturesTab
                definition={definition}
                update={update}
                onValidity={onValidity}
                ruleIds={ruleIds}
                failing={failing}
              />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="md" style={{ position: 'sticky', top: 76 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Text size="sm" fw={600} role="status" data-testid="draft-state" data-dirty={dirty}>
                {dirty ? t('models.editor.unsaved') : t('models.editor.allSaved')}
              </Text>
              {invalid.size > 0 && (
                <Alert color="red" variant="light" p="xs">
                  {t('models.editor.fixJson')}
                </Alert>
              )}
              {notice && (
                <Alert color="teal" variant="light" p="xs">
                  {notice}
                </Alert>
              )}
              <ErrorAlert error={save.error} />
              <Group gap="sm">
                <Button onClick={submit} loading={save.isPending} disabled={!dirty || invalid.size > 0}>
                  {t('models.editor.save')}
                </Button>
                {view.can.publish && (
                  <Button
                    variant="filled"
                    color="teal.8"
                    onClick={onPublish}
                    disabled={dirty || !view.check?.publishable}
                    title={dirty || !view.check?.publishable ? t('models.publish.disabled') : undefined}
                  >
                    {t('models.list.publish')}
                  </Button>
                )}
              </Group>
              {(dirty || !view.check?.publishable) && (
                <Text size="xs" c="dimmed">
                  {t('models.publish.disabled')}
                </Text>
              )}
            </Stack>
          </Paper>
          <ModelCheckPanel
            check={check ?? null}
            live={dirty}
            checking={checking}
            error={dirty ? liveCheck.error : null}
            onTakeOver={takeOver}
          />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
