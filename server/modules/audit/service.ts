import { Value } from 'typebox/value';
import type { Database } from '../../db/database.ts';
import { type TenantScope, type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { type ChainedEvent, hashAuditEvent, toHex } from './hash-chain.ts';
import { type AuditEvent, AuditEventInput, type AuditEventPage } from './schemas.ts';
import { type AuditEventRow, insertAuditEvent, lockChainHead, selectAuditEvents } from './store.ts';

/** Thrown for an event that breaks the audit schema: a bug in the recording module, not a user error. */
export class InvalidAuditEventError extends TypeError {
  override name = 'InvalidAuditEventError';
}

function validate(input: AuditEventInput): void {
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
 * writes in the same transaction as the work itself. Appending locks the tenant's chain head until the
 * transaction ends, so other appends of the tenant wait: record as late in the transaction as you can.
 */
export async function recordAuditEvent(trx: TenantTransaction, input: AuditEventInput): Promise<AuditEvent> {
  validate(input);
  const head = await lockChainHead(trx);
  if (!head) throw new Error('recordAuditEvent() must run inside withTenant()');
  // Taken under the lock, so times never decrease along the chain; whole milliseconds, as JS Dates have.
  const event: ChainedEvent = {
    tenantId: head.tenantId,
    seq: head.seq + 1,
    occurredAt: new Date(),
    actorType: input.actorType,
    actorId: input.actorId ?? null,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId ?? null,
    caseId: input.caseId?.toLowerCase() ?? null,
    requestId: input.requestId ?? null,
    outcome: input.outcome,
    reason: input.reason ?? null,
  };
  const row: AuditEventRow = {
    tenant_id: event.tenantId,
    seq: event.seq,
    occurred_at: event.occurredAt,
    actor_type: event.actorType,
    actor_id: event.actorId,
    action: event.action,
    object_type: event.objectType,
    object_id: event.objectId,
    case_id: event.caseId,
    request_id: event.requestId,
    outcome: event.outcome,
    reason: event.reason,
    prev_hash: head.hash,
    hash: hashAuditEvent(event, head.hash),
  };
  await insertAuditEvent(trx, row);
  return toAuditEvent(row);
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
 * `nextAfter` as `after`), optionally only those about one case.
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
  const rows = await selectAuditEvents(trx, {
    after,
    limit: options.limit + 1,
    caseId: options.caseId?.toLowerCase(),
  });
  const events = rows.slice(0, options.limit).map(toAuditEvent);
  const more = rows.length > options.limit;
  return { events, nextAfter: more ? (events.at(-1)?.seq ?? null) : null };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: row.seq,
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
    prevHash: toHex(row.prev_hash),
    hash: toHex(row.hash),
  };
}
