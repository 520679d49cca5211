import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// Live updates of a case (server-sent events fed by PostgreSQL LISTEN/NOTIFY): every change to a case's
// file announces itself in the transaction that makes it, so the notice goes out exactly when the change
// commits (NOTIFY is transactional) and reaches every instance. A notice carries ids and a part name only;
// each listening client re-reads through its own authorisation.

/** The channel every instance listens on. */
export const CASE_EVENTS_CHANNEL = 'tma_case_events';

/** The part of the case file that changed, so a client re-reads only that. */
export const CASE_PARTS = [
  'case',
  'journal',
  'team',
  'persons',
  'comments',
  'tasks',
  'documents',
  'assessments',
  'measures',
] as const;
export type CasePart = (typeof CASE_PARTS)[number];

export interface CaseEvent {
  tenantId: string;
  caseId: string;
  part: CasePart;
  /** Set for team changes: the user whose access changed (a removed member's streams are closed). */
  userId?: string;
}

/** Announces a change to the case's file, delivered to listeners when the transaction commits. */
export async function announceCaseChange(trx: TenantTransaction, event: CaseEvent): Promise<void> {
  await sql`SELECT pg_notify(${CASE_EVENTS_CHANNEL}, ${JSON.stringify(event)})`.execute(trx);
}
