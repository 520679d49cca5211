import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { apiGet } from './client.ts';
import { type PageFilters, usePagedList } from './pages.ts';
import type { components } from './schema.d.ts';

// The audit viewer (server/modules/audit/routes.ts): the filtered log, newest first, paged by seq; its CSV
// export that `tma audit verify --extract` checks; the chain's verification status; and "who has seen this
// case" for a case's owner and admins.

type Schemas = components['schemas'];

export type AuditLogEvent = Schemas['AuditLogEvent'];
export type AuditLogPage = Schemas['AuditLogPage'];
export type AuditLogStatus = Schemas['AuditLogStatus'];
export type AuditLogUsers = Schemas['AuditLogUsers'];
export type CaseViewers = Schemas['CaseViewers'];

/** The viewer's filters as the API takes them (each left out when empty). */
export interface AuditFilters {
  actorId?: string;
  caseReference?: string;
  action?: string;
  outcome?: 'success' | 'failure' | 'denied';
  from?: string;
  to?: string;
}

/**
 * Whether the user reads the audit log: auditors and admins, as the server's policy says
 * (server/modules/audit/policy.ts, `readsAuditLog`); the server refuses everyone else.
 */
export function readsAuditLog(session: SessionInfo | null | undefined): boolean {
  return (
    !!session &&
    !session.secondFactorSetupRequired &&
    (session.user.role === 'auditor' || session.user.role === 'admin')
  );
}

function filterEntries(filters: AuditFilters): PageFilters {
  const entries: PageFilters = {};
  for (const [name, value] of Object.entries(filters)) if (value) entries[name] = value;
  return entries;
}

export function useAuditEvents(filters: AuditFilters) {
  const entries = filterEntries(filters);
  return usePagedList<AuditLogPage>({
    queryKey: ['audit-events', entries],
    path: '/api/v1/audit/events',
    filters: entries,
  });
}

/** Where the CSV of the filtered log is downloaded (a plain link: the browser saves the attachment). */
export function auditCsvUrl(filters: AuditFilters): string {
  const query = new URLSearchParams(filterEntries(filters) as Record<string, string>);
  const text = query.toString();
  return `/api/v1/audit/events.csv${text ? `?${text}` : ''}`;
}

export function useAuditStatus() {
  return useQuery({
    queryKey: ['audit-status'],
    queryFn: ({ signal }) => apiGet<AuditLogStatus>('/api/v1/audit/status', { signal }),
    refetchInterval: 60_000,
  });
}

export function useAuditUsers() {
  return useQuery({
    queryKey: ['audit-users'],
    queryFn: ({ signal }) => apiGet<AuditLogUsers>('/api/v1/audit/users', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** Who has seen the case (reading it is audited: asked for only when the panel is opened). */
export function useCaseViewers(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['case-viewers', caseId],
    queryFn: ({ signal }) =>
      apiGet<CaseViewers>(`/api/v1/cases/${encodeURIComponent(caseId)}/viewers`, { signal }),
    enabled,
  });
}
