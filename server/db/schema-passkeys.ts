import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** A user's random WebAuthn user handle (32 bytes), the same for all their passkeys. */
export interface WebauthnUserHandlesTable {
  tenant_id: string;
  user_id: string;
  handle: Uint8Array;
  created_at: Timestamp;
}

/** A registered passkey: the credential id and public key, never a secret. */
export interface PasskeysTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  credential_id: Uint8Array;
  public_key: Uint8Array;
  /** The signature counter (bigint, read as a number). */
  counter: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  name: string;
  backed_up: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

export type WebauthnPurpose = 'registration' | 'passwordless' | 'second_factor';

/** A WebAuthn challenge waiting for its answer; only its SHA-256 is stored. */
export interface WebauthnChallengesTable {
  id: Generated<string>;
  tenant_id: string;
  purpose: WebauthnPurpose;
  user_id: string | null;
  login_challenge_id: string | null;
  challenge_hash: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** Tables of this area. */
export interface PasskeyTables {
  webauthn_user_handles: WebauthnUserHandlesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}
