import type { Insertable, Selectable } from 'kysely';
import type { ExportsTable } from '../../db/schema-case-documents.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type ExportRow = Selectable<ExportsTable>;

export async function insertExport(trx: TenantTransaction, row: Insertable<ExportsTable>): Promise<void> {
  await trx.insertInto('exports').values(row).execute();
}

/** The tenant's export with this SHA-256, with the name of whoever made it. */
export async function findExportByHash(trx: TenantTransaction, sha256: Buffer) {
  return trx
    .selectFrom('exports')
    .leftJoin('users', 'users.id', 'exports.created_by')
    .select([
      'exports.id',
      'exports.kind',
      'exports.case_id',
      'exports.case_reference',
      'exports.byte_length',
      'exports.language',
      'exports.names_included',
      'exports.created_at',
      'users.display_name as created_by_name',
    ])
    .where('exports.sha256', '=', sha256)
    .executeTakeFirst();
}

/**
 * Whether the audit log records this export with this hash: linked into the hash chain, or still waiting to
 * be linked (the linker moves events in batches, docs/audit-log.md).
 */
export async function exportIsAudited(
  trx: TenantTransaction,
  at: { caseId: string; exportId: string; reason: string },
): Promise<boolean> {
  for (const table of ['audit_events', 'audit_pending_events'] as const) {
    const event = await trx
      .selectFrom(table)
      .select('case_id')
      .where('case_id', '=', at.caseId)
      .where('action', '=', 'case.export')
      .where('object_id', '=', at.exportId)
      .where('reason', '=', at.reason)
      .where('outcome', '=', 'success')
      .executeTakeFirst();
    if (event) return true;
  }
  return false;
}
