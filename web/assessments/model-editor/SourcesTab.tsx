import {
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Definition, type Recipe, RemoveButton } from './fields.tsx';
import type { ItemDraft } from './ItemFields.tsx';
import { LicenceSection } from './LicenceSection.tsx';

/** The licence of the model and the sources it draws on. */
export function SourcesTab({
  definition,
  update,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
}) {
  return (
    <Stack gap="xl">
      <LicenceSection definition={definition} update={update} />
      <SourcesList definition={definition} update={update} />
    </Stack>
  );
}

type SourceDraft = Definition['sources'][number];

/**
 * The sources the model draws on: id (which items name as their source), citation, DOI, URL, the rights in
 * the source and what the model takes from it. Renaming a source renames it in the items that name it;
 * removing it leaves them without a source.
 */
function SourcesList({ definition, update }: { definition: Definition; update: (recipe: Recipe) => void }) {
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
