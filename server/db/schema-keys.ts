import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

export interface TenantKeysTable {
  tenant_id: string;
  version: number;
  provider: string;
  master_key_id: string;
  /** Null once the retired version has been destroyed (migration 0043). */
  wrapped_key: Buffer | null;
  created_at: Timestamp;
  retired_at: Date | null;
  destroyed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DataKeysTable {
  tenant_id: string;
  scope: string;
  scope_id: string;
  tenant_key_version: number;
  /** Null once the scope has been crypto-shredded. */
  wrapped_key: Buffer | null;
  created_at: Timestamp;
  shredded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A key of the installation (not of a tenant), wrapped by the key provider (server/crypto/system-keys.ts). */
export interface SystemKeysTable {
  purpose: string;
  provider: string;
  master_key_id: string;
  wrapped_key: Buffer;
  created_at: Timestamp;
}

/** A master key the installation has used, and when it was retired and destroyed (migration 0043). */
export interface MasterKeysTable {
  id: string;
  provider: string;
  first_used_at: Timestamp;
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  destroyed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface KeyTables {
  master_keys: MasterKeysTable;
  system_keys: SystemKeysTable;
  tenant_keys: TenantKeysTable;
  data_keys: DataKeysTable;
}
