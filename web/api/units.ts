import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { components } from './schema.d.ts';

// The admins' Units page: the tree with member counts and portal links, a unit's members, and creating,
// renaming and moving units. Every change refreshes everything under ['units'], the units list that forms
// and filters use included.

type Schemas = components['schemas'];
export type Unit = Schemas['Unit'];
export type UnitSummary = Schemas['UnitSummary'];
export type UnitOverview = Schemas['UnitOverview'];
export type UnitMember = Schemas['UnitMember'];
export type UnitMemberList = Schemas['UnitMemberList'];
export type NewUnit = Schemas['NewUnit'];

const unitsKey = ['units'] as const;
const overviewKey = [...unitsKey, 'overview'] as const;
const membersKey = (unitId: string) => [...unitsKey, unitId, 'members'] as const;
const unitPath = (unitId: string) => `/api/v1/units/${encodeURIComponent(unitId)}`;

/** `GET /api/v1/units/overview` (admins). */
export function useUnitOverview() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: ({ signal }) => apiGet<UnitOverview>('/api/v1/units/overview', { signal }),
  });
}

/** `GET /api/v1/units/:id/members` (admins); nothing is asked while `unitId` is null. */
export function useUnitMembers(unitId: string | null) {
  return useQuery({
    queryKey: membersKey(unitId ?? ''),
    queryFn: ({ signal }) => apiGet<UnitMemberList>(`${unitPath(unitId ?? '')}/members`, { signal }),
    enabled: unitId !== null,
  });
}

function useUnitChange<I>(fn: (input: I) => Promise<Unit>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: unitsKey }),
  });
}

export function useCreateUnit() {
  return useUnitChange((input: NewUnit) => apiSend<Unit>('POST', '/api/v1/units', input));
}

export function useRenameUnit() {
  return useUnitChange(({ id, name }: { id: string; name: string }) =>
    apiSend<Unit>('PATCH', unitPath(id), { name }),
  );
}

/** Hangs the unit under `parentId` (a top-level unit), or makes it top-level with null. */
export function useMoveUnit() {
  return useUnitChange(({ id, parentId }: { id: string; parentId: string | null }) =>
    apiSend<Unit>('PUT', `${unitPath(id)}/parent`, { parentId }),
  );
}

/** A slug suggested from a unit's name: lower-case ASCII letters, digits and inner hyphens, 40 at most. */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** What the server accepts as a slug (server/modules/tenants/schemas.ts, TenantSlug). */
export const slugPattern = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
