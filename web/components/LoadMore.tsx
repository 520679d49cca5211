import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice.tsx';

/** What LoadMore needs of a paged list (web/api/pages.ts, TanStack's infinite query). */
export interface MorePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: Error | null;
  fetchNextPage: () => unknown;
}

/**
 * "Load more" under a paged list while more pages follow. A page that fails to load says so here and
 * keeps the pages already shown; the button tries again.
 */
export function LoadMore({ list, label }: { list: MorePages; label?: string }) {
  const { t } = useTranslation();
  if (!list.hasNextPage && !list.isFetchNextPageError) return null;
  return (
    <Stack gap="xs" align="center">
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {label ?? t('lists.loadMore')}
        </Button>
      )}
      {list.isFetchNextPageError && (
        <ErrorNotice error={list.error} title={t('shell.error.loadMoreFailed')} />
      )}
    </Stack>
  );
}
