import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { Actor } from '../identity/policy.ts';
import { canDelete } from './policy.ts';
import type { DeletableType, DeletionRequest } from './schemas.ts';
import type { RequestRow } from './store.ts';

// A request's note is sealed with the request's own data key: it outlives the case it is about, and can be
// shredded on its own.

export const NOTE_SCOPE = 'deletion_request';
export const noteField = (requestId: string) => ({
  table: 'deletion_requests',
  column: 'note_sealed',
  rowId: requestId,
});

export const notFoundCode = (type: DeletableType) => `${type}_not_found`;
export const goneCode = (type: DeletableType) => `${type}_deleted`;

/** A pending request as the API shows it to `actor`. */
export async function toDeletionRequest(
  trx: TenantTransaction,
  keys: TenantKeys,
  actor: Actor | null,
  row: RequestRow,
): Promise<DeletionRequest> {
  const note = row.note_sealed
    ? (await keys.scope(trx, NOTE_SCOPE, row.id)).openText(row.note_sealed, noteField(row.id))
    : null;
  return {
    id: row.id,
    objectType: row.object_type,
    objectId: row.object_id,
    reference: row.reference,
    reason: row.reason,
    note,
    requestedBy: { id: row.requested_by, name: row.requester_name },
    requestedAt: row.requested_at.toISOString(),
    mayApprove: actor
      ? canDelete(actor, 'approve', { tenantId: actor.tenantId, requestedBy: row.requested_by })
      : false,
  };
}
