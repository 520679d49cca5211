import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { Database } from '../../db/database.ts';
import { sendWithCommit } from '../../db/guarded-dialect.ts';
import { type TenantScope, type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { toHex } from './hash-chain.ts';
import { type AuditEvent, AuditEventInput, type AuditEventPage } from './schemas.ts';
import {
  type AuditEventRow,
  insertPendingAuditEvent,
  type PendingAuditEventRow,
  pendingAuditEventStatement,
  selectAuditPage,
} from './store.ts';

/** Thrown for an event that breaks the audit schema: a bug in the recording module, not a user error. */
export class InvalidAuditEventError extends TypeError {
  override name = 'InvalidAuditEventError';
}

// Compiled once: every request that reads or changes content records an event.
const auditEventInput = Compile(AuditEventInput);

function validate(input: AuditEventInput): void {
  const actorNamed =
    !(input.actorType === 'user' || input.actorType === 'api_token') || Boolean(input.actorId);
  if (actorNamed && auditEventInput.Check(input)) return;
  const problems = [...Value.Errors(AuditEventInput, input)].map(
    (error) => `${error.instancePath.replace(/^\//, '') || 'event'}: ${error.message}`,
  );
  if ((input.actorType === 'user' || input.actorType === 'api_token') && !input.actorId)
    problems.push(`actorId: required for actor type ${input.actorType}`);
  if (problems.length > 0) throw new InvalidAuditEventError(`invalid audit event (${problems.join('; ')})`);
}

/**
 * Appends an event to the audit log of the transaction's tenant (the one withTenant() set: there is no
 * tenant parameter to get wrong). It commits or rolls back with the caller's work, so record reads and
 * writes in the same transaction as the work itself. It takes no lock: the event is queued, and the
 * linker gives it its seq and hash within about a second of the commit (docs/audit-log.md), so the
 * returned event has none yet. Inside withTenant() the event is written with the COMMIT, in its message
 * (sendWithCommit), so the transaction itself does not see it.
 */
export async function recordAuditEvent(trx: TenantTransaction, input: AuditEventInput): Promise<AuditEvent> {
  validate(input);
  const row = {
    // Whole milliseconds, as JS Dates have: the hash covers the time as the database returns it.
    occurred_at: new Date(),
    actor_type: input.actorType,
    actor_id: input.actorId ?? null,
    action: input.action,
    object_type: input.objectType,
    object_id: input.objectId ?? null,
    case_id: input.caseId?.toLowerCase() ?? null,
    request_id: input.requestId ?? null,
    outcome: input.outcome,
    reason: input.reason ?? null,
    object_ids: input.objectIds?.map((id) => id.toLowerCase()) ?? null,
  };
  // With the transaction's COMMIT, in its message (one round trip less per audited request), unless the
  // transaction was started otherwise; then now.
  if (sendWithCommit(pendingAuditEventStatement(row))) return toPendingAuditEvent(row);
  if (!(await insertPendingAuditEvent(trx, row)))
    throw new Error('recordAuditEvent() must run inside withTenant()');
  return toPendingAuditEvent(row);
}

/**
 * Records an event in a transaction of its own, for outcomes that must stay on record although the
 * caller's work is rolled back: denied access, failed logins. Call it after that transaction has ended
 * (inside one, the root database refuses the query).
 */
export function recordAuditEventInOwnTransaction(
  database: Database,
  scope: TenantScope,
  input: AuditEventInput,
): Promise<AuditEvent> {
  return withTenant(database, scope, (trx) => recordAuditEvent(trx, input));
}

export const MAX_AUDIT_PAGE = 1000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One page of the transaction's tenant's events in seq order (keyset pagination: pass the previous page's
 * `nextAfter` as `after`), optionally only those about one case. The last page of linked events goes on
 * with the events not linked yet (seq and hashes null), in the order they were recorded, as many as fit:
 * the log shows an event as soon as it is committed; once linked, it comes after the last seq read.
 */
export async function listAuditEvents(
  trx: TenantTransaction,
  options: { after?: number | undefined; limit: number; caseId?: string | undefined },
): Promise<AuditEventPage> {
  const after = options.after ?? 0;
  if (options.caseId !== undefined && !uuid.test(options.caseId))
    throw new RangeError('caseId must be a UUID');
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a seq (0 or more)');
  if (!Number.isSafeInteger(options.limit) || options.limit < 1 || options.limit > MAX_AUDIT_PAGE)
    throw new RangeError(`limit must be between 1 and ${MAX_AUDIT_PAGE}`);
  const { linked, pending } = await selectAuditPage(trx, {
    after,
    limit: options.limit + 1,
    caseId: options.caseId?.toLowerCase(),
  });
  const events = linked.slice(0, options.limit).map(toAuditEvent);
  const more = linked.length > options.limit;
  if (!more) events.push(...pending.slice(0, options.limit - events.length).map(toPendingAuditEvent));
  return { events, nextAfter: more ? (events.at(-1)?.seq ?? null) : null };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return { ...toPendingAuditEvent(row), seq: row.seq, prevHash: toHex(row.prev_hash), hash: toHex(row.hash) };
}

/** An event not linked yet: no seq, no hashes. */
function toPendingAuditEvent(row: Omit<PendingAuditEventRow, 'id' | 'tenant_id'>): AuditEvent {
  return {
    seq: null,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    caseId: row.case_id,
    requestId: row.request_id,
    outcome: row.outcome,
    reason: row.reason,
    objectIds: row.object_ids ?? null,
    prevHash: null,
    hash: null,
  };
}
