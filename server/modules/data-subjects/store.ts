import { type Insertable, sql, type Updateable } from 'kysely';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { DataSubjectRequestsTable, ProcessingRestrictionsTable } from '../../db/schema-data-subjects.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { sourcesWithAllTerms } from '../cases/search-terms.ts';

// SQL of data subject requests (migration 0045). The reads of case and report content run without the
// user's scope (withoutUserScope, in the service) once the data-subject policy has allowed them: the data
// protection officer answers for the whole organisation, whatever cases they work on themselves.

const REQUEST_COLUMNS = [
  'id',
  'status',
  'subject_sealed',
  'received_on',
  'due_on',
  'confirmed_person_ids',
  'confirmed_report_ids',
  'created_by',
  'created_at',
  'exported_at',
  'exported_by',
  'released_at',
  'released_by',
] as const;

export function insertRequest(trx: TenantTransaction, row: Insertable<DataSubjectRequestsTable>) {
  return trx.insertInto('data_subject_requests').values(row).execute();
}

/** Newest first, (created_at, id). */
export const requestsKeyset = defineKeyset({
  name: 'data-subject-requests',
  columns: [
    { ref: 'data_subject_requests.created_at', type: 'timestamp' },
    { ref: 'data_subject_requests.id', type: 'uuid' },
  ],
  order: 'desc',
});

export async function listRequests(
  trx: TenantTransaction,
  page: PageRequest,
): Promise<{ rows: RequestRow[]; next: KeysetPosition | null }> {
  const query = trx.selectFrom('data_subject_requests').select(REQUEST_COLUMNS);
  const { rows, next } = await selectKeysetPage(query, requestsKeyset, page);
  return { rows: rows as RequestRow[], next };
}

export function findRequest(trx: TenantTransaction, id: string) {
  return trx
    .selectFrom('data_subject_requests')
    .select(REQUEST_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export async function updateRequest(
  trx: TenantTransaction,
  id: string,
  values: Updateable<DataSubjectRequestsTable>,
): Promise<void> {
  await trx.updateTable('data_subject_requests').set(values).where('id', '=', id).execute();
}

/** Persons of live cases whose name holds every one of `terms` (blind-index entries of the searched name). */
export function personsWithName(trx: TenantTransaction, terms: string[], limit: number) {
  const matches = sql<boolean>`case_persons.id = ANY (ARRAY(${sourcesWithAllTerms('person', terms)}))`;
  return selectPersons(trx).where(matches).limit(limit).execute();
}

/** The persons with these ids (of live cases). */
export function personsById(trx: TenantTransaction, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return selectPersons(trx).where('case_persons.id', 'in', ids).execute();
}

function selectPersons(trx: TenantTransaction) {
  return trx
    .selectFrom('case_persons')
    .innerJoin('cases', 'cases.id', 'case_persons.case_id')
    .leftJoin('processing_restrictions as r', 'r.person_id', 'case_persons.id')
    .select([
      'case_persons.id',
      'case_persons.case_id',
      'case_persons.role',
      'case_persons.pseudonym_number',
      'case_persons.name_sealed',
      'case_persons.details_sealed',
      'cases.reference',
      'r.restricted_at',
    ])
    .where('cases.deleted_at', 'is', null)
    .orderBy('cases.reference')
    .orderBy('case_persons.pseudonym_number');
}
export type PersonRow = Awaited<ReturnType<typeof personsById>>[number];

/** A page of the live reports that may name someone (a named reporter, answers), by number. */
export function reportsToScan(trx: TenantTransaction, afterNumber: number, limit: number) {
  return trx
    .selectFrom('reports')
    .leftJoin('cases', 'cases.id', 'reports.case_id')
    .select([
      'reports.id',
      'reports.number',
      'reports.reference',
      'reports.case_id',
      'cases.reference as case_reference',
      'reports.anonymous',
      'reports.reporter_sealed',
      'reports.answers_sealed',
    ])
    .where('reports.deleted_at', 'is', null)
    .where('reports.number', '>', afterNumber)
    .orderBy('reports.number')
    .limit(limit)
    .execute();
}

/** A live report with what an export shows of it, with its case's reference. */
function exportedReports(trx: TenantTransaction) {
  return trx
    .selectFrom('reports')
    .leftJoin('cases', 'cases.id', 'reports.case_id')
    .select([
      'reports.id',
      'reports.reference',
      'reports.case_id',
      'cases.reference as case_reference',
      'reports.channel',
      'reports.anonymous',
      'reports.received_on',
      'reports.status',
      'reports.language',
      'reports.reporter_sealed',
      'reports.answers_sealed',
    ])
    .where('reports.deleted_at', 'is', null)
    .orderBy('reports.number');
}

/** The reports with these ids, with what an export shows of them. */
export function reportsById(trx: TenantTransaction, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return exportedReports(trx).where('reports.id', 'in', ids).execute();
}
export type ExportReportRow = Awaited<ReturnType<typeof reportsById>>[number];

export function reportsOfCase(trx: TenantTransaction, caseId: string) {
  return exportedReports(trx).where('reports.case_id', '=', caseId).execute();
}

export function messagesOfReport(trx: TenantTransaction, reportId: string) {
  return trx
    .selectFrom('report_messages')
    .select(['id', 'author_type', 'kind', 'body_sealed', 'sent_on'])
    .where('report_id', '=', reportId)
    .orderBy('seq')
    .execute();
}

export function caseOf(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('cases')
    .innerJoin('org_units', 'org_units.id', 'cases.unit_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.title_sealed',
      'cases.summary_sealed',
      'cases.status',
      'cases.category',
      'cases.tags',
      'cases.level',
      'cases.created_at',
      'cases.closed_at',
      'org_units.name as unit_name',
    ])
    .where('cases.id', '=', caseId)
    .where('cases.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function personsOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_persons')
    .select(['id', 'role', 'pseudonym_number', 'name_sealed', 'details_sealed', 'from_report_id'])
    .where('case_id', '=', caseId)
    .orderBy('pseudonym_number')
    .execute();
}

export function journalOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_journal')
    .select(['id', 'kind', 'occurred_at', 'body_sealed', 'participants_sealed', 'facts'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export function commentsOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_comments')
    .select(['id', 'body_sealed', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export function tasksOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_tasks')
    .select(['id', 'title_sealed', 'status', 'due_on', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export function assessmentsOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('assessments')
    .select([
      'id',
      'kind',
      'model_id',
      'model_version',
      'status',
      'answers_sealed',
      'judgement_sealed',
      'suggested_level',
      'final_level',
      'started_at',
      'decided_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export function measuresOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_measures')
    .select([
      'id',
      'type_key',
      'status',
      'due_on',
      'effectiveness',
      'description_sealed',
      'outcome_sealed',
      'notes_sealed',
      'created_at',
      'completed_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

/** The current version of every document of the case. */
export function documentsOfCase(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_documents as d')
    .innerJoin('case_document_versions as v', (join) =>
      join.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.current_version'),
    )
    .select([
      'd.id',
      'd.title_sealed',
      'd.description_sealed',
      'd.created_at',
      'v.id as version_id',
      'v.version',
      'v.blob_id',
      'v.byte_length',
      'v.file_name_sealed',
      'v.content_type',
    ])
    .where('d.case_id', '=', caseId)
    .orderBy('d.seq')
    .execute();
}

export function insertRestriction(trx: TenantTransaction, row: Insertable<ProcessingRestrictionsTable>) {
  return trx
    .insertInto('processing_restrictions')
    .values(row)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'person_id']).doNothing())
    .returning('person_id')
    .executeTakeFirst();
}

export function deleteRestriction(trx: TenantTransaction, personId: string) {
  return trx
    .deleteFrom('processing_restrictions')
    .where('person_id', '=', personId)
    .returning('person_id')
    .executeTakeFirst();
}
