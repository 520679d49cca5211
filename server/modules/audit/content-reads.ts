import {
  type IntegrityAlarm,
  IntegrityError,
  type IntegrityFailure,
  integrityReason,
} from '../../crypto/integrity.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from './service.ts';

// The audit side of reading case and report content: denied reads and values that failed verification are
// on record too, each in the transaction that survives (docs/audit-log.md, "Reads of case content").

export interface ContentRead {
  /** e.g. `case.read`, `report.read`, `case.list`. */
  action: string;
  objectType: 'case' | 'report';
  objectId: string;
  caseId?: string | null | undefined;
  requestId?: string | undefined;
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/**
 * Records a read that was refused with 404, after the request's transaction has ended. The client cannot
 * tell an invisible object from a missing one; the log can: `denied`/`not_visible` when the object exists
 * in the tenant, `failure`/`not_found` when it does not. `exists` runs without the user's unit scope.
 */
export async function recordDeniedRead(
  database: Database,
  auth: AuthContext,
  read: ContentRead,
  exists: (trx: TenantTransaction) => Promise<boolean>,
): Promise<void> {
  await withTenant(database, scopeOf(auth), async (trx) => {
    const found = await withoutUserScope(trx, () => exists(trx));
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: read.action,
      objectType: read.objectType,
      objectId: read.objectId,
      caseId: found ? (read.caseId ?? null) : null,
      requestId: read.requestId ?? null,
      outcome: found ? 'denied' : 'failure',
      reason: found ? 'not_visible' : 'not_found',
    });
  });
}

/** Records, in the caller's transaction, the fields of a read that failed verification, and alerts. */
export async function recordUnreadable(
  trx: TenantTransaction,
  auth: AuthContext,
  read: Omit<ContentRead, 'objectId'>,
  failures: ReadonlyArray<IntegrityFailure & { objectId?: string }>,
  alarm: IntegrityAlarm | undefined,
): Promise<void> {
  for (const failure of failures) {
    alarm?.raise(failure, { requestId: read.requestId });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: read.action,
      objectType: read.objectType,
      objectId: failure.objectId ?? failure.scopeId,
      caseId: read.caseId ?? null,
      requestId: read.requestId ?? null,
      outcome: 'failure',
      reason: integrityReason(failure),
    });
  }
}

/**
 * Runs a read; when a value fails verification and the read cannot go on, the request's transaction has
 * rolled back: the failure is audited in a transaction of its own, the operator alerted, and the error
 * passed on (the error handler answers `integrity_failure`).
 */
export async function auditingIntegrity<T>(
  database: Database,
  auth: AuthContext,
  read: ContentRead,
  alarm: IntegrityAlarm | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof IntegrityError) || error.alerted) throw error;
    alarm?.raise(error.failure, { requestId: read.requestId });
    error.alerted = alarm !== undefined;
    await recordAuditEventInOwnTransaction(database, scopeOf(auth), {
      ...auditActorOf(auth),
      action: read.action,
      objectType: read.objectType,
      objectId: read.objectId,
      caseId: read.caseId ?? null,
      requestId: read.requestId ?? null,
      outcome: 'failure',
      reason: integrityReason(error.failure),
    });
    throw error;
  }
}
