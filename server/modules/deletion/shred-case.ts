import type { TenantKeys } from '../../crypto/keyring.ts';
import { type TenantTransaction, withoutUserScope } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { removeCaseDocuments } from '../case-documents/removal.ts';
import { type ShredInput, shredReport } from './shred-report.ts';
import {
  caseReportIds,
  closePendingRequests,
  findDeletable,
  queueBlobDeletions,
  tombstoneCase,
} from './store.ts';

/**
 * Deletes a case inside the caller's transaction: first every report linked to it (shredReport), then the
 * case's own data key, its team, and its content, leaving the row as a tombstone. Audited as `case.shred`
 * with the reason code. Answers the blob ids to remove from the blob store after commit.
 */
export async function shredCase(
  trx: TenantTransaction,
  keys: TenantKeys,
  caseId: string,
  input: ShredInput,
): Promise<string[]> {
  const blobIds: string[] = [];
  for (const reportId of await caseReportIds(trx, caseId)) {
    const report = await findDeletable(trx, 'report', reportId);
    if (!report || report.deleted_at) continue;
    blobIds.push(...(await shredReport(trx, keys, { id: report.id, caseId }, input)));
  }
  // The case's content rows are not all visible to whoever deletes (an admin reading metadata only, an
  // expert cannot see managers-only rows); the deletion policy has allowed removing all of them.
  await withoutUserScope(trx, () => tombstoneCase(trx, caseId, input.tombstone));
  const documentBlobs = await withoutUserScope(trx, () => removeCaseDocuments(trx, caseId));
  await queueBlobDeletions(trx, input.tenantId, documentBlobs);
  blobIds.push(...documentBlobs);
  await closePendingRequests(trx, 'case', caseId, input.tombstone.deletedAt);
  await keys.destroy(trx, 'case', caseId);
  await recordAuditEvent(trx, {
    ...input.actor,
    action: 'case.shred',
    objectType: 'case',
    objectId: caseId,
    caseId,
    outcome: 'success',
    reason: input.tombstone.reason,
  });
  return blobIds;
}
