import type { ColumnType, Generated, RawBuilder } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';
import type { UserRole } from './schema-identity.ts';

/** One claim value and the TMA role it gives. */
export interface SsoRoleMapping {
  value: string;
  role: UserRole;
}

/** A tenant's OpenID Connect identity provider. */
export interface TenantSsoSettingsTable {
  tenant_id: string;
  enabled: boolean;
  issuer_url: string;
  client_id: string;
  /** Sealed with the tenant's keys (scope `tenant_settings`); null for a public client. */
  client_secret_sealed: Sealed | null;
  button_label: string;
  role_claim: string;
  role_mapping: ColumnType<SsoRoleMapping[], string, string>;
  /** Null: a user whose claim maps to no role is refused. */
  default_role: UserRole | null;
  create_users: boolean;
  /** Lower-case domains whose addresses may sign in; empty: any. Written as a `text[]` literal. */
  allowed_domains: ColumnType<string[], RawBuilder<string[]>, RawBuilder<string[]>>;
  updated_at: Timestamp;
}

/** A sign-in on its way through the identity provider; the browser holds the state, this row its hash. */
export interface SsoLoginStatesTable {
  id: Generated<string>;
  tenant_id: string;
  state_hash: Uint8Array;
  code_verifier: string;
  nonce: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SsoTables {
  tenant_sso_settings: TenantSsoSettingsTable;
  sso_login_states: SsoLoginStatesTable;
}
