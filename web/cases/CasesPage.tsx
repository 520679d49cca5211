import { Anchor, Button, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession, worksIn } from '../api/auth.ts';
import { useCaseList } from '../api/cases.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { CaseListFilters } from './CaseListFilters.tsx';
import { CaseListTable } from './CaseListTable.tsx';
import {
  apiFiltersOf,
  type CaseListFilters as Filters,
  filtersFromSearch,
  isFiltered,
  noFilters,
  searchOfFilters,
} from './case-list-query.ts';

/**
 * `/cases`: the cases the user can see, 50 at a time with "Load more cases". Without filters the open ones
 * and the tombstones of deleted ones ("Deleted on …"), newest first; the filters live in the address, so a
 * filtered list can be bookmarked. Whoever sees a case's metadata only (`can.read` false) sees no title.
 */
export function CasesPage() {
  return <RequireArea area="cases">{() => <Cases />}</RequireArea>;
}

function Cases() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const cases = useCaseList(apiFiltersOf(filters));
  const loaded = cases.data?.pages.flatMap((page) => page.cases) ?? [];
  const change = (next: Filters) => setSearchParams(searchOfFilters(next), { replace: true });
  return (
    <Stack gap="lg" maw={1200}>
      <Stack gap="xs">
        <PageTitle>{t('deletion.cases.title')}</PageTitle>
        <Text c="dimmed">{t('deletion.cases.intro')}</Text>
      </Stack>
      <CaseListFilters filters={filters} onChange={change} />
      <Text size="sm" c="dimmed" role="status" data-testid="case-count">
        {cases.isSuccess &&
          loaded.length > 0 &&
          (cases.hasNextPage
            ? t('cases.list.countSoFar', { count: loaded.length })
            : t('cases.list.count', { count: loaded.length }))}
      </Text>
      <div>
        {cases.isPending ? (
          <Loading label={t('deletion.cases.loading')} />
        ) : cases.isError && loaded.length === 0 ? (
          <ErrorAlert
            error={cases.error}
            title={t('deletion.cases.errorTitle')}
            onRetry={() => void cases.refetch()}
          />
        ) : loaded.length === 0 ? (
          <NoCases
            filtered={isFiltered(filters)}
            onClear={() => change({ ...noFilters, sort: filters.sort })}
          />
        ) : (
          <CaseListTable
            cases={loaded}
            byUpdate={filters.sort === 'updated'}
            onTag={(tag) => change({ ...filters, tag })}
          />
        )}
      </div>
      <LoadMore list={cases} label={t('deletion.cases.loadMore')} />
    </Stack>
  );
}

/** Nothing to show: either no case at all (and how cases come), or none that fits the filters. */
function NoCases({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  if (filtered)
    return (
      <Paper withBorder p="lg" data-testid="cases-none-match">
        <Stack gap="sm" align="flex-start">
          <Text fw={500}>{t('cases.list.noneMatch')}</Text>
          <Text size="sm" c="dimmed">
            {t('cases.list.noneMatchHint')}
          </Text>
          <Button variant="default" onClick={onClear}>
            {t('cases.list.clearFilters')}
          </Button>
        </Stack>
      </Paper>
    );
  const triages = worksIn(session, 'inbox');
  return (
    <Paper withBorder p="lg" data-testid="cases-empty">
      <Stack gap="sm">
        <Text fw={500}>{t('deletion.cases.empty')}</Text>
        <Text size="sm" c="dimmed">
          {triages ? (
            <>
              {t('cases.list.emptyFromInbox')}{' '}
              <Anchor component={Link} to="/inbox" inherit>
                {t('cases.list.toInbox')}
              </Anchor>
            </>
          ) : (
            t('cases.list.emptyTeam')
          )}
        </Text>
      </Stack>
    </Paper>
  );
}
