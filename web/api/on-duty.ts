import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { OnDutyRoster } from './types.ts';

/** `GET /api/v1/units/:id/on-duty`: who hears of the unit's new reports, and who could. */
export type { OnDutyRoster };

const rosterKey = (unitId: string) => ['units', unitId, 'on-duty'] as const;
const rosterPath = (unitId: string) => `/api/v1/units/${encodeURIComponent(unitId)}/on-duty`;

export function useOnDuty(unitId: string | null) {
  return useQuery({
    queryKey: rosterKey(unitId ?? ''),
    queryFn: ({ signal }) => apiGet<OnDutyRoster>(rosterPath(unitId ?? ''), { signal }),
    enabled: unitId !== null,
  });
}

export function useSetOnDuty(unitId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userIds: string[]) => apiSend<OnDutyRoster>('PUT', rosterPath(unitId), { userIds }),
    onSuccess: (roster) => queryClient.setQueryData(rosterKey(unitId), roster),
  });
}
