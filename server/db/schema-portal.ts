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

/** Tables of this area. */
export interface PortalTables {
  proof_of_work_spent: ProofOfWorkSpentTable;
  proof_of_work_spent_days: ProofOfWorkSpentDaysTable;
}
