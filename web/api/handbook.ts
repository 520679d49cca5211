import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { apiGet, apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type { components } from './schema.d.ts';

// The organisation's handbook (server/modules/handbook): pages in German and English, their versions,
// search, diffs and restore. Everyone on the team reads; threat managers and admins write (the answers'
// `can` says which).

type Schemas = components['schemas'];
export type HandbookPage = Schemas['HandbookPage'];
export type HandbookText = Schemas['HandbookText'];
export type HandbookPageList = Schemas['HandbookPageList'];
export type HandbookPageSummary = Schemas['HandbookPageSummary'];
export type HandbookSearchResults = Schemas['HandbookSearchResults'];
export type HandbookSearchResult = Schemas['HandbookSearchResult'];
export type HandbookVersionList = Schemas['HandbookVersionList'];
export type HandbookVersionSummary = Schemas['HandbookVersionSummary'];
export type HandbookPageVersion = Schemas['HandbookPageVersion'];
export type HandbookDiff = Schemas['HandbookDiff'];
export type HandbookLanguageDiff = Schemas['HandbookLanguageDiff'];
export type NewHandbookPage = Schemas['NewHandbookPage'];
export type HandbookPageChange = Schemas['HandbookPageChange'];
export type HandbookStarterPages = Schemas['HandbookStarterPages'];

/** Whether the user's role reads the handbook (the server decides each call all the same). */
export function readsHandbook(session: SessionInfo | null | undefined): boolean {
  if (!session || session.secondFactorSetupRequired) return false;
  return ['admin', 'threat_manager', 'expert'].includes(session.user.role);
}

const root = ['handbook'] as const;
const pagePath = (page: string) => `/api/v1/handbook/pages/${encodeURIComponent(page)}`;

export function useHandbookPages(enabled = true) {
  return usePagedList<HandbookPageList>({
    queryKey: [...root, 'pages'],
    path: '/api/v1/handbook/pages',
    enabled,
  });
}

/** The current pages that have every word of `q`; idle while `q` is empty. */
export function useHandbookSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: [...root, 'search', query],
    queryFn: ({ signal }) =>
      apiGet<HandbookSearchResults>(`/api/v1/handbook/search?q=${encodeURIComponent(query)}`, { signal }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
  });
}

export function useHandbookPage(page: string | undefined) {
  return useQuery({
    queryKey: [...root, 'page', page],
    queryFn: ({ signal }) => apiGet<HandbookPage>(pagePath(page as string), { signal }),
    enabled: page !== undefined,
  });
}

export function useHandbookVersions(page: string | undefined) {
  return usePagedList<HandbookVersionList>({
    queryKey: [...root, 'versions', page],
    path: `${pagePath(page ?? '')}/versions`,
    enabled: page !== undefined,
  });
}

export function useHandbookVersion(page: string | undefined, version: number | null) {
  return useQuery({
    queryKey: [...root, 'version', page, version],
    queryFn: ({ signal }) =>
      apiGet<HandbookPageVersion>(`${pagePath(page as string)}/versions/${version}`, { signal }),
    enabled: page !== undefined && version !== null,
  });
}

export function useHandbookDiff(page: string | undefined, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...root, 'diff', page, from, to],
    queryFn: ({ signal }) =>
      apiGet<HandbookDiff>(`${pagePath(page as string)}/diff?from=${from}&to=${to}`, { signal }),
    enabled: page !== undefined && from !== null && to !== null,
  });
}

/**
 * After a write, every handbook answer may be stale (pages, lists, search, history): the page as saved goes
 * into the cache at once, the rest is asked again in the background, so the caller can move on without
 * waiting (a page keyed by its version may already be gone when the refetch ends).
 */
function useAfterWrite() {
  const queryClient = useQueryClient();
  return (saved: HandbookPage | undefined) => {
    if (saved)
      for (const key of [saved.slug, saved.id]) queryClient.setQueryData([...root, 'page', key], saved);
    void queryClient.invalidateQueries({ queryKey: root });
  };
}

/** Writes a new page (threat managers, admins; audited). */
export function useCreateHandbookPage() {
  const afterWrite = useAfterWrite();
  return useMutation({
    mutationFn: (input: NewHandbookPage) => apiSend<HandbookPage>('POST', '/api/v1/handbook/pages', input),
    onSuccess: afterWrite,
  });
}

/** Saves a change as a new version; 409 `handbook_version_conflict` when someone saved meanwhile. */
export function useUpdateHandbookPage() {
  const afterWrite = useAfterWrite();
  return useMutation({
    mutationFn: ({ page, change }: { page: string; change: HandbookPageChange }) =>
      apiSend<HandbookPage>('PUT', pagePath(page), change),
    onSuccess: afterWrite,
  });
}

/** Makes an old version current again, as a new version. */
export function useRestoreHandbookVersion() {
  const afterWrite = useAfterWrite();
  return useMutation({
    mutationFn: ({ page, version, baseVersion }: { page: string; version: number; baseVersion: number }) =>
      apiSend<HandbookPage>('POST', `${pagePath(page)}/versions/${version}/restore`, { baseVersion }),
    onSuccess: afterWrite,
  });
}

/** Takes a page out of the handbook (its versions stay). */
export function useArchiveHandbookPage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (page: string) => apiSend('DELETE', pagePath(page)),
    // The archived page's own answers go (asked again, they would find nothing); the rest is asked again.
    onSuccess: (_answer, page) => {
      queryClient.removeQueries({ queryKey: [...root, 'page', page] });
      void queryClient.invalidateQueries({ queryKey: [...root, 'pages'] });
      void queryClient.invalidateQueries({ queryKey: [...root, 'search'] });
    },
  });
}

/**
 * Copies TMA's starter pages and the measure types' playbooks into the handbook, linking each playbook to
 * its measure type where none is linked (threat managers, admins; audited).
 */
export function useAddStarterPages() {
  const afterWrite = useAfterWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<HandbookStarterPages>('POST', '/api/v1/handbook/starter-pages', {}),
    onSuccess: () => {
      afterWrite(undefined);
      // The measure catalogue (web/api/measures.ts) now names the new playbooks.
      void queryClient.invalidateQueries({ queryKey: ['measure-types'] });
    },
  });
}
