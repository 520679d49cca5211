import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { casesQueryKey } from '../api/cases.ts';

// Live updates of an open case page: `GET /api/v1/cases/{id}/events` is a server-sent event stream
// (server/modules/cases/live-routes.ts) that names the part of the case file that changed, never its
// content. The case's queries are then loaded again through the API, with the reader's own authorisation.
// A change of one part often writes to another (every change writes the journal), so a change refreshes
// all of the case's queries: simple, and never stale. Except the documents, the assessments and the
// measures: each read of them is audited, and only their own changes change them (which announce
// `documents`, `assessments` or `measures`), so they are loaded again on that part alone. Reconnecting is EventSource's own.

/** The path of a case's event stream (same origin: the session cookie goes along). */
export const caseEventsPath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}/events`;

/** Whether a query belongs to the case: the case keys are `['cases', part, caseId, …]`. */
export function isCaseQuery(queryKey: readonly unknown[], id: string): boolean {
  return queryKey[0] === casesQueryKey[0] && queryKey[2] === id;
}

/** The part of the case file a change names (`data: {"part":"journal"}`); undefined when unreadable. */
export function changedPart(data: unknown): string | undefined {
  try {
    const part = (JSON.parse(String(data)) as { part?: unknown }).part;
    return typeof part === 'string' ? part : undefined;
  } catch {
    return undefined;
  }
}

/** Parts whose every read is audited: loaded again only when they changed themselves. */
const auditedParts: readonly unknown[] = ['documents', 'assessments', 'measures'];

/**
 * Whether a change of `part` (undefined: of anything, e.g. missed while reconnecting) refreshes the case's
 * query of `queryPart`: the documents, the assessments and the measures on their own part, everything else
 * on every other but the documents (an assessment's change writes the journal and may set the case's level;
 * a measure's writes the journal and may add someone to the team).
 */
export function refreshes(queryPart: unknown, part: string | undefined): boolean {
  if (part === undefined) return true;
  if (auditedParts.includes(queryPart)) return queryPart === part;
  return part !== 'documents';
}

function refreshCase(queryClient: QueryClient, id: string, part?: string) {
  return queryClient.invalidateQueries({
    predicate: (query) => isCaseQuery(query.queryKey, id) && refreshes(query.queryKey[1], part),
  });
}

/**
 * Access ended: the case is asked for again (the page then says it is not found), and what was loaded of
 * its content is dropped from memory, not asked for again.
 */
async function forgetCase(queryClient: QueryClient, id: string) {
  const detail = [...casesQueryKey, 'detail', id];
  await queryClient.invalidateQueries({ queryKey: detail, exact: true });
  queryClient.removeQueries({
    predicate: (query) => isCaseQuery(query.queryKey, id) && query.queryKey[1] !== 'detail',
  });
}

/**
 * Listens for changes to the case while `enabled` (the case loaded), and loads what changed again.
 * Answers `revoked`: the user's access ended while the page was open (taken off the team, membership
 * ended, signed out); the stream is closed then, the case loaded again (so the page shows that it is
 * gone) and its content forgotten.
 */
export function useCaseLiveUpdates(id: string, enabled: boolean): { revoked: boolean } {
  const queryClient = useQueryClient();
  const [revoked, setRevoked] = useState(false);
  const listening = enabled && !revoked && typeof EventSource !== 'undefined';

  useEffect(() => {
    if (!listening) return;
    const source = new EventSource(caseEventsPath(id), { withCredentials: true });
    let connected = false;
    // After a reconnect, changes may have been missed while the stream was down.
    source.addEventListener('ready', () => {
      if (connected) void refreshCase(queryClient, id);
      connected = true;
    });
    source.addEventListener('change', (event) => {
      void refreshCase(queryClient, id, changedPart(event.data));
    });
    source.addEventListener('revoked', () => {
      source.close();
      setRevoked(true);
      void forgetCase(queryClient, id);
    });
    return () => source.close();
  }, [id, listening, queryClient]);

  return { revoked };
}
