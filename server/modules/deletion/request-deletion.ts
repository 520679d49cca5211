import { randomUUID } from 'node:crypto';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict, Gone, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { gatherDeletionFacts, issueDeletionCertificate } from '../deletion-certificates/issue-certificate.ts';
import type { Actor } from '../identity/policy.ts';
import { isUnderLegalHold } from '../retention/legal-hold.ts';
import { goneCode, NOTE_SCOPE, noteField, notFoundCode, toDeletionRequest } from './deletion-requests.ts';
import { authorizeDeletion } from './policy.ts';
import type { DeletableType, DeletionOutcome, DeletionReason } from './schemas.ts';
import { shredCase } from './shred-case.ts';
import { type DeletionAuditActor, type ShredInput, shredReport } from './shred-report.ts';
import { findDeletable, findPendingRequest, insertRequest, requiresApproval } from './store.ts';

/** Who deletes: an admin through the API, or the operator through `tma` (no approval step). */
export type Deleter = { kind: 'user'; actor: Actor; audit: DeletionAuditActor } | { kind: 'operator' };

export const auditActorOfDeleter = (by: Deleter, requestId: string | null = null): DeletionAuditActor =>
  by.kind === 'user' ? by.audit : { actorType: 'operator', actorId: null, requestId };

export interface DeletionInput {
  tenantId: string;
  type: DeletableType;
  id: string;
  reason: DeletionReason;
  note?: string | undefined;
  now: Date;
}

/** The object, or NotFound; Gone once deleted. */
export async function deletableOrThrow(trx: TenantTransaction, type: DeletableType, id: string) {
  const row = await findDeletable(trx, type, id);
  if (!row) throw new NotFound(notFoundCode(type), `No such ${type}.`);
  if (row.deleted_at)
    throw new Gone(goneCode(type), `This ${type} was deleted.`, {
      on: dayOf(row.deleted_at),
      reason: row.deletion_reason,
    });
  const caseId = type === 'case' ? row.id : row.case_id;
  if (caseId && (await isUnderLegalHold(trx, caseId)))
    throw new Conflict('case_under_legal_hold', 'The case is under legal hold: lift the hold to delete it.');
  return row;
}

/**
 * Shreds a case or a report in the caller's transaction and issues its deletion certificate there (what
 * was deleted is counted first, while it is still there): every deletion, by an admin, a second admin's
 * approval, the operator or a retention policy, comes through here. Answers the blob ids to remove after
 * commit.
 */
export async function shredObject(
  trx: TenantTransaction,
  keys: TenantKeys,
  row: { id: string; case_id: string | null },
  type: DeletableType,
  input: ShredInput,
): Promise<string[]> {
  const facts = await gatherDeletionFacts(trx, type, { id: row.id, caseId: row.case_id });
  const blobIds =
    type === 'case'
      ? await shredCase(trx, keys, row.id, input)
      : await shredReport(trx, keys, { id: row.id, caseId: row.case_id }, input);
  await issueDeletionCertificate(trx, facts, input);
  return blobIds;
}

/**
 * Deletes a case or a report at once, or, where the tenant requires a second admin's approval, records the
 * request (audited as `<type>.deletion_requested`). The operator's deletions need no approval.
 */
export async function requestDeletion(
  trx: TenantTransaction,
  keys: TenantKeys,
  by: Deleter,
  input: DeletionInput,
): Promise<{ outcome: DeletionOutcome; blobIds: string[] }> {
  if (by.kind === 'user')
    authorizeDeletion(by.actor, 'request', { tenantId: input.tenantId, requestedBy: null });
  const row = await deletableOrThrow(trx, input.type, input.id);
  if (await findPendingRequest(trx, input.type, row.id))
    throw new Conflict(
      'deletion_already_requested',
      `Deleting this ${input.type} is already awaiting approval.`,
    );
  const audit = auditActorOfDeleter(by);
  if (by.kind === 'user' && (await requiresApproval(trx))) {
    const requestId = randomUUID();
    const note = input.note?.trim();
    await insertRequest(trx, {
      id: requestId,
      tenant_id: input.tenantId,
      object_type: input.type,
      object_id: row.id,
      reason: input.reason,
      note_sealed: note
        ? (await keys.scope(trx, NOTE_SCOPE, requestId)).seal(note, noteField(requestId))
        : null,
      requested_by: by.actor.id,
      requested_at: input.now,
    });
    await recordAuditEvent(trx, {
      ...audit,
      action: `${input.type}.deletion_requested`,
      objectType: input.type,
      objectId: row.id,
      caseId: input.type === 'case' ? row.id : row.case_id,
      outcome: 'success',
      reason: input.reason,
    });
    const pending = await findPendingRequest(trx, input.type, row.id);
    if (!pending) throw new Error('the new deletion request is missing');
    return {
      outcome: {
        state: 'awaiting_approval',
        request: await toDeletionRequest(trx, keys, by.actor, pending),
        deleted: null,
      },
      blobIds: [],
    };
  }
  const blobIds = await shredObject(trx, keys, row, input.type, {
    tenantId: input.tenantId,
    actor: audit,
    tombstone: {
      deletedAt: input.now,
      deletedBy: by.kind === 'user' ? by.actor.id : null,
      approvedBy: null,
      reason: input.reason,
    },
  });
  return {
    outcome: { state: 'deleted', request: null, deleted: { on: dayOf(input.now), reason: input.reason } },
    blobIds,
  };
}

export const dayOf = (date: Date) => date.toISOString().slice(0, 10);
