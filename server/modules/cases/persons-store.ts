import { type Insertable, sql, type Updateable } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import type { CasePersonsTable } from '../../db/schema-case-file.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { sourcesWithAllTerms } from './search-terms.ts';

// SQL of the case's persons (migration 0029). Row-level security lets through only persons of cases the
// transaction's user reads.

export function listCasePersons(trx: TenantTransaction, caseId: string) {
  return trx
    .selectFrom('case_persons')
    .select(allColumns('case_persons'))
    .where('case_id', '=', caseId)
    .orderBy('pseudonym_number')
    .execute();
}

export function findCasePerson(trx: TenantTransaction, caseId: string, id: string) {
  return trx
    .selectFrom('case_persons')
    .select(allColumns('case_persons'))
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The next pseudonym number of the case ("Person A" is 1), counted on the case row: numbers are never
 * reused, and the row lock orders two additions at once.
 */
export async function nextPseudonymNumber(trx: TenantTransaction, caseId: string): Promise<number> {
  const row = await trx
    .updateTable('cases')
    .set((eb) => ({ persons_numbered: eb('persons_numbered', '+', 1) }))
    .where('id', '=', caseId)
    .returning('persons_numbered')
    .executeTakeFirstOrThrow();
  return row.persons_numbered;
}

export async function insertCasePerson(trx: TenantTransaction, row: Insertable<CasePersonsTable>) {
  await trx.insertInto('case_persons').values(row).execute();
}

export async function updateCasePerson(
  trx: TenantTransaction,
  id: string,
  values: Updateable<CasePersonsTable>,
): Promise<void> {
  await trx.updateTable('case_persons').set(values).where('id', '=', id).execute();
}

export async function deleteCasePerson(trx: TenantTransaction, id: string): Promise<void> {
  await trx.deleteFrom('case_persons').where('id', '=', id).execute();
}

/** The persons of other readable cases linked as the same real person (`identity_id`). */
export function linkedPersons(trx: TenantTransaction, identityIds: string[], exceptCaseId: string) {
  return trx
    .selectFrom('case_persons')
    .innerJoin('cases', 'cases.id', 'case_persons.case_id')
    .select([
      'case_persons.id',
      'case_persons.identity_id',
      'case_persons.case_id',
      'case_persons.role',
      'case_persons.pseudonym_number',
      'cases.reference',
    ])
    .where('case_persons.identity_id', 'in', identityIds)
    .where('case_persons.case_id', '<>', exceptCaseId)
    .where('cases.deleted_at', 'is', null)
    .orderBy('cases.reference')
    .execute();
}

/**
 * Persons in other cases whose name holds every token of `nameIndex` (blind-index entries: the match is
 * made on keyed hashes, nothing is decrypted to find it), in cases the user reads (row-level security).
 */
export function personsNamedLike(
  trx: TenantTransaction,
  nameIndex: string[],
  exceptCaseId: string,
  limit: number,
) {
  // The matches as an array, fetched by index (as the case list's search, case-list-store.ts).
  const matches = sql<boolean>`case_persons.id = ANY (ARRAY(${sourcesWithAllTerms('person', nameIndex)}))`;
  return trx
    .selectFrom('case_persons')
    .innerJoin('cases', 'cases.id', 'case_persons.case_id')
    .select(allColumns('case_persons'))
    .select('cases.reference')
    .where(matches)
    .where('case_persons.case_id', '<>', exceptCaseId)
    .where('cases.deleted_at', 'is', null)
    .orderBy('cases.created_at', 'desc')
    .limit(limit)
    .execute();
}
