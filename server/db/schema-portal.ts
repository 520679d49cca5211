import type { Timestamp } from './schema.ts';

/** A solved portal challenge, accepted once; the key is the SHA-256 of the challenge's signature. */
export interface ProofOfWorkSpentTable {
  challenge_hash: Uint8Array;
  /** When the challenge expires; the row is useless after that and purged. */
  expires_at: Timestamp;
}

/** Tables of this area. */
export interface PortalTables {
  proof_of_work_spent: ProofOfWorkSpentTable;
}
