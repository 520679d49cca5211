import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Mark,
  Paper,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import {
  type HandbookPageSummary,
  type HandbookSearchResult,
  useAddStarterPages,
  useHandbookPages,
  useHandbookSearch,
} from '../api/handbook.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { currentLanguage } from '../i18n/index.ts';
import type { Language } from '../i18n/language.ts';
import { Loading, RequireHandbook, titleOf, useLanguageOrder } from './common.tsx';

/** `/handbook`: the organisation's procedures, a search over them, and a new page for those who write. */
export function HandbookListPage() {
  return <RequireHandbook>{() => <HandbookList />}</RequireHandbook>;
}

function HandbookList() {
  const { t } = useTranslation();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const searching = query.trim() !== '';
  const pages = useHandbookPages();
  const canCreate = pages.data?.pages[0]?.can.create ?? false;
  const all = pages.data?.pages.flatMap((page) => page.pages) ?? [];

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} maw={760}>
          <PageTitle>{t('handbook.title')}</PageTitle>
          <Text c="dimmed">{t('handbook.intro')}</Text>
        </Stack>
        {canCreate && (
          <Button component={Link} to="/handbook/new">
            {t('handbook.newPage')}
          </Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light">
            {notice}
          </Alert>
        )}
      </div>
      <search>
        <form onSubmit={(event) => event.preventDefault()}>
          <TextInput
            type="search"
            label={t('handbook.search.label')}
            placeholder={t('handbook.search.placeholder')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            maw={560}
            rightSection={
              searching ? (
                <CloseButton aria-label={t('handbook.search.clear')} onClick={() => setQuery('')} />
              ) : null
            }
          />
        </form>
      </search>
      {searching ? (
        <SearchResults query={debounced} />
      ) : (
        <>
          {pages.isPending && <Loading label={t('handbook.loading')} />}
          {pages.error && !pages.data && (
            <ErrorNotice
              error={pages.error}
              title={t('shell.error.loadFailed')}
              onRetry={() => void pages.refetch()}
            />
          )}
          {pages.data &&
            all.length === 0 &&
            (canCreate ? <StarterPages /> : <Text c="dimmed">{t('handbook.empty')}</Text>)}
          {all.length > 0 && <PageList pages={all} />}
          <LoadMore list={pages} />
        </>
      )}
    </Stack>
  );
}

/**
 * An empty handbook, for those who write it: start it, or start from TMA's sample pages and the playbooks
 * of the measure catalogue (which the server links to their measures).
 */
function StarterPages() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const add = useAddStarterPages();
  const start = () =>
    add.mutate(undefined, {
      onSuccess: ({ created, linkedMeasureTypes }) => {
        const added = t('handbook.starter.added', { count: created.length });
        const linked = linkedMeasureTypes.length
          ? ` ${t('handbook.starter.linked', { count: linkedMeasureTypes.length })}`
          : '';
        navigate('/handbook', { replace: true, state: { notice: `${added}${linked}` } });
      },
    });
  return (
    <Paper withBorder p="md" radius="md" maw={760}>
      <Stack gap="sm" align="flex-start">
        <Text>{t('handbook.emptyEditor')}</Text>
        <Text size="sm" c="dimmed">
          {t('handbook.starter.text')}
        </Text>
        <Button variant="light" loading={add.isPending} onClick={start}>
          {t('handbook.starter.add')}
        </Button>
        <ErrorAlert error={add.error} />
      </Stack>
    </Paper>
  );
}

/** The pages sorted by their titles in the interface's language. */
function PageList({ pages }: { pages: HandbookPageSummary[] }) {
  const { t } = useTranslation();
  const [first] = useLanguageOrder();
  const language = currentLanguage();
  const sorted = useMemo(
    () =>
      [...pages].sort((a, b) =>
        titleOf(a.titles, first).localeCompare(titleOf(b.titles, first), language, { sensitivity: 'base' }),
      ),
    [pages, first, language],
  );
  return (
    <Stack
      component="ul"
      gap="sm"
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label={t('handbook.list.label')}
    >
      {sorted.map((page) => (
        <Paper component="li" key={page.id} withBorder p="md" radius="md">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Stack gap={2}>
              <Anchor component={Link} to={`/handbook/${page.slug}`} fw={600}>
                {titleOf(page.titles, first)}
              </Anchor>
              <OtherTitle titles={page.titles} first={first} />
            </Stack>
            <Group gap="xs">
              <OnlyLanguage titles={page.titles} />
              <Text size="sm" c="dimmed">
                {t('handbook.list.updated', {
                  version: page.version,
                  date: formatMoment(page.updatedAt, language),
                })}
              </Text>
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** The title in the other language, when the page has one. */
function OtherTitle({
  titles,
  first,
}: {
  titles: { en: string | null; de: string | null };
  first: Language;
}) {
  const other = first === 'de' ? 'en' : 'de';
  const title = titles[first] !== null ? titles[other] : null;
  if (!title) return null;
  return (
    <Text size="sm" c="dimmed" lang={other}>
      {title}
    </Text>
  );
}

function OnlyLanguage({ titles }: { titles: { en: string | null; de: string | null } }) {
  const { t } = useTranslation();
  const only = titles.en === null ? 'de' : titles.de === null ? 'en' : null;
  if (!only) return null;
  return (
    <Badge variant="outline" color="gray" size="sm">
      {t('handbook.list.onlyLanguage', { language: t(`handbook.languageNames.${only}`) })}
    </Badge>
  );
}

function SearchResults({ query }: { query: string }) {
  const { t } = useTranslation();
  const search = useHandbookSearch(query);
  const results = search.data?.results;
  return (
    <Stack gap="sm" component="section" aria-label={t('handbook.search.results')}>
      <div role="status">
        {search.isFetching && !results && <Loading label={t('handbook.search.searching')} />}
        {results && (
          <Text size="sm" c="dimmed">
            {results.length === 0
              ? t('handbook.search.none')
              : t('handbook.search.count', { count: results.length })}
          </Text>
        )}
      </div>
      {search.error && (
        <ErrorNotice
          error={search.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void search.refetch()}
        />
      )}
      {results && results.length > 0 && (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
          {results.map((result) => (
            <SearchHit key={result.id} result={result} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function SearchHit({ result }: { result: HandbookSearchResult }) {
  const [first] = useLanguageOrder();
  const snippet = result.snippet;
  return (
    <Paper component="li" withBorder p="md" radius="md">
      <Stack gap={4}>
        <Anchor component={Link} to={`/handbook/${result.slug}`} fw={600}>
          {titleOf(result.titles, first)}
        </Anchor>
        {snippet && (
          <Text size="sm" lang={snippet.language}>
            {snippet.segments.map((segment, index) =>
              segment.match ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity but their place
                <Mark key={index}>{segment.text}</Mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <span key={index}>{segment.text}</span>
              ),
            )}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
