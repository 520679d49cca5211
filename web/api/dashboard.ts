import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { apiGet } from './client.ts';
import type { components } from './schema.d.ts';

// The threat managers' dashboard (server/modules/dashboard): counts, the few most urgent items and the
// charts' series over the cases and reports the user reads; and which overview pages the user may open.

type Schemas = components['schemas'];

export type Dashboard = Schemas['Dashboard'];
export type DashboardCharts = Dashboard['charts'];
export type InsightAccess = Schemas['InsightAccess'];

export const dashboardQueryKey = ['dashboard'] as const;

/** The dashboard; read again every few minutes while it is open, as work comes in. */
export function useDashboard() {
  return useQuery({
    queryKey: dashboardQueryKey,
    queryFn: ({ signal }) => apiGet<Dashboard>('/api/v1/dashboard', { signal }),
    refetchInterval: 5 * 60_000,
  });
}

/** Whether the user may open the dashboard and the statistics (the server's policies decide). */
export function useInsightAccess(session: SessionInfo | null | undefined) {
  const signedIn = !!session && !session.secondFactorSetupRequired;
  return useQuery({
    queryKey: ['insight-access', session?.user.id ?? ''],
    queryFn: ({ signal }) => apiGet<InsightAccess>('/api/v1/dashboard/access', { signal }),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}
