import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { dequeueBlob, queuedBlobIds } from './store.ts';

/**
 * Removes the blobs of shredded reports from the blob store, outside any transaction, and forgets each once
 * it is gone. A failure leaves the rest queued for the next deletion or `tma deletion cleanup`: until
 * then they are ciphertext whose key no longer exists. Answers how many were removed and how many remain.
 */
export async function removeQueuedBlobs(
  database: Database,
  blobStore: BlobStore,
  tenantId: string,
): Promise<{ removed: number; failed: number }> {
  const scope = { tenantId, userId: null };
  const blobIds = await withTenant(database, scope, (trx) => queuedBlobIds(trx, 10_000));
  let removed = 0;
  let failed = 0;
  for (const blobId of blobIds) {
    try {
      await blobStore.delete(tenantId, blobId);
      await withTenant(database, scope, (trx) => dequeueBlob(trx, blobId));
      removed++;
    } catch {
      failed++;
    }
  }
  return { removed, failed };
}
