import { sql } from 'kysely';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { ExportsTable } from '../../db/schema-case-documents.ts';
import type {
  CertificateActorKind,
  DeletionCertificatesTable,
  DeletionCounts,
} from '../../db/schema-deletion-certificates.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// SQL of deletion certificates, inside the tenant's transaction. The counting runs before the deletion,
// without the deleting user's scope (the caller lifts it): it must see every row that is about to go.

const count = (table: string, column: string, id: string) =>
  sql<number>`(SELECT count(*)::int FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${id}::uuid)`;

/** A linked report that is deleted with its case. */
export interface LinkedReport {
  id: string;
  reference: string;
  received_on: string;
}

export interface CaseFacts {
  reference: string;
  unit_name: string;
  opened_at: Date;
  closed_at: Date | null;
  counts: DeletionCounts;
  reports: LinkedReport[];
}

/** What a case's certificate says of it: reference, unit, dates and how many of each thing it held. */
export async function caseFacts(trx: TenantTransaction, caseId: string): Promise<CaseFacts> {
  const row = await trx
    .selectFrom('cases as c')
    .innerJoin('org_units as u', 'u.id', 'c.unit_id')
    .select([
      'c.reference',
      'u.name as unit_name',
      'c.created_at as opened_at',
      'c.closed_at',
      count('case_persons', 'case_id', caseId).as('persons'),
      count('case_documents', 'case_id', caseId).as('documents'),
      count('case_document_versions', 'case_id', caseId).as('documentVersions'),
      count('case_journal', 'case_id', caseId).as('journalEntries'),
      count('case_tasks', 'case_id', caseId).as('tasks'),
      count('case_comments', 'case_id', caseId).as('comments'),
      count('case_measures', 'case_id', caseId).as('measures'),
      count('assessments', 'case_id', caseId).as('assessments'),
      count('case_members', 'case_id', caseId).as('teamMembers'),
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const reports = await trx
    .selectFrom('reports')
    .select(['id', 'reference', 'received_on'])
    .where('case_id', '=', caseId)
    .where('deleted_at', 'is', null)
    .orderBy('number')
    .execute();
  const ids = reports.map((report) => report.id);
  const inReports = async (table: 'report_attachments' | 'report_messages') =>
    ids.length === 0
      ? 0
      : Number(
          (
            await trx
              .selectFrom(table)
              .select(sql<number>`count(*)::int`.as('n'))
              .where('report_id', 'in', ids)
              .executeTakeFirstOrThrow()
          ).n,
        );
  const { reference, unit_name, opened_at, closed_at, ...counted } = row;
  return {
    reference,
    unit_name,
    opened_at,
    closed_at,
    counts: {
      reports: reports.length,
      reportAttachments: await inReports('report_attachments'),
      dialogueMessages: await inReports('report_messages'),
      ...counted,
    },
    reports,
  };
}

export interface ReportFacts {
  reference: string;
  unit_name: string;
  received_on: string;
  closed_on: string | null;
  case_reference: string | null;
  counts: DeletionCounts;
}

/** What a report's certificate says of it: reference, unit, days, attachments and messages counted. */
export async function reportFacts(trx: TenantTransaction, reportId: string): Promise<ReportFacts> {
  const row = await trx
    .selectFrom('reports as r')
    .innerJoin('org_units as u', 'u.id', 'r.unit_id')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .select([
      'r.reference',
      'u.name as unit_name',
      'r.received_on',
      'r.closed_on',
      'c.reference as case_reference',
      count('report_attachments', 'report_id', reportId).as('attachments'),
      count('report_messages', 'report_id', reportId).as('dialogueMessages'),
    ])
    .where('r.id', '=', reportId)
    .executeTakeFirstOrThrow();
  const { reference, unit_name, received_on, closed_on, case_reference, ...counts } = row;
  return { reference, unit_name, received_on, closed_on, case_reference, counts };
}

/** Names and languages of the users a certificate names. */
export async function usersByIds(
  trx: TenantTransaction,
  ids: string[],
): Promise<Map<string, { name: string; language: 'de' | 'en' | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'display_name', 'language'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, { name: row.display_name, language: row.language }]));
}

export async function tenantName(trx: TenantTransaction, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  return row?.name ?? '';
}

export interface NewCertificate {
  export: Omit<ExportsTable, 'created_at' | 'sha256'> & { sha256: Buffer; created_at: Date };
  certificate: {
    id: string;
    tenant_id: string;
    object_type: 'case' | 'report';
    object_id: string;
    reference: string;
    deleted_at: Date;
    reason: string;
    actor_kind: CertificateActorKind;
    deleted_by: string | null;
    approved_by: string | null;
    retention_rule: string | null;
    counts: DeletionCounts;
    language: 'de' | 'en';
    pdf: Buffer;
  };
  /** Every object the certificate covers (the object itself first). */
  objects: Array<{ type: 'case' | 'report'; id: string }>;
}

/** Records an issued certificate: its export, the PDF and the objects it covers. */
export async function insertCertificate(trx: TenantTransaction, row: NewCertificate): Promise<void> {
  await trx.insertInto('exports').values(row.export).execute();
  await trx
    .insertInto('deletion_certificates')
    .values({ ...row.certificate, counts: JSON.stringify(row.certificate.counts) })
    .execute();
  await trx
    .insertInto('deletion_certificate_objects')
    .values(
      row.objects.map((object) => ({
        tenant_id: row.certificate.tenant_id,
        object_type: object.type,
        object_id: object.id,
        certificate_id: row.certificate.id,
      })),
    )
    .execute();
}

export type CertificateRow = Omit<
  { [K in keyof DeletionCertificatesTable]: DeletionCertificatesTable[K]['__select__'] },
  'pdf' | 'tenant_id'
> & {
  deleted_by_name: string | null;
  approved_by_name: string | null;
  byte_length: number;
  sha256: Uint8Array;
  case_id: string | null;
};

function certificateQuery(trx: TenantTransaction) {
  return trx
    .selectFrom('deletion_certificates as d')
    .innerJoin('exports as e', 'e.id', 'd.id')
    .leftJoin('users as deleter', 'deleter.id', 'd.deleted_by')
    .leftJoin('users as approver', 'approver.id', 'd.approved_by')
    .select([
      'd.id',
      'd.object_type',
      'd.object_id',
      'd.reference',
      'd.deleted_at',
      'd.reason',
      'd.actor_kind',
      'd.deleted_by',
      'd.approved_by',
      'd.retention_rule',
      'd.counts',
      'd.language',
      'deleter.display_name as deleted_by_name',
      'approver.display_name as approved_by_name',
      'e.byte_length',
      'e.sha256',
      'e.case_id',
    ]);
}

/** Newest first, (deleted_at, id); `deletion_certificates_list_idx` and `…_type_idx` serve it. */
export const certificatesKeyset = defineKeyset({
  name: 'deletion-certificates',
  columns: [
    { ref: 'd.deleted_at', type: 'timestamp' },
    { ref: 'd.id', type: 'uuid' },
  ],
  order: 'desc',
});

export async function listCertificates(
  trx: TenantTransaction,
  filter: { objectType?: 'case' | 'report' | undefined },
  page: PageRequest,
): Promise<{ rows: CertificateRow[]; next: KeysetPosition | null }> {
  let query = certificateQuery(trx);
  if (filter.objectType) query = query.where('d.object_type', '=', filter.objectType);
  const { rows, next } = await selectKeysetPage(query, certificatesKeyset, page);
  return { rows: rows as CertificateRow[], next };
}

export function findCertificate(trx: TenantTransaction, id: string): Promise<CertificateRow | undefined> {
  return certificateQuery(trx).where('d.id', '=', id).executeTakeFirst() as Promise<
    CertificateRow | undefined
  >;
}

/** The certificate that covers a case or report (a report deleted with its case: the case's). */
export async function findCertificateOf(
  trx: TenantTransaction,
  type: 'case' | 'report',
  objectId: string,
): Promise<CertificateRow | undefined> {
  const covering = await trx
    .selectFrom('deletion_certificate_objects')
    .select('certificate_id')
    .where('object_type', '=', type)
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  return covering ? findCertificate(trx, covering.certificate_id) : undefined;
}

export async function certificatePdf(
  trx: TenantTransaction,
  id: string,
): Promise<{ pdf: Uint8Array; reference: string; language: 'de' | 'en' } | undefined> {
  return trx
    .selectFrom('deletion_certificates')
    .select(['pdf', 'reference', 'language'])
    .where('id', '=', id)
    .executeTakeFirst();
}
