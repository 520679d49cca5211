import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict } from '../../errors.ts';

// Restriction of processing (GDPR Art. 18, set by the data protection officer in
// server/modules/data-subjects): the person's record stays and is read as before, but it is not changed,
// removed or linked while the restriction holds. Rows are seen like the person (row-level security).

/** Throws 409 `processing_restricted` when the person's processing is restricted. */
export async function assertProcessingAllowed(trx: TenantTransaction, personId: string): Promise<void> {
  const restricted = await trx
    .selectFrom('processing_restrictions')
    .select('person_id')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (restricted)
    throw new Conflict(
      'processing_restricted',
      'Processing of this person’s data is restricted (data protection): the record is kept and can be read, but not changed, removed or linked until the restriction is lifted.',
    );
}

/** The persons of a case whose processing is restricted, with since when. */
export async function restrictedPersons(trx: TenantTransaction, caseId: string): Promise<Map<string, Date>> {
  const rows = await trx
    .selectFrom('processing_restrictions')
    .select(['person_id', 'restricted_at'])
    .where('case_id', '=', caseId)
    .execute();
  return new Map(rows.map((row) => [row.person_id, row.restricted_at]));
}
