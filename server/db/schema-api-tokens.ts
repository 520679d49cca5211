import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** An integration's API token: only its SHA-256 and a display prefix are kept. */
export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  token_hash: Uint8Array;
  token_prefix: string;
  /** JSON array of scope names; written as its JSON text. */
  scopes: ColumnType<string[], string, string>;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface ApiTokenTables {
  api_tokens: ApiTokensTable;
}
