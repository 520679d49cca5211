import { createHash, randomUUID } from 'node:crypto';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden } from '../../errors.ts';
import { readDecidedAssessments } from '../assessments/report-assessments.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { readAllDocuments } from '../case-documents/read-documents.ts';
import { readCaseReportContents } from '../cases/report-contents.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { readReportMeasures } from '../measures/report-measures.ts';
import { assessmentSections } from './assessment-sections.ts';
import { buildReportData } from './build-report-data.ts';
import { reportLabels } from './labels.ts';
import { measureSections } from './measure-sections.ts';
import { renderCaseReport } from './render-pdf.ts';
import type { CaseReportRequest, ExportVerification } from './schemas.ts';
import { exportIsAudited, findExportByHash, insertExport } from './store.ts';

export interface CaseReportDependencies {
  database: Database;
  keyring: Keyring;
  now?: () => Date;
  alarm?: IntegrityAlarm;
}

export interface CaseReportFile {
  exportId: string;
  fileName: string;
  bytes: Buffer;
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/** The reason of a `case.export` event: the file's hash, which the hash chain then vouches for. */
export const exportReason = (sha256: Buffer) => `sha256=${sha256.toString('hex')}`;

/**
 * The case report (a PDF of the case file as the exporter may read it, watermarked with who made it when)
 * and the verification of exports. Each export gets an id printed in the file; its SHA-256 goes into the
 * audit log (`case.export`) and the exports table, where anyone in the organisation can look a file up
 * without reading any case.
 */
export class CaseReportService {
  readonly #deps: CaseReportDependencies;
  readonly #now: () => Date;

  constructor(deps: CaseReportDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * Reads the case file as the exporter would on the case page (audited reads; managers-only content only
   * for threat managers), renders the report and records it. Names instead of pseudonyms only for the
   * case's threat managers (`manage`).
   */
  async export(
    auth: AuthContext,
    caseId: string,
    input: CaseReportRequest,
    requestId: string,
  ): Promise<CaseReportFile> {
    const { database, keyring, alarm } = this.#deps;
    const keys = await keyring.forTenant(auth.tenantId);
    const exportId = randomUUID();
    const exportedAt = this.#now();
    const names = input.names === true;
    const data = await withTenant(database, scopeOf(auth), async (trx) => {
      const context = { requestId, alarm };
      const contents = await readCaseReportContents(trx, keys, auth, caseId, context);
      if (names && !contents.detail.can.manage)
        throw new Forbidden(
          'report_names_not_allowed',
          "Only the case's threat managers export names of persons.",
        );
      const documents = await readAllDocuments(trx, keys, auth, caseId, context);
      const assessments = await readDecidedAssessments(trx, keys, auth, caseId, context);
      const measures = await readReportMeasures(trx, keys, auth, caseId, { ...context, now: exportedAt });
      const data = buildReportData(contents, documents, {
        language: input.language,
        names,
        exportId,
        exportedAt,
        exporter: { name: auth.user.display_name, role: auth.role },
      });
      const labels = reportLabels(input.language);
      return {
        ...data,
        extraSections: [...assessmentSections(assessments, labels), ...measureSections(measures, labels)],
      };
    });
    const bytes = await collect(renderCaseReport(data));
    const sha256 = createHash('sha256').update(bytes).digest();
    await withTenant(database, scopeOf(auth), async (trx) => {
      await insertExport(trx, {
        id: exportId,
        tenant_id: auth.tenantId,
        kind: 'case_report',
        case_id: caseId,
        case_reference: data.case.reference,
        sha256,
        byte_length: bytes.length,
        language: input.language,
        names_included: names,
        created_by: auth.userId,
        created_at: exportedAt,
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'case.export',
        objectType: 'export',
        objectId: exportId,
        caseId,
        requestId,
        outcome: 'success',
        reason: exportReason(sha256),
      });
    });
    const title = reportLabels(input.language).reportTitle.replace(/\s+/gu, '-');
    return { exportId, fileName: `${title}-${data.case.reference}.pdf`, bytes };
  }

  /**
   * Whether a file with this SHA-256 is an unaltered export of the organisation, and if so which case, who
   * made it and when. Anyone in the organisation may ask (auditors too): the answer holds no content.
   * Audited as `export.verify`.
   */
  async verify(auth: AuthContext, sha256Hex: string, requestId: string): Promise<ExportVerification> {
    const sha256 = Buffer.from(sha256Hex, 'hex');
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const { verification, reason, found } = await lookUpExport(trx, sha256);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'export.verify',
        objectType: 'export',
        objectId: found?.id ?? null,
        caseId: found?.case_id ?? null,
        requestId,
        outcome: verification.verified ? 'success' : 'failure',
        reason,
      });
      return verification;
    });
  }
}

/**
 * Looks a file's SHA-256 up among the tenant's exports (the transaction's) and checks the audit log agrees;
 * for the API and for `tma export verify`, which asks every tenant.
 */
export async function lookUpExport(trx: TenantTransaction, sha256: Buffer) {
  const found = await findExportByHash(trx, sha256);
  const certificate = found?.kind === 'deletion_certificate';
  const audited =
    found !== undefined && (certificate || found.case_id !== null)
      ? await exportIsAudited(trx, {
          caseId: found.case_id,
          exportId: found.id,
          reason: exportReason(sha256),
          action: certificate ? 'deletion.certificate' : 'case.export',
        })
      : false;
  if (!found || !audited)
    return {
      found,
      reason: found ? 'not_in_audit_log' : 'unknown_file',
      verification: { verified: false, export: null } as ExportVerification,
    };
  const verification: ExportVerification = {
    verified: true,
    export: {
      id: found.id,
      kind: found.kind,
      caseReference: found.case_reference,
      exportedBy: found.created_by_name,
      exportedAt: found.created_at.toISOString(),
      byteLength: Number(found.byte_length),
      language: found.language,
      namesIncluded: found.names_included,
      deletion:
        certificate && found.deleted_type && found.deleted_reference && found.deleted_by_kind
          ? {
              objectType: found.deleted_type,
              reference: found.deleted_reference,
              deletedBy: found.deleted_by_kind,
              retentionRule: found.deleted_by_rule,
            }
          : null,
    },
  };
  return { found, reason: 'verified', verification };
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}
