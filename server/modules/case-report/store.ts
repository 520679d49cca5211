import { type Insertable, type Selectable, sql } from 'kysely';
import type { ExportsTable } from '../../db/schema-case-documents.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type ExportRow = Selectable<ExportsTable>;

export async function insertExport(trx: TenantTransaction, row: Insertable<ExportsTable>): Promise<void> {
  await trx.insertInto('exports').values(row).execute();
}

/** The tenant's export with this SHA-256, with the name of whoever made it. */
export async function findExportByHash(trx: TenantTransaction, sha256: Buffer) {
  return (
    trx
      .selectFrom('exports')
      .leftJoin('users', 'users.id', 'exports.created_by')
      // A deletion certificate's object and on whose behalf it was deleted (ids and codes only).
      .leftJoin('deletion_certificates as dc', 'dc.id', 'exports.id')
      .select([
        'dc.object_type as deleted_type',
        'dc.reference as deleted_reference',
        'dc.actor_kind as deleted_by_kind',
        'dc.retention_rule as deleted_by_rule',
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
      .executeTakeFirst()
  );
}

/**
 * Whether the audit log records this export with this hash: linked into the hash chain, or still waiting to
 * be linked (the linker moves events in batches, docs/audit-log.md).
 */
export async function exportIsAudited(
  trx: TenantTransaction,
  at: {
    caseId: string | null;
    exportId: string;
    reason: string;
    action: 'case.export' | 'deletion.certificate';
  },
): Promise<boolean> {
  for (const table of ['audit_events', 'audit_pending_events'] as const) {
    let query = trx
      .selectFrom(table)
      .select('case_id')
      // A literal, so the planner may use the certificates' partial index (migration 0042).
      .where('action', '=', sql.lit(at.action))
      .where('object_id', '=', at.exportId);
    // The case report's event is found through the case's index; a certificate's through its own.
    if (at.caseId !== null && at.action === 'case.export') query = query.where('case_id', '=', at.caseId);
    const event = await query
      .where('reason', '=', at.reason)
      .where('outcome', '=', 'success')
      .executeTakeFirst();
    if (event) return true;
  }
  return false;
}
