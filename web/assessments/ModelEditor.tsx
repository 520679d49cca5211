import {
  Accordion,
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkModelDefinition,
  type FixtureOutcome,
  type ModelDefinition,
  type ModelVersionView,
  useSaveModelDraft,
} from '../api/assessment-models.ts';
import { levels } from '../api/assessments.ts';
import { useLevelText } from '../cases/CaseBadges.tsx';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { JsonField } from './JsonField.tsx';
import { ModelCheckPanel } from './ModelCheckPanel.tsx';
import { levelOf, localised } from './model-text.ts';

type Definition = ModelDefinition;
type Localised = { en: string; de: string };
type Recipe = (draft: Definition) => void;

const emptyText = (): Localised => ({ en: '', de: '' });

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
              <GeneralPart definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="sections" pt="md">
              <SectionsPart definition={definition} update={update} scaleIds={scaleIds} />
            </Tabs.Panel>
            <Tabs.Panel value="scales" pt="md">
              <ScalesPart definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="derived" pt="md">
              <DerivedPart definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="rules" pt="md">
              <RulesPart definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="policy" pt="md">
              <PolicyPart definition={definition} update={update} onValidity={onValidity} />
            </Tabs.Panel>
            <Tabs.Panel value="sources" pt="md">
              <Stack gap="xl">
                <LicencePart definition={definition} update={update} />
                <SourcesPart definition={definition} update={update} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="changelog" pt="md">
              <ChangelogPart definition={definition} update={update} />
            </Tabs.Panel>
            <Tabs.Panel value="fixtures" pt="md">
              <FixturesPart
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

/** English and German of one text, side by side. */
function LocalisedFields({
  labels,
  value,
  onChange,
  multiline = false,
  required = true,
}: {
  labels: [string, string];
  value: Localised | undefined;
  onChange: (value: Localised) => void;
  multiline?: boolean;
  required?: boolean;
}) {
  const text = value ?? emptyText();
  const Field = multiline ? Textarea : TextInput;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {(['en', 'de'] as const).map((language, index) => (
        <Field
          key={language}
          label={labels[index]}
          value={text[language]}
          required={required}
          onChange={(event) => onChange({ ...text, [language]: event.currentTarget.value })}
          {...(multiline ? { autosize: true, minRows: 2 } : {})}
        />
      ))}
    </SimpleGrid>
  );
}

/** An optional text: both languages empty leaves it out. */
const optionalText = (value: Localised): Localised | undefined =>
  value.en.trim() === '' && value.de.trim() === '' ? undefined : value;

function GeneralPart({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
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

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="subtle" color="red.9" size="compact-sm" onClick={onClick}>
      {label}
    </Button>
  );
}

function SectionsPart({
  definition,
  update,
  scaleIds,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
  scaleIds: string[];
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const sourceIds = definition.sources.map((source) => source.id);
  // Which items are open, by place (`item-<section>-<index>`): a moved item stays open where it went.
  const [opened, setOpened] = useState<string[]>([]);
  // After a move the focus follows the item to its new place (the button pressed, or the other one at an end).
  const focusAfterMove = useRef<{ section: number; index: number; direction: 'up' | 'down' } | null>(null);
  useEffect(() => {
    const target = focusAfterMove.current;
    if (!target) return;
    focusAfterMove.current = null;
    const button = (direction: string) =>
      document.querySelector<HTMLButtonElement>(
        `[data-move="${direction}"][data-section-index="${target.section}"][data-item-index="${target.index}"]`,
      );
    const pressed = button(target.direction);
    (pressed && !pressed.disabled ? pressed : button(target.direction === 'up' ? 'down' : 'up'))?.focus();
  });
  const move = (s: number, from: number, to: number) => {
    const key = (index: number) => `item-${s}-${index}`;
    setOpened((previous) =>
      previous.map((value) => (value === key(from) ? key(to) : value === key(to) ? key(from) : value)),
    );
    focusAfterMove.current = { section: s, index: to, direction: to < from ? 'up' : 'down' };
    update((draft) => {
      const items = (draft.sections[s] as (typeof draft.sections)[number]).items;
      const [item] = items.splice(from, 1);
      if (item) items.splice(to, 0, item);
    });
  };
  const removeItem = (s: number, i: number) => {
    // The items after it move up one place, and their open state with them.
    setOpened((previous) =>
      previous.flatMap((value) => {
        const match = /^item-(\d+)-(\d+)$/.exec(value);
        if (!match || Number(match[1]) !== s) return [value];
        const index = Number(match[2]);
        return index === i ? [] : [index > i ? `item-${s}-${index - 1}` : value];
      }),
    );
    update((draft) => {
      (draft.sections[s] as (typeof draft.sections)[number]).items.splice(i, 1);
    });
  };
  return (
    <Stack gap="lg">
      {definition.sections.map((section, s) => {
        const prefix = `item-${s}-`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
          <Paper key={`section-${s}`} withBorder p="md" data-testid="editor-section">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={3} size="h4">
                  {t('models.editor.section', { number: s + 1, title: localised(section.title, language) })}
                </Title>
                <RemoveButton
                  label={t('models.editor.removeSection', { id: section.id })}
                  onClick={() => {
                    // Places of later sections change: their items close.
                    setOpened((previous) =>
                      previous.filter((value) => Number(/^item-(\d+)-/.exec(value)?.[1] ?? -1) < s),
                    );
                    update((draft) => {
                      draft.sections.splice(s, 1);
                    });
                  }}
                />
              </Group>
              <TextInput
                label={t('models.editor.sectionId')}
                value={section.id}
                required
                maw={300}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((draft) => {
                    (draft.sections[s] as (typeof draft.sections)[number]).id = value;
                  });
                }}
              />
              <LocalisedFields
                labels={[t('models.editor.sectionTitleEn'), t('models.editor.sectionTitleDe')]}
                value={section.title}
                onChange={(value) =>
                  update((draft) => {
                    (draft.sections[s] as (typeof draft.sections)[number]).title = value;
                  })
                }
              />
              <LocalisedFields
                labels={[t('models.editor.sectionHelpEn'), t('models.editor.sectionHelpDe')]}
                value={section.help}
                multiline
                required={false}
                onChange={(value) =>
                  update((draft) => {
                    const target = draft.sections[s] as (typeof draft.sections)[number];
                    const help = optionalText(value);
                    if (help) target.help = help;
                    else delete target.help;
                  })
                }
              />
              <Accordion
                multiple
                variant="separated"
                chevronPosition="left"
                value={opened.filter((value) => value.startsWith(prefix))}
                onChange={(values) =>
                  setOpened((previous) => [
                    ...previous.filter((value) => !value.startsWith(prefix)),
                    ...values,
                  ])
                }
              >
                {section.items.map((item, i) => (
                  <Accordion.Item
                    // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
                    key={`item-${s}-${i}`}
                    value={`item-${s}-${i}`}
                    data-testid="editor-item"
                    data-item={item.itemId}
                  >
                    <Group wrap="nowrap" gap={4} pr="xs">
                      <Accordion.Control style={{ flex: 1, minWidth: 0 }}>
                        <Text size="sm" fw={600} ff="monospace" span>
                          {item.itemId}
                        </Text>{' '}
                        <Text size="sm" span c="dimmed">
                          {localised(item.text, language).slice(0, 90)}
                        </Text>
                      </Accordion.Control>
                      <ActionIcon
                        variant="subtle"
                        color="gray.8"
                        size="lg"
                        disabled={i === 0}
                        style={i === 0 ? { backgroundColor: 'transparent' } : undefined}
                        aria-label={t('models.editor.moveUp', { id: item.itemId })}
                        title={t('models.editor.moveUp', { id: item.itemId })}
                        data-move="up"
                        data-section-index={s}
                        data-item-index={i}
                        onClick={() => move(s, i, i - 1)}
                      >
                        <span aria-hidden="true">↑</span>
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray.8"
                        size="lg"
                        disabled={i === section.items.length - 1}
                        style={
                          i === section.items.length - 1 ? { backgroundColor: 'transparent' } : undefined
                        }
                        aria-label={t('models.editor.moveDown', { id: item.itemId })}
                        title={t('models.editor.moveDown', { id: item.itemId })}
                        data-move="down"
                        data-section-index={s}
                        data-item-index={i}
                        onClick={() => move(s, i, i + 1)}
                      >
                        <span aria-hidden="true">↓</span>
                      </ActionIcon>
                    </Group>
                    <Accordion.Panel>
                      <ItemFields
                        item={item}
                        scaleIds={scaleIds}
                        sourceIds={sourceIds}
                        onChange={(recipe) =>
                          update((draft) => {
                            recipe(
                              (draft.sections[s] as (typeof draft.sections)[number]).items[i] as ItemDraft,
                            );
                          })
                        }
                        onRemove={() => removeItem(s, i)}
                      />
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() =>
                    update((draft) => {
                      const target = draft.sections[s] as (typeof draft.sections)[number];
                      target.items.push({
                        itemId: `item-${target.items.length + 1}`,
                        conceptId: 'org:concept',
                        text: emptyText(),
                        scale: scaleIds[0] ?? 'presence',
                        tags: [],
                      });
                    })
                  }
                >
                  {t('models.editor.addItem', { section: localised(section.title, language) || section.id })}
                </Button>
              </Group>
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            update((draft) => {
              draft.sections.push({
                id: `section-${draft.sections.length + 1}`,
                title: emptyText(),
                items: [
                  {
                    itemId: `item-${draft.sections.length + 1}-1`,
                    conceptId: 'org:concept',
                    text: emptyText(),
                    scale: scaleIds[0] ?? 'presence',
                    tags: [],
                  },
                ],
              });
            })
          }
        >
          {t('models.editor.addSection')}
        </Button>
      </Group>
    </Stack>
  );
}

type ItemDraft = Definition['sections'][number]['items'][number];

function ItemFields({
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

function ScalesPart({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
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

function DerivedPart({
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

function RulesPart({
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

type Policy = Definition['suggestionPolicy'];
type Protective = NonNullable<Policy['protectiveAdjustment']>;
type Insufficient = NonNullable<Policy['insufficientInformation']>;

/**
 * A number of the model, typed freely: passed on while it is a number within bounds; otherwise marked and
 * reported through `onValidity`, so the draft is not saved (or checked) with it.
 */
function NumberField({
  label,
  description,
  value,
  onChange,
  onValidity,
  min,
  max,
  step,
}: {
  label: string;
  description?: string;
  value: number;
  onChange: (value: number) => void;
  onValidity: (id: string, valid: boolean) => void;
  min?: number;
  max?: number;
  step?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  const [text, setText] = useState<number | string>(value);
  const fits = (candidate: number | string): candidate is number =>
    typeof candidate === 'number' &&
    Number.isFinite(candidate) &&
    (min === undefined || candidate >= min) &&
    (max === undefined || candidate <= max);
  // A new value from outside (saved, taken over) replaces what is typed.
  const shown = useRef(value);
  useEffect(() => {
    if (value === shown.current) return;
    shown.current = value;
    setText(value);
    onValidity(id, true);
  }, [value, id, onValidity]);
  useEffect(() => () => onValidity(id, true), [id, onValidity]);
  const valid = fits(text);
  return (
    <NumberInput
      label={label}
      description={description}
      value={text}
      min={min}
      max={max}
      step={step}
      decimalScale={4}
      decimalSeparator={language === 'de' ? ',' : '.'}
      clampBehavior="none"
      required
      w={220}
      onChange={(next) => {
        setText(next);
        if (fits(next)) {
          shown.current = next;
          onValidity(id, true);
          onChange(next);
        } else onValidity(id, false);
      }}
      error={
        valid
          ? undefined
          : min !== undefined && max !== undefined
            ? t('models.editor.numberBetween', { min, max })
            : t('models.editor.numberRequired')
      }
    />
  );
}

/**
 * The suggestion policy: the highest level among the rules that fire, lowered one level by protective
 * factors from a threshold on (never below a floor), raised to a level when too much is unknown. The
 * thresholds are the organisation's to set; off keeps the last values, on again brings them back.
 */
function PolicyPart({
  definition,
  update,
  onValidity,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
  onValidity: (id: string, valid: boolean) => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const number = new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 4 });
  const policy = definition.suggestionPolicy;
  const derivedIds = definition.derived.map((entry) => entry.id);
  const variables = (current: string) =>
    [...new Set([...derivedIds, current])].map((id) => ({ value: id, label: id }));
  const lastProtective = useRef<Protective | undefined>(policy.protectiveAdjustment);
  const lastInsufficient = useRef<Insufficient | undefined>(policy.insufficientInformation);
  const protective = policy.protectiveAdjustment;
  const insufficient = policy.insufficientInformation;
  if (protective) lastProtective.current = protective;
  if (insufficient) lastInsufficient.current = insufficient;
  const changeProtective = (patch: Partial<Protective>) =>
    update((draft) => {
      const current = draft.suggestionPolicy.protectiveAdjustment;
      if (current) draft.suggestionPolicy.protectiveAdjustment = { ...current, ...patch };
    });
  const changeInsufficient = (patch: Partial<Insufficient>) =>
    update((draft) => {
      const current = draft.suggestionPolicy.insufficientInformation;
      if (current) draft.suggestionPolicy.insufficientInformation = { ...current, ...patch };
    });
  const unknownShare =
    definition.derived.find(
      (entry) => typeof entry.expr === 'object' && entry.expr !== null && 'unknownShare' in entry.expr,
    )?.id ?? derivedIds[0];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('models.editor.policyIntro')}
      </Text>
      <Paper withBorder p="md" data-testid="editor-policy-protective">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('models.editor.protectiveHeading')}
          </Title>
          <Switch
            label={t('models.editor.protectiveOn')}
            checked={protective !== undefined}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              update((draft) => {
                if (!on) delete draft.suggestionPolicy.protectiveAdjustment;
                else
                  draft.suggestionPolicy.protectiveAdjustment = lastProtective.current ?? {
                    variable: derivedIds[0] ?? 'protectiveWeight',
                    ifAtLeast: 2,
                    steps: -1,
                    neverBelowFloor: true,
                  };
              });
            }}
          />
          {protective && (
            <>
              <Group align="flex-start" gap="md" wrap="wrap">
                <Select
                  label={t('models.editor.protectiveVariable')}
                  description={t('models.editor.protectiveVariableHelp')}
                  data={variables(protective.variable)}
                  value={protective.variable}
                  allowDeselect={false}
                  w={260}
                  onChange={(value) => {
                    if (value) changeProtective({ variable: value });
                  }}
                />
                <NumberField
                  label={t('models.editor.protectiveIfAtLeast')}
                  description={t('models.editor.protectiveIfAtLeastHelp')}
                  value={protective.ifAtLeast}
                  onValidity={onValidity}
                  onChange={(value) => changeProtective({ ifAtLeast: value })}
                />
              </Group>
              <Text size="sm" data-testid="policy-protective-summary">
                {t('models.view.protective', {
                  variable: protective.variable,
                  value: number.format(protective.ifAtLeast),
                })}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" data-testid="editor-policy-insufficient">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('models.editor.insufficientHeading')}
          </Title>
          <Switch
            label={t('models.editor.insufficientOn')}
            checked={insufficient !== undefined}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              update((draft) => {
                if (!on) delete draft.suggestionPolicy.insufficientInformation;
                else
                  draft.suggestionPolicy.insufficientInformation = lastInsufficient.current ?? {
                    variable: unknownShare ?? 'unknownShare',
                    above: 0.3,
                    flag: 'INSUFFICIENT_INFO',
                    blocksLevelBelow: 'L2',
                  };
              });
            }}
          />
          {insufficient && (
            <>
              <Group align="flex-start" gap="md" wrap="wrap">
                <Select
                  label={t('models.editor.insufficientVariable')}
                  description={t('models.editor.insufficientVariableHelp')}
                  data={variables(insufficient.variable)}
                  value={insufficient.variable}
                  allowDeselect={false}
                  w={260}
                  onChange={(value) => {
                    if (value) changeInsufficient({ variable: value });
                  }}
                />
                <NumberField
                  label={t('models.editor.insufficientAbove')}
                  description={t('models.editor.insufficientAboveHelp')}
                  value={insufficient.above}
                  min={0}
                  max={1}
                  step={0.05}
                  onValidity={onValidity}
                  onChange={(value) => changeInsufficient({ above: value })}
                />
              </Group>
              <Group align="flex-start" gap="md" wrap="wrap">
                <TextInput
                  label={t('models.editor.insufficientFlag')}
                  description={t('models.editor.insufficientFlagHelp')}
                  value={insufficient.flag}
                  required
                  w={260}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  onChange={(event) => changeInsufficient({ flag: event.currentTarget.value })}
                />
                <Select
                  label={t('models.editor.insufficientLevel')}
                  description={t('models.editor.insufficientLevelHelp')}
                  data={levels.map((level) => ({ value: level, label: levelText(levelOf(level)) }))}
                  value={insufficient.blocksLevelBelow}
                  allowDeselect={false}
                  w={220}
                  onChange={(value) => {
                    if (value && (levels as readonly string[]).includes(value))
                      changeInsufficient({ blocksLevelBelow: value as Insufficient['blocksLevelBelow'] });
                  }}
                />
              </Group>
              <Text size="sm" data-testid="policy-insufficient-summary">
                {t('models.view.insufficient', {
                  variable: insufficient.variable,
                  value: number.format(insufficient.above),
                  flag: insufficient.flag,
                  level: insufficient.blocksLevelBelow,
                })}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

type License = Definition['license'];
const licenceTypes = ['internal', 'open', 'public-domain', 'proprietary'] as const;

/**
 * The model's licence: its kind, holder and instrument, whether it may be passed on and exported, the
 * attribution and how much of the source's text it may carry. A proprietary instrument is neither
 * redistributable nor exportable: the server refuses to publish one that says otherwise, so the two are
 * switched off with it.
 */
function LicencePart({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const license = definition.license;
  const proprietary = license.type === 'proprietary';
  const change = (recipe: (license: License) => void) =>
    update((draft) => {
      recipe(draft.license);
    });
  /** An optional text: empty leaves it out (or null, where the model had null). */
  const optional =
    (field: 'holder' | 'instrument' | 'attribution' | 'spdx' | 'licenseEvidence') => (value: string) =>
      change((draft) => {
        if (value.trim()) draft[field] = value;
        else if (field === 'spdx' || field === 'licenseEvidence') {
          if (draft[field] !== undefined) draft[field] = null;
        } else delete draft[field];
      });
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" data-testid="editor-licence">
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t('models.editor.licenceHeading')}
        </Title>
        <Group align="flex-start" gap="md" wrap="wrap">
          <Select
            label={t('models.editor.licenceType')}
            data={licenceTypes.map((type) => ({
              value: type,
              label: t(`models.editor.licenceTypes.${type}`),
            }))}
            value={license.type}
            allowDeselect={false}
            w={260}
            onChange={(value) => {
              const type = licenceTypes.find((candidate) => candidate === value);
              if (!type) return;
              change((draft) => {
                draft.type = type;
                if (type === 'proprietary') {
                  draft.redistributable = false;
                  draft.exportAllowed = false;
                }
              });
            }}
          />
          <TextInput
            label={t('models.editor.licenceSpdx')}
            description={t('models.editor.licenceSpdxHelp')}
            value={license.spdx ?? ''}
            maxLength={60}
            w={260}
            onChange={(event) => optional('spdx')(event.currentTarget.value)}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`models.editor.licenceTypeHelp.${license.type}`)}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('models.editor.licenceHolder')}
            value={license.holder ?? ''}
            maxLength={200}
            onChange={(event) => optional('holder')(event.currentTarget.value)}
          />
          <TextInput
            label={t('models.editor.licenceInstrument')}
            description={t('models.editor.licenceInstrumentHelp')}
            value={license.instrument ?? ''}
            maxLength={200}
            onChange={(event) => optional('instrument')(event.currentTarget.value)}
          />
        </SimpleGrid>
        {proprietary && (
          <Alert color="blue" variant="light" data-testid="licence-proprietary">
            {t('models.editor.proprietaryNote')}
          </Alert>
        )}
        <Stack gap="xs">
          <Checkbox
            label={t('models.editor.redistributable')}
            description={t('models.editor.redistributableHelp')}
            checked={license.redistributable}
            disabled={proprietary}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              change((draft) => {
                draft.redistributable = checked;
              });
            }}
          />
          <Checkbox
            label={t('models.editor.exportAllowed')}
            description={t('models.editor.exportAllowedHelp')}
            checked={license.exportAllowed}
            disabled={proprietary}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              change((draft) => {
                draft.exportAllowed = checked;
              });
            }}
          />
        </Stack>
        <Select
          label={t('models.editor.textPolicy')}
          description={t('models.editor.textPolicyHelp')}
          data={[
            { value: '', label: t('models.editor.textPolicies.unset') },
            { value: 'full', label: t('models.editor.textPolicies.full') },
            { value: 'labels-only', label: t('models.editor.textPolicies.labelsOnly') },
          ]}
          value={license.textPolicy ?? ''}
          allowDeselect={false}
          maw={420}
          onChange={(value) =>
            change((draft) => {
              if (value === 'full' || value === 'labels-only') draft.textPolicy = value;
              else delete draft.textPolicy;
            })
          }
        />
        <Textarea
          label={t('models.editor.attribution')}
          description={t('models.editor.attributionHelp')}
          value={license.attribution ?? ''}
          maxLength={1000}
          autosize
          minRows={2}
          onChange={(event) => optional('attribution')(event.currentTarget.value)}
        />
        <TextInput
          label={t('models.editor.licenseEvidence')}
          description={t('models.editor.licenseEvidenceHelp')}
          value={license.licenseEvidence ?? ''}
          maxLength={200}
          maw={520}
          onChange={(event) => optional('licenseEvidence')(event.currentTarget.value)}
        />
      </Stack>
    </Paper>
  );
}

type SourceDraft = Definition['sources'][number];

/**
 * The sources the model draws on: id (which items name as their source), citation, DOI, URL, the rights in
 * the source and what the model takes from it. Renaming a source renames it in the items that name it;
 * removing it leaves them without a source.
 */
function SourcesPart({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const usedBy = (id: string) =>
    definition.sections.flatMap((section) => section.items).filter((item) => item.sourceRef === id).length;
  const eachItem = (draft: Definition, visit: (item: ItemDraft) => void) => {
    for (const section of draft.sections) for (const item of section.items) visit(item);
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Stack gap={2}>
        <Title order={3} size="h4" id={headingId}>
          {t('models.editor.sourcesHeading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('models.editor.sourcesIntro')}
        </Text>
      </Stack>
      {definition.sources.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('models.editor.none')}
        </Text>
      )}
      {definition.sources.map((source, index) => {
        const change = (recipe: (source: SourceDraft) => void) =>
          update((draft) => {
            recipe(draft.sources[index] as SourceDraft);
          });
        const optional = (field: 'doi' | 'url' | 'rights' | 'use') => (value: string) =>
          change((draft) => {
            if (value.trim()) draft[field] = value;
            else delete draft[field];
          });
        const count = usedBy(source.id);
        return (
          <Paper
            // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
            key={`source-${index}`}
            withBorder
            p="md"
            data-testid="editor-source"
            data-source={source.id}
          >
            <Stack gap="sm">
              <Group justify="space-between" gap="sm">
                <Group gap="xs">
                  <Title order={4} size="h5" ff="monospace">
                    {t('models.editor.sourceTitle', { id: source.id })}
                  </Title>
                  {count > 0 && (
                    <Badge variant="light" color="gray" radius="sm" tt="none">
                      {t('models.editor.sourceUsed', { count })}
                    </Badge>
                  )}
                </Group>
                <RemoveButton
                  label={t('models.editor.removeSource', { id: source.id })}
                  onClick={() =>
                    update((draft) => {
                      draft.sources.splice(index, 1);
                      eachItem(draft, (item) => {
                        if (item.sourceRef === source.id) delete item.sourceRef;
                      });
                    })
                  }
                />
              </Group>
              <TextInput
                label={t('models.editor.sourceId')}
                description={t('models.editor.sourceIdHelp')}
                value={source.id}
                required
                maxLength={60}
                maw={320}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  update((draft) => {
                    const target = draft.sources[index] as SourceDraft;
                    eachItem(draft, (item) => {
                      if (item.sourceRef === target.id) item.sourceRef = value;
                    });
                    target.id = value;
                  });
                }}
              />
              <Textarea
                label={t('models.editor.citation')}
                value={source.citation}
                required
                maxLength={1000}
                autosize
                minRows={2}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  change((draft) => {
                    draft.citation = value;
                  });
                }}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('models.editor.doi')}
                  description={t('models.editor.doiHelp')}
                  value={source.doi ?? ''}
                  maxLength={200}
                  onChange={(event) => optional('doi')(event.currentTarget.value)}
                />
                <TextInput
                  type="url"
                  label={t('models.editor.sourceUrl')}
                  description={t('models.editor.sourceUrlHelp')}
                  value={source.url ?? ''}
                  maxLength={500}
                  onChange={(event) => optional('url')(event.currentTarget.value)}
                />
                <TextInput
                  label={t('models.editor.rights')}
                  description={t('models.editor.rightsHelp')}
                  value={source.rights ?? ''}
                  maxLength={100}
                  onChange={(event) => optional('rights')(event.currentTarget.value)}
                />
                <TextInput
                  label={t('models.editor.use')}
                  description={t('models.editor.useHelp')}
                  value={source.use ?? ''}
                  maxLength={100}
                  onChange={(event) => optional('use')(event.currentTarget.value)}
                />
              </SimpleGrid>
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            update((draft) => {
              const taken = new Set(draft.sources.map((source) => source.id));
              let number = draft.sources.length + 1;
              while (taken.has(`source-${number}`)) number += 1;
              draft.sources.push({ id: `source-${number}`, citation: '' });
            })
          }
        >
          {t('models.editor.addSource')}
        </Button>
      </Group>
    </Stack>
  );
}

type ChangelogDraft = Definition['changelog'][number];

function ChangelogPart({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
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

function FixturesPart({
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

type FixtureDraft = Definition['fixtures'][number];

function FixtureFields({
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
