import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import {
  type HandbookPage,
  type HandbookText,
  useCreateHandbookPage,
  useHandbookPage,
  useUpdateHandbookPage,
} from '../api/handbook.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import type { Language } from '../i18n/language.ts';
import { Loading, PageLoadError, RequireHandbook, titleOf, useLanguageOrder } from './common.tsx';
import { HandbookMarkdown } from './Markdown.tsx';

// The editor of a handbook page: both languages side by side (the interface's first), each a title and
// Markdown text with a live preview below it, rendered exactly as the page will be; a change note; and the
// version the edit started from, so a save that would overwrite someone else's is refused (409) and the
// text typed here is kept.

/** The server's limit per language (server/modules/handbook/schemas.ts). */
const MAX_BODY = 200_000;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Draft = Record<Language, { on: boolean; title: string; body: string }>;

const draftOf = (page: Pick<HandbookPage, 'en' | 'de'> | null): Draft => ({
  en: { on: page ? page.en !== null : true, title: page?.en?.title ?? '', body: page?.en?.body ?? '' },
  de: { on: page ? page.de !== null : true, title: page?.de?.title ?? '', body: page?.de?.body ?? '' },
});

/** `/handbook/new`: a new page. */
export function HandbookNewPage() {
  return <RequireHandbook>{() => <Editor page={null} />}</RequireHandbook>;
}

/** `/handbook/:slug/edit`: a change to a page, saved as its next version. */
export function HandbookEditPage() {
  return <RequireHandbook>{() => <LoadedEditor />}</RequireHandbook>;
}

function LoadedEditor() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const page = useHandbookPage(slug);
  if (page.isPending) return <Loading label={t('handbook.page.loading')} />;
  if (page.error || !page.data) return <PageLoadError error={page.error ?? new Error('')} />;
  // Keyed by version: loading the current version after a conflict starts a fresh draft from it.
  return <Editor key={page.data.version} page={page.data} />;
}

function Editor({ page }: { page: HandbookPage | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const order = useLanguageOrder();
  const [draft, setDraft] = useState<Draft>(() => draftOf(page));
  const [slug, setSlug] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const create = useCreateHandbookPage();
  const update = useUpdateHandbookPage();
  const current = useHandbookPage(page ? page.slug : undefined);
  const mutation = page ? update : create;
  const conflict = mutation.error instanceof ApiError && mutation.error.code === 'handbook_version_conflict';
  const unchanged = mutation.error instanceof ApiError && mutation.error.code === 'handbook_unchanged';

  const change = (language: Language, values: Partial<Draft[Language]>) =>
    setDraft((before) => ({ ...before, [language]: { ...before[language], ...values } }));
  const texts = {
    en: draft.en.on ? { title: draft.en.title, body: draft.en.body } : null,
    de: draft.de.on ? { title: draft.de.title, body: draft.de.body } : null,
  } satisfies Record<Language, HandbookText | null>;
  const problems = {
    slug: !page && !SLUG.test(slug),
    none: !draft.en.on && !draft.de.on,
    titles: order.some((language) => draft[language].on && draft[language].title.trim() === ''),
    long: order.some((language) => draft[language].on && draft[language].body.length > MAX_BODY),
  };
  const valid = !problems.slug && !problems.none && !problems.titles && !problems.long;
  const heading = page
    ? t('handbook.editor.editTitle', {
        title: titleOf({ en: page.en?.title ?? null, de: page.de?.title ?? null }, order[0]),
      })
    : t('handbook.editor.newTitle');

  const save = () => {
    setTried(true);
    if (!valid) return;
    const trimmedNote = note.trim();
    const onSuccess = (saved: HandbookPage) =>
      navigate(`/handbook/${saved.slug}`, {
        state: { notice: t('handbook.page.saved', { version: saved.version }) },
      });
    // Awaited here, not in mutate's callbacks: the saved page remounts this editor (keyed by version).
    const saving = page
      ? update.mutateAsync({
          page: page.id,
          change: { baseVersion: page.version, ...texts, ...(trimmedNote ? { note: trimmedNote } : {}) },
        })
      : create.mutateAsync({ slug, ...texts, ...(trimmedNote ? { note: trimmedNote } : {}) });
    saving.then(onSuccess, () => {});
  };

  return (
    <Stack gap="lg" maw={1400}>
      <Anchor component={Link} to={page ? `/handbook/${page.slug}` : '/handbook'} size="sm">
        {t('handbook.page.back')}
      </Anchor>
      <Stack gap={4}>
        <PageTitle>{heading}</PageTitle>
        <Text c="dimmed" size="sm" maw={900}>
          {t('handbook.editor.intro')}
        </Text>
        {page && (
          <Text size="sm" c="dimmed">
            {t('handbook.editor.basedOn', { version: page.version })}
          </Text>
        )}
      </Stack>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Stack gap="lg">
          {!page && (
            <TextInput
              label={t('handbook.editor.slug')}
              description={t('handbook.editor.slugDescription')}
              value={slug}
              onChange={(event) => setSlug(event.currentTarget.value)}
              error={tried && problems.slug ? t('handbook.editor.slugInvalid') : undefined}
              required
              maw={480}
              spellCheck={false}
              autoCapitalize="none"
            />
          )}
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            {order.map((language) => (
              <LanguageEditor
                key={language}
                language={language}
                value={draft[language]}
                tried={tried}
                onChange={(values) => change(language, values)}
              />
            ))}
          </SimpleGrid>
          {tried && problems.none && (
            <Alert color="red" variant="light" role="alert">
              {t('handbook.editor.languageRequired')}
            </Alert>
          )}
          <TextInput
            label={t('handbook.editor.note')}
            description={t('handbook.editor.noteDescription')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={500}
            maw={760}
          />
          {conflict ? (
            <Alert color="orange" variant="light" role="alert" title={t('handbook.editor.conflictTitle')}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t('handbook.editor.conflictText')}</Text>
                <Button
                  size="xs"
                  variant="default"
                  loading={current.isFetching}
                  onClick={() => void current.refetch()}
                >
                  {t('handbook.editor.reload')}
                </Button>
              </Stack>
            </Alert>
          ) : unchanged ? (
            <Alert color="orange" variant="light" role="alert">
              {t('handbook.editor.unchanged')}
            </Alert>
          ) : (
            <ErrorAlert error={mutation.error} />
          )}
          <Group gap="sm">
            <Button type="submit" loading={mutation.isPending}>
              {page ? t('handbook.editor.save') : t('handbook.editor.create')}
            </Button>
            <Button variant="default" component={Link} to={page ? `/handbook/${page.slug}` : '/handbook'}>
              {t('handbook.editor.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function LanguageEditor({
  language,
  value,
  tried,
  onChange,
}: {
  language: Language;
  value: Draft[Language];
  tried: boolean;
  onChange: (values: Partial<Draft[Language]>) => void;
}) {
  const { t } = useTranslation();
  const name = t(`handbook.languageNames.${language}`);
  const max = MAX_BODY.toLocaleString();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={name} style={{ minWidth: 0 }}>
      <Stack gap="sm">
        <Checkbox
          label={t('handbook.editor.hasLanguage', { language: name })}
          checked={value.on}
          onChange={(event) => onChange({ on: event.currentTarget.checked })}
          fw={600}
        />
        {value.on && (
          <>
            <TextInput
              label={t('handbook.editor.titleLabel', { language: name })}
              value={value.title}
              onChange={(event) => onChange({ title: event.currentTarget.value })}
              error={tried && value.title.trim() === '' ? t('handbook.editor.titleRequired') : undefined}
              maxLength={200}
              required
              lang={language}
            />
            <Textarea
              label={t('handbook.editor.bodyLabel', { language: name })}
              value={value.body}
              onChange={(event) => onChange({ body: event.currentTarget.value })}
              autosize
              minRows={12}
              maxRows={30}
              lang={language}
              spellCheck
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 14 } }}
              description={t('handbook.editor.characters', { count: value.body.length, max })}
              error={value.body.length > MAX_BODY ? t('handbook.editor.tooLong', { max }) : undefined}
            />
            <Box>
              <Title order={3} size="h5" mb="xs">
                {t('handbook.editor.preview', { language: name })}
              </Title>
              <Paper bg="var(--mantine-color-gray-0)" p="md" radius="sm" aria-live="off">
                {value.title.trim() === '' && value.body.trim() === '' ? (
                  <Text c="dimmed" size="sm">
                    {t('handbook.editor.previewEmpty')}
                  </Text>
                ) : (
                  <Stack gap="xs">
                    {value.title.trim() !== '' && (
                      <Text fw={700} size="lg" lang={language}>
                        {value.title}
                      </Text>
                    )}
                    <HandbookMarkdown lang={language} headingOffset={3}>
                      {value.body}
                    </HandbookMarkdown>
                  </Stack>
                )}
              </Paper>
            </Box>
          </>
        )}
      </Stack>
    </Paper>
  );
}
