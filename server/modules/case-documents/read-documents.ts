import { type IntegrityAlarm, UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { KeysetPosition } from '../../db/keyset.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { userNames } from '../cases/comments.ts';
import { type LoadedCase, loadCase } from '../cases/load-case.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import type { CaseDocument } from './schemas.ts';
import { selectDocumentPage, selectVersions } from './store.ts';
import { namedUsers, toCaseDocument } from './views.ts';

const ACTION = 'case.document_list';

/**
 * A page of the case's documents that the user may read (`read`; managers-only ones only for threat
 * managers, by row-level security), newest first, with all their versions, opened with the case's key.
 * Audited as `case.document_list` naming the documents shown.
 */
export async function readDocumentPage(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  page: { after: KeysetPosition | null; limit: number },
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<{ documents: CaseDocument[]; next: KeysetPosition | null; can: LoadedCase['can'] }> {
  const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
  const cipher = await keys.scope(trx, 'case', row.id);
  const { rows, next } = await selectDocumentPage(trx, row.id, page);
  const versions = await selectVersions(
    trx,
    row.id,
    rows.map((document) => document.id),
  );
  const names = await userNames(trx, namedUsers(rows, versions));
  const unreadable = new UnreadableFields();
  const documents = rows.map((document) => toCaseDocument(cipher, document, versions, names, unreadable));
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: ACTION,
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: documents.length > 0 ? documents.map((document) => document.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: ACTION, objectType: 'case', caseId: row.id, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    context.alarm,
  );
  return { documents, next, can };
}

/** Every document of the case the user may read, newest first (for the case report). */
export async function readAllDocuments(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<CaseDocument[]> {
  const documents: CaseDocument[] = [];
  let after: KeysetPosition | null = null;
  do {
    const page = await readDocumentPage(trx, keys, auth, caseId, { after, limit: 200 }, context);
    documents.push(...page.documents);
    after = page.next;
  } while (after !== null);
  return documents;
}
