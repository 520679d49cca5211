import type { ColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

/** A tenant's choice about content access; no row means the defaults (admins do not read content). */
export interface AccessSettingsTable {
  tenant_id: string;
  admins_read_content: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

/** A content role an admin holds besides administration (honoured only while the user is an admin). */
export interface UserContentRolesTable {
  tenant_id: string;
  user_id: string;
  role: 'threat_manager';
  granted_at: Timestamp;
}

/** Tables of this area (migration 0022). */
export interface AccessTables {
  access_settings: AccessSettingsTable;
  user_content_roles: UserContentRolesTable;
}
