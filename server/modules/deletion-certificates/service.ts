import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { certificateLabels } from './labels.ts';
import { authorizeCertificates } from './policy.ts';
import type { DeletionCertificate, DeletionCertificatesQuery } from './schemas.ts';
import {
  type CertificateRow,
  certificatePdf,
  certificatesKeyset,
  findCertificate,
  findCertificateOf,
  listCertificates,
} from './store.ts';

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });
const notFound = () => new NotFound('certificate_not_found', 'No such deletion certificate.');

export function toCertificate(row: CertificateRow): DeletionCertificate {
  return {
    id: row.id,
    objectType: row.object_type,
    objectId: row.object_id,
    reference: row.reference,
    deletedAt: row.deleted_at.toISOString(),
    reason: row.reason,
    deletedBy: {
      kind: row.actor_kind,
      name: row.actor_kind === 'user' ? row.deleted_by_name : null,
      retentionRule: row.retention_rule,
    },
    approvedBy: row.approved_by_name,
    counts: row.counts,
    language: row.language,
    byteLength: Number(row.byte_length),
    sha256: Buffer.from(row.sha256).toString('hex'),
  };
}

/**
 * The deletion certificates of a tenant, for admins and auditors: the list, the one of a deleted case or
 * report, and the PDF (audited as `deletion.certificate_download`). Issuing is the deletion's work
 * (issue-certificate.ts), inside its transaction.
 */
export class DeletionCertificateService {
  readonly #database: Database;

  constructor(deps: { database: Database }) {
    this.#database = deps.database;
  }

  /** One page, newest first, optionally of one object type. */
  async list(
    auth: AuthContext,
    query: DeletionCertificatesQuery = {},
  ): Promise<{ certificates: DeletionCertificate[]; nextCursor: string | null }> {
    authorizeCertificates(auth, 'list', { tenantId: auth.tenantId });
    const page = readPage(certificatesKeyset, query);
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const { rows, next } = await listCertificates(trx, { objectType: query.objectType }, page);
      return { certificates: rows.map(toCertificate), nextCursor: encodeCursor(certificatesKeyset, next) };
    });
  }

  async get(auth: AuthContext, id: string): Promise<DeletionCertificate> {
    authorizeCertificates(auth, 'list', { tenantId: auth.tenantId });
    const row = await withTenant(this.#database, scopeOf(auth), (trx) => findCertificate(trx, id));
    if (!row) throw notFound();
    return toCertificate(row);
  }

  /**
   * The certificate that covers a deleted case or report (one deleted with its case: the case's), or null:
   * not deleted, deleted before certificates existed, or no such object (the answer tells nothing more).
   */
  async of(
    auth: AuthContext,
    type: 'case' | 'report',
    objectId: string,
  ): Promise<DeletionCertificate | null> {
    authorizeCertificates(auth, 'list', { tenantId: auth.tenantId });
    const row = await withTenant(this.#database, scopeOf(auth), (trx) =>
      findCertificateOf(trx, type, objectId),
    );
    return row ? toCertificate(row) : null;
  }

  /** The PDF as it was issued, byte for byte; audited. */
  async download(
    auth: AuthContext,
    id: string,
    requestId: string,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    authorizeCertificates(auth, 'download', { tenantId: auth.tenantId });
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const row = await findCertificate(trx, id);
      const file = row ? await certificatePdf(trx, id) : undefined;
      if (!row || !file) throw notFound();
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'deletion.certificate_download',
        objectType: 'export',
        objectId: id,
        caseId: row.case_id,
        requestId,
        outcome: 'success',
      });
      const title = certificateLabels(file.language).title.replace(/\s+/gu, '-');
      return { fileName: `${title}-${file.reference}.pdf`, bytes: Buffer.from(file.pdf) };
    });
  }
}
