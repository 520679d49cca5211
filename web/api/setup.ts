import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { components } from './schema.d.ts';

// First-run setup: whether this TMA can be set up in the browser, and setting it up (server/modules/setup).

type Schemas = components['schemas'];
export type SetupStatus = Schemas['SetupStatus'];
export type NewSetup = Schemas['NewSetup'];
export type SetupDone = Schemas['SetupDone'];

const setupKey = ['setup'] as const;

/** `GET /api/v1/setup`: open on a first start from this machine, else why not. */
export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: ({ signal }) => apiGet<SetupStatus>('/api/v1/setup', { signal }),
    staleTime: 60_000,
  });
}

/** `POST /api/v1/setup`: the first organisation and its administrator. */
export function useRunSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewSetup) => apiSend<SetupDone>('POST', '/api/v1/setup', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: setupKey }),
  });
}
