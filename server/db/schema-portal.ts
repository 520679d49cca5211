import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

/**
 * The previous release's spent challenges (key: SHA-256 of the signature, with the expiry to the second).
 * Only read, for replays across a rolling deploy, and purged; a later release drops it.
 */
export interface ProofOfWorkSpentTable {
  challenge_hash: Uint8Array;
  expires_at: Timestamp;
}

/** A solved portal challenge, accepted once: a keyed hash of its signature and a day, never a time. */
export interface ProofOfWorkSpentDaysTable {
  challenge_key: Uint8Array;
  /** UTC day (`YYYY-MM-DD`) after which the row is purged; its challenge has expired by then. */
  purge_after: ColumnType<string, string, string>;
}

/**
 * Wrong receipts entered at a tenant's portal on one UTC day: they raise the proof of work a receipt login
 * costs (server/modules/reports/receipt-throttle.ts). The day, never a time; no client.
 */
export interface ReceiptFailureDaysTable {
  tenant_id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  failures: number;
}

/** Tables of this area. */
export interface PortalTables {
  receipt_failure_days: ReceiptFailureDaysTable;
  proof_of_work_spent: ProofOfWorkSpentTable;
  proof_of_work_spent_days: ProofOfWorkSpentDaysTable;
}
