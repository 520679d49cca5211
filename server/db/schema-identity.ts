import type { ColumnType, Generated } from 'kysely';
import type { Sealed } from '../crypto/sealed.ts';
import type { Timestamp } from './schema.ts';

export type UserRole = 'admin' | 'threat_manager' | 'expert' | 'auditor';
export type UserStatus = 'active' | 'deactivated' | 'invited';
export type ExpertSpecialty =
  | 'labour_law'
  | 'compliance'
  | 'hr'
  | 'psychology'
  | 'security'
  | 'data_protection'
  | 'works_council';

/** A person who logs in to a tenant. The e-mail is stored lower-cased, unique per tenant. */
export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  display_name: string;
  /** PHC string of an argon2id hash; null for accounts that log in only through single sign-on. */
  password_hash: string | null;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  role: UserRole;
  /** Only for experts. */
  specialty: ExpertSpecialty | null;
  /** Only for threat managers: sees the cases of every unit. */
  tenant_wide: ColumnType<boolean, boolean | undefined, boolean>;
  /** The language the user last worked in, for their e-mails; null: German (migration 0032). */
  language: ColumnType<'de' | 'en' | null, 'de' | 'en' | null | undefined, 'de' | 'en' | null>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserUnitsTable {
  tenant_id: string;
  user_id: string;
  unit_id: string;
}

/** A login session; the cookie holds a random token, this row only its SHA-256. */
export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: Uint8Array;
  csrf_secret: Uint8Array;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  user_agent: string | null;
}

/** Failed logins per account or client address; keys are SHA-256 hashes, never the e-mail or address. */
export interface LoginThrottlesTable {
  key: Uint8Array;
  kind: 'account' | 'address' | 'receipt';
  failures: number;
  last_failure_at: Timestamp;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A user's TOTP authenticator; pending until `confirmed_at` is set. */
export interface UserTotpTable {
  tenant_id: string;
  user_id: string;
  /** The base32 secret, sealed with the user's data key (scope `user`). */
  secret_sealed: Sealed;
  confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The time step of the last accepted code (bigint, read as a number). */
  last_used_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}

/** A one-time recovery code; only its SHA-256 is stored. */
export interface RecoveryCodesTable {
  tenant_id: string;
  user_id: string;
  code_hash: Uint8Array;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A login waiting for its second factor; the client holds the token, this row its SHA-256. */
export interface LoginChallengesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failures: ColumnType<number, number | undefined, number>;
  /** No longer written (migration 0019): nothing read it. A later release drops the column. */
  user_agent: string | null;
}

/** A tenant's security policy; no row means the defaults (no second factor required). */
export interface TenantSecuritySettingsTable {
  tenant_id: string;
  require_second_factor_roles: ColumnType<UserRole[], UserRole[] | undefined, UserRole[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * A "Forgot password?" request waiting to be worked off (server/modules/identity/password-reset-queue.ts).
 * Not tenant data: what was asked is sealed with the `password-reset` system key, bound to the row's id.
 */
export interface PasswordResetRequestsTable {
  id: string;
  queued_at: Timestamp;
  request_sealed: Uint8Array;
  request_id: string;
  attempts: ColumnType<number, number | undefined, number>;
  /** While a worker has it; after this another may take it over. */
  leased_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Tables of this area. */
export interface IdentityTables {
  password_reset_requests: PasswordResetRequestsTable;
  users: UsersTable;
  user_units: UserUnitsTable;
  sessions: SessionsTable;
  login_throttles: LoginThrottlesTable;
  user_totp: UserTotpTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  tenant_security_settings: TenantSecuritySettingsTable;
}
