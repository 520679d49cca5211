import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

export type AccountTokenPurpose = 'invitation' | 'password_reset';

/** A link sent by e-mail (invitation, password reset); the link holds a random token, this row its SHA-256. */
export interface AccountTokensTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  purpose: AccountTokenPurpose;
  token_hash: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Tables of this area. */
export interface InvitationTables {
  account_tokens: AccountTokensTable;
}
