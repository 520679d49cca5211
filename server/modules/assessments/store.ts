import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { AssessmentsTable } from '../../db/schema-assessments.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type AssessmentRow = Selectable<AssessmentsTable>;

const COLUMNS = [
  'id',
  'tenant_id',
  'case_id',
  'seq',
  'kind',
  'model_id',
  'model_version',
  'content_hash',
  'status',
  'answers_sealed',
  'computed_sealed',
  'suggested_level',
  'final_level',
  'judgement_sealed',
  'agrees_with_suggestion',
  'next_review_on',
  'supersedes_id',
  'started_by',
  'started_at',
  'updated_at',
  'decided_by',
  'decided_at',
  'signed_off_by',
  'signed_off_at',
  'review_reminded_on',
] as const;

/** The case's assessments the transaction's user may read (row-level security), newest first. */
export function selectCaseAssessments(trx: TenantTransaction, caseId: string): Promise<AssessmentRow[]> {
  return trx
    .selectFrom('assessments')
    .select(COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(500)
    .execute();
}

export function findAssessment(
  trx: TenantTransaction,
  caseId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<AssessmentRow | undefined> {
  const query = trx
    .selectFrom('assessments')
    .select(COLUMNS)
    .where('case_id', '=', caseId)
    .where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function insertAssessment(
  trx: TenantTransaction,
  row: Insertable<AssessmentsTable>,
): Promise<void> {
  await trx.insertInto('assessments').values(row).execute();
}

export async function updateAssessment(
  trx: TenantTransaction,
  id: string,
  changes: Updateable<AssessmentsTable>,
): Promise<void> {
  await trx.updateTable('assessments').set(changes).where('id', '=', id).execute();
}

export async function deleteDraftAssessment(trx: TenantTransaction, id: string): Promise<void> {
  await trx.deleteFrom('assessments').where('id', '=', id).where('status', '=', 'draft').execute();
}

/** The case's level follows its latest final judgement (by when it was decided). */
export async function setCaseLevelFromAssessments(trx: TenantTransaction, caseId: string): Promise<void> {
  const latest = await trx
    .selectFrom('assessments')
    .select('final_level')
    .where('case_id', '=', caseId)
    .where('status', '=', 'final')
    .orderBy('decided_at', 'desc')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  await trx
    .updateTable('cases')
    .set({ level: latest?.final_level ?? null })
    .where('id', '=', caseId)
    .execute();
}

export function assessmentSettingsRow(trx: TenantTransaction) {
  return trx
    .selectFrom('assessment_settings')
    .select(['expert_specialties', 'review_days', 'sign_off_levels', 'external_instruments'])
    .executeTakeFirst();
}

export async function saveAssessmentSettings(
  trx: TenantTransaction,
  tenantId: string,
  settings: {
    expertSpecialties: string[];
    reviewDays: Record<string, number>;
    signOffLevels: string[];
    externalInstruments: unknown[];
  },
  now: Date,
): Promise<void> {
  const values = {
    expert_specialties: settings.expertSpecialties,
    review_days: JSON.stringify(settings.reviewDays),
    sign_off_levels: settings.signOffLevels,
    external_instruments: JSON.stringify(settings.externalInstruments),
    updated_at: now,
  };
  await trx
    .insertInto('assessment_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** Whether each evidence link names a report, journal entry or document of this case. */
export async function evidenceOfCase(
  trx: TenantTransaction,
  caseId: string,
  links: ReadonlyArray<{ kind: 'report' | 'journal' | 'document'; id: string }>,
): Promise<Set<string>> {
  const ids = (kind: string) => [
    ...new Set(links.filter((link) => link.kind === kind).map((link) => link.id)),
  ];
  const found = new Set<string>();
  const reports = ids('report');
  if (reports.length > 0)
    for (const row of await trx
      .selectFrom('reports')
      .select('id')
      .where('case_id', '=', caseId)
      .where('id', 'in', reports)
      .execute())
      found.add(`report:${row.id}`);
  const journal = ids('journal');
  if (journal.length > 0)
    for (const row of await trx
      .selectFrom('case_journal')
      .select('id')
      .where('case_id', '=', caseId)
      .where('id', 'in', journal)
      .execute())
      found.add(`journal:${row.id}`);
  const documents = ids('document');
  if (documents.length > 0)
    for (const row of await trx
      .selectFrom('case_documents')
      .select('id')
      .where('case_id', '=', caseId)
      .where('id', 'in', documents)
      .execute())
      found.add(`document:${row.id}`);
  return found;
}

/**
 * For a query over `assessments as a`: the row is its case's latest decision (by when it was decided), the
 * one whose next review day counts.
 */
export const LATEST_FINAL_OF_ITS_CASE = sql<boolean>`NOT EXISTS (SELECT 1 FROM assessments later
  WHERE later.case_id = a.case_id AND later.status = 'final'
    AND (later.decided_at, later.seq) > (a.decided_at, a.seq))`;

/**
 * The cases the transaction's user assesses whose re-assessment is due by `until`: the latest final
 * assessment of each open case (row-level security leaves out what the user may not see), earliest first.
 */
export function selectDueReviews(trx: TenantTransaction, until: string, limit: number) {
  return trx
    .selectFrom('assessments as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['a.case_id', 'a.id', 'a.next_review_on', 'c.reference', 'c.level', 'c.owner_id'])
    .where('a.status', '=', 'final')
    .where('a.next_review_on', '<=', until)
    .where('c.deleted_at', 'is', null)
    .where('c.status', '<>', 'closed')
    .where(LATEST_FINAL_OF_ITS_CASE)
    .orderBy('a.next_review_on')
    .orderBy('c.reference')
    .limit(limit)
    .execute();
}
