import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { Actor } from '../identity/policy.ts';
import { authorizeDeletion } from './policy.ts';
import { dayOf, deletableOrThrow, shredObject } from './request-deletion.ts';
import type { DeletableType, DeletionOutcome } from './schemas.ts';
import type { DeletionAuditActor } from './shred-report.ts';
import { decideRequest, findPendingRequest } from './store.ts';

/**
 * A second admin approves a pending deletion (four eyes: not the requester), which shreds the object at
 * once. Audited as `<type>.deletion_approved`, then `<type>.shred`, both with the request's reason code.
 */
export async function approveDeletion(
  trx: TenantTransaction,
  keys: TenantKeys,
  by: { actor: Actor; audit: DeletionAuditActor },
  input: { tenantId: string; type: DeletableType; id: string; now: Date },
): Promise<{ outcome: DeletionOutcome; blobIds: string[] }> {
  authorizeDeletion(by.actor, 'list', { tenantId: input.tenantId, requestedBy: null });
  const row = await deletableOrThrow(trx, input.type, input.id);
  const pending = await findPendingRequest(trx, input.type, row.id);
  if (!pending)
    throw new NotFound('deletion_request_not_found', `No deletion of this ${input.type} awaits approval.`);
  authorizeDeletion(by.actor, 'approve', { tenantId: input.tenantId, requestedBy: pending.requested_by });
  if (!(await decideRequest(trx, pending.id, { status: 'approved', by: by.actor.id, at: input.now })))
    throw new Conflict('deletion_request_changed', 'Someone else has just decided on this deletion.');
  await recordAuditEvent(trx, {
    ...by.audit,
    action: `${input.type}.deletion_approved`,
    objectType: input.type,
    objectId: row.id,
    caseId: input.type === 'case' ? row.id : row.case_id,
    outcome: 'success',
    reason: pending.reason,
  });
  const blobIds = await shredObject(trx, keys, row, input.type, {
    tenantId: input.tenantId,
    actor: by.audit,
    tombstone: {
      deletedAt: input.now,
      deletedBy: pending.requested_by,
      approvedBy: by.actor.id,
      reason: pending.reason,
    },
  });
  return {
    outcome: { state: 'deleted', request: null, deleted: { on: dayOf(input.now), reason: pending.reason } },
    blobIds,
  };
}
