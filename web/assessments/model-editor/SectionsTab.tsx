import { Accordion, ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { localised } from '../model-text.ts';
import {
  type Definition,
  emptyText,
  LocalisedFields,
  optionalText,
  type Recipe,
  RemoveButton,
} from './fields.tsx';
import { type ItemDraft, ItemFields } from './ItemFields.tsx';

export function SectionsTab({
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
