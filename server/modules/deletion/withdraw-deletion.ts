import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { Actor } from '../identity/policy.ts';
import { authorizeDeletion } from './policy.ts';
import { deletableOrThrow } from './request-deletion.ts';
import type { DeletableType } from './schemas.ts';
import type { DeletionAuditActor } from './shred-report.ts';
import { decideRequest, findPendingRequest } from './store.ts';

/** Withdraws a pending deletion request (any admin may); audited as `<type>.deletion_withdrawn`. */
export async function withdrawDeletion(
  trx: TenantTransaction,
  by: { actor: Actor; audit: DeletionAuditActor },
  input: { tenantId: string; type: DeletableType; id: string; now: Date },
): Promise<void> {
  authorizeDeletion(by.actor, 'withdraw', { tenantId: input.tenantId, requestedBy: null });
  const row = await deletableOrThrow(trx, input.type, input.id);
  const pending = await findPendingRequest(trx, input.type, row.id);
  if (
    !pending ||
    !(await decideRequest(trx, pending.id, { status: 'withdrawn', by: by.actor.id, at: input.now }))
  )
    throw new NotFound('deletion_request_not_found', `No deletion of this ${input.type} awaits approval.`);
  await recordAuditEvent(trx, {
    ...by.audit,
    action: `${input.type}.deletion_withdrawn`,
    objectType: input.type,
    objectId: row.id,
    caseId: input.type === 'case' ? row.id : row.case_id,
    outcome: 'success',
    reason: pending.id,
  });
}
