import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { deleteCaseDocuments } from './store.ts';

/**
 * Deletes the documents of a case that is being deleted, in the caller's transaction (which must see them
 * all: the deletion runs without the user's scope). Answers the blob ids to remove once it has committed.
 */
export function removeCaseDocuments(trx: TenantTransaction, caseId: string): Promise<string[]> {
  return deleteCaseDocuments(trx, caseId);
}
