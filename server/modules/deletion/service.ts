import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { recordAuditEvent } from '../audit/service.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { approveDeletion } from './approve-deletion.ts';
import { toDeletionRequest } from './deletion-requests.ts';
import { authorizeDeletion } from './policy.ts';
import { removeQueuedBlobs } from './remove-blobs.ts';
import { type Deleter, requestDeletion } from './request-deletion.ts';
import type {
  DeletableType,
  DeletionBody,
  DeletionOutcome,
  DeletionRequest,
  PendingDeletionsQuery,
} from './schemas.ts';
import {
  listPendingRequests,
  pendingRequestsKeyset,
  requiresApproval,
  setRequiresApproval,
} from './store.ts';
import type { Vacuum } from './vacuum.ts';
import { withdrawDeletion } from './withdraw-deletion.ts';

export interface DeletionDependencies {
  database: Database;
  keyring: Keyring;
  blobStore: BlobStore;
  now: () => Date;
  vacuum: Vacuum;
  /** Told when the work after a commit (blob removal, VACUUM) did not complete; the deletion stands. */
  onCleanupProblem?: (problem: { error?: unknown; message: string }) => void;
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });
const byUser = (auth: AuthContext, requestId: string) => ({
  actor: auth,
  audit: { ...auditActorOf(auth), requestId },
});

/**
 * Deleting cases and reports for the routes and the CLI: each command runs in one tenant transaction; after
 * the commit, the attachments' blobs are removed and VACUUM reclaims the old row versions.
 */
export class DeletionService {
  readonly #deps: DeletionDependencies;

  constructor(deps: DeletionDependencies) {
    this.#deps = deps;
  }

  /** Deletes now, or records a request where the tenant requires a second admin's approval. */
  async request(
    by: { auth: AuthContext; requestId: string } | { operator: true; tenantId: string },
    type: DeletableType,
    id: string,
    body: DeletionBody,
  ): Promise<DeletionOutcome> {
    const tenantId = 'auth' in by ? by.auth.tenantId : by.tenantId;
    const deleter: Deleter =
      'auth' in by ? { kind: 'user', ...byUser(by.auth, by.requestId) } : { kind: 'operator' };
    const keys = await this.#deps.keyring.forTenant(tenantId);
    const scope = 'auth' in by ? scopeOf(by.auth) : { tenantId, userId: null };
    const { outcome } = await withTenant(this.#deps.database, scope, (trx) =>
      requestDeletion(trx, keys, deleter, {
        tenantId,
        type,
        id,
        reason: body.reason,
        note: body.note,
        now: this.#deps.now(),
      }),
    );
    if (outcome.state === 'deleted') await this.#afterShred(tenantId);
    return outcome;
  }

  async approve(auth: AuthContext, type: DeletableType, id: string, requestId: string) {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    const { outcome } = await withTenant(this.#deps.database, scopeOf(auth), (trx) =>
      approveDeletion(trx, keys, byUser(auth, requestId), {
        tenantId: auth.tenantId,
        type,
        id,
        now: this.#deps.now(),
      }),
    );
    await this.#afterShred(auth.tenantId);
    return outcome;
  }

  async withdraw(auth: AuthContext, type: DeletableType, id: string, requestId: string): Promise<void> {
    await withTenant(this.#deps.database, scopeOf(auth), (trx) =>
      withdrawDeletion(trx, byUser(auth, requestId), {
        tenantId: auth.tenantId,
        type,
        id,
        now: this.#deps.now(),
      }),
    );
  }

  /** One page of the deletions awaiting a second admin's approval, oldest first, optionally of one object. */
  async pending(
    auth: AuthContext,
    query: PendingDeletionsQuery = {},
  ): Promise<{ requests: DeletionRequest[]; nextCursor: string | null }> {
    authorizeDeletion(auth, 'list', { tenantId: auth.tenantId, requestedBy: null });
    const page = readPage(pendingRequestsKeyset, query);
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const { rows, next } = await listPendingRequests(trx, query, page);
      const requests: DeletionRequest[] = [];
      for (const row of rows) requests.push(await toDeletionRequest(trx, keys, auth, row));
      return { requests, nextCursor: encodeCursor(pendingRequestsKeyset, next) };
    });
  }

  async settings(auth: AuthContext): Promise<{ requiresApproval: boolean }> {
    authorizeDeletion(auth, 'list', { tenantId: auth.tenantId, requestedBy: null });
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => ({
      requiresApproval: await requiresApproval(trx),
    }));
  }

  /** Sets whether deletions need a second admin; audited as `tenant.deletion_approval`. */
  async setSettings(
    auth: AuthContext,
    input: { requiresApproval: boolean },
    requestId: string,
  ): Promise<{ requiresApproval: boolean }> {
    authorizeDeletion(auth, 'configure', { tenantId: auth.tenantId, requestedBy: null });
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      await setRequiresApproval(trx, auth.tenantId, input.requiresApproval);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'tenant.deletion_approval',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
        reason: input.requiresApproval ? 'required' : 'not_required',
      });
      return { requiresApproval: await requiresApproval(trx) };
    });
  }

  /** Removes queued blobs and vacuums; failures are reported, never undo the deletion. */
  async #afterShred(tenantId: string): Promise<void> {
    const { database, blobStore, vacuum, onCleanupProblem } = this.#deps;
    try {
      const { failed } = await removeQueuedBlobs(database, blobStore, tenantId);
      if (failed > 0)
        onCleanupProblem?.({ message: `${failed} blobs of shredded reports could not be removed yet` });
    } catch (error) {
      onCleanupProblem?.({ error, message: 'removing the blobs of shredded reports failed' });
    }
    try {
      if (!(await vacuum()))
        onCleanupProblem?.({
          message: 'VACUUM after a deletion was skipped: the database role does not own the tables',
        });
    } catch (error) {
      onCleanupProblem?.({ error, message: 'VACUUM after a deletion failed' });
    }
  }

  /** For the CLI: the blob removal and VACUUM of a deletion, run again. */
  cleanup(tenantId: string): Promise<void> {
    return this.#afterShred(tenantId);
  }
}
