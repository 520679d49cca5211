import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client.ts';
import type { SystemStatus } from './types.ts';

/** `GET /api/v1/status`: what the server reports about itself (`draining` once it received SIGTERM). */
export type ServerStatus = SystemStatus;

export const statusRefreshMs = 15_000;

export const statusQueryKey = ['status'] as const;

/** The server's status, fetched again every 15 seconds while the page is visible. */
export function useServerStatus() {
  return useQuery({
    queryKey: statusQueryKey,
    queryFn: ({ signal }) => apiGet<ServerStatus>('/api/v1/status', { signal }),
    refetchInterval: statusRefreshMs,
  });
}

export type Health = 'ready' | 'notReady' | 'draining';

/** One word for the whole status: a draining server is on its way out even while it still answers. */
export function healthOf(status: ServerStatus): Health {
  if (status.draining) return 'draining';
  return status.ready ? 'ready' : 'notReady';
}
