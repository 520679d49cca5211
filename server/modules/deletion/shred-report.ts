import type { TenantKeys } from '../../crypto/keyring.ts';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { DeletionReason } from './schemas.ts';
import {
  closePendingRequests,
  deleteReportNotifications,
  queueBlobDeletions,
  type TombstoneValues,
  tombstoneReport,
} from './store.ts';

/** Who deletes, as the audit log names them. */
export interface DeletionAuditActor {
  actorType: 'user' | 'api_token' | 'operator' | 'system';
  actorId: string | null;
  requestId: string | null;
}

export interface ShredInput {
  tenantId: string;
  actor: DeletionAuditActor;
  tombstone: TombstoneValues & { reason: DeletionReason };
  /** Set when a retention policy deletes: the rule's code, named by the deletion certificate. */
  retentionRule?: string;
}

/**
 * Deletes a report inside the caller's transaction: shreds its data key (its answers, the reporter's
 * details, the dialogue and the attachments can never be opened again), deletes its dialogue, attachment
 * rows, notices and queued e-mails, and leaves the row as a tombstone. Audited as `report.shred` with the
 * reason code. Answers the blob ids of its attachments, queued in `blob_deletions` for removal after commit.
 */
export async function shredReport(
  trx: TenantTransaction,
  keys: TenantKeys,
  report: { id: string; caseId: string | null },
  input: ShredInput,
): Promise<string[]> {
  // The dialogue and attachment rows are content, which an admin deleting the report may not read (row-level
  // security hides them from a metadata-only reader); the deletion policy has allowed removing them.
  const blobIds = await withoutUserScope(trx, () => tombstoneReport(trx, report.id, input.tombstone));
  // Everyone's notices of the report go, not only the acting admin's (whose scope shows only their own).
  await withoutUserScope(trx, () => deleteReportNotifications(trx, report.id));
  await queueBlobDeletions(trx, input.tenantId, blobIds);
  await closePendingRequests(trx, 'report', report.id, input.tombstone.deletedAt);
  await keys.destroy(trx, 'report', report.id);
  await recordAuditEvent(trx, {
    ...input.actor,
    action: 'report.shred',
    objectType: 'report',
    objectId: report.id,
    caseId: report.caseId,
    outcome: 'success',
    reason: input.tombstone.reason,
  });
  return blobIds;
}
