import {
  Accordion,
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
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkModelDefinition,
  type FixtureOutcome,
  type ModelDefinition,
  type ModelVersionView,
  useSaveModelDraft,
} from '../api/assessment-models.ts';
import { levels } from '../api/assessments.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { JsonField } from './JsonField.tsx';
import { ModelCheckPanel } from './ModelCheckPanel.tsx';
import { localised } from './model-text.ts';

type Definition = ModelDefinition;
type Localised = { en: string; de: string };
type Recipe = (draft: Definition) => void;

const emptyText = (): Localised => ({ en: '', de: '' });

/**
 * The editor of a draft: title and texts, sections and items, scales, derived values, rules (their
 * JsonLogic as JSON text), the changelog entry and the fixtures. Changes are checked by the server as they
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
              {(['general', 'sections', 'scales', 'derived', 'rules', 'changelog', 'fixtures'] as const).map(
                (tab) => (
                  <Tabs.Tab key={tab} value={tab}>
                    {t(`models.editor.tabs.${tab}`)}
                  </Tabs.Tab>
                ),
              )}
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
  return (
    <Stack gap="lg">
      {definition.sections.map((section, s) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
        <Paper key={`section-${s}`} withBorder p="md" data-testid="editor-section">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {t('models.editor.section', { number: s + 1, title: localised(section.title, language) })}
              </Title>
              <RemoveButton
                label={t('models.editor.removeSection', { id: section.id })}
                onClick={() =>
                  update((draft) => {
                    draft.sections.splice(s, 1);
                  })
                }
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
            <Accordion multiple variant="separated" chevronPosition="left">
              {section.items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: edited in place by position; its id is itself edited
                <Accordion.Item key={`item-${s}-${i}`} value={`item-${s}-${i}`} data-testid="editor-item">
                  <Accordion.Control>
                    <Text size="sm" fw={600} ff="monospace" span>
                      {item.itemId}
                    </Text>{' '}
                    <Text size="sm" span c="dimmed">
                      {localised(item.text, language).slice(0, 90)}
                    </Text>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <ItemFields
                      item={item}
                      scaleIds={scaleIds}
                      onChange={(recipe) =>
                        update((draft) => {
                          recipe(
                            (draft.sections[s] as (typeof draft.sections)[number]).items[i] as ItemDraft,
                          );
                        })
                      }
                      onRemove={() =>
                        update((draft) => {
                          (draft.sections[s] as (typeof draft.sections)[number]).items.splice(i, 1);
                        })
                      }
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
      ))}
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
  onChange,
  onRemove,
}: {
  item: ItemDraft;
  scaleIds: string[];
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
