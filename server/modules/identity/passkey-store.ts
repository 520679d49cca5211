import type { Selectable } from 'kysely';
import type { PasskeysTable, WebauthnChallengesTable, WebauthnPurpose } from '../../db/schema-passkeys.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type PasskeyRow = Selectable<PasskeysTable>;
export type WebauthnChallengeRow = Selectable<WebauthnChallengesTable>;

export async function findUserHandle(trx: TenantTransaction, userId: string): Promise<Buffer | undefined> {
  const row = await trx
    .selectFrom('webauthn_user_handles')
    .select('handle')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? Buffer.from(row.handle) : undefined;
}

/** The user's handle, created on first use; a concurrent first use keeps whichever came first. */
export async function ensureUserHandle(
  trx: TenantTransaction,
  row: { tenant_id: string; user_id: string; handle: Buffer; created_at: Date },
): Promise<Buffer> {
  await trx
    .insertInto('webauthn_user_handles')
    .values(row)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'user_id']).doNothing())
    .execute();
  return (await findUserHandle(trx, row.user_id)) ?? row.handle;
}

export async function findUserIdByHandle(
  trx: TenantTransaction,
  handle: Buffer,
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('webauthn_user_handles')
    .select('user_id')
    .where('handle', '=', handle)
    .executeTakeFirst();
  return row?.user_id;
}

export function listPasskeys(trx: TenantTransaction, userId: string): Promise<PasskeyRow[]> {
  return trx
    .selectFrom('passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function hasPasskey(trx: TenantTransaction, userId: string): Promise<boolean> {
  const row = await trx.selectFrom('passkeys').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The passkey with this credential id in the transaction's tenant, locked for the counter update. */
export function findPasskeyByCredentialId(
  trx: TenantTransaction,
  credentialId: Buffer,
): Promise<PasskeyRow | undefined> {
  return trx
    .selectFrom('passkeys')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .forUpdate()
    .executeTakeFirst();
}

/** Stores a new passkey; undefined when the credential is registered already. */
export function insertPasskey(
  trx: TenantTransaction,
  row: Pick<
    PasskeyRow,
    | 'tenant_id'
    | 'user_id'
    | 'credential_id'
    | 'public_key'
    | 'counter'
    | 'transports'
    | 'name'
    | 'backed_up'
    | 'created_at'
  >,
): Promise<PasskeyRow | undefined> {
  return trx
    .insertInto('passkeys')
    .values(row)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'credential_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function recordPasskeyUse(
  trx: TenantTransaction,
  id: string,
  counter: number,
  backedUp: boolean,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('passkeys')
    .set({ counter, backed_up: backedUp, last_used_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deletePasskey(trx: TenantTransaction, userId: string, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('passkeys')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteUserPasskeys(trx: TenantTransaction, userId: string): Promise<number> {
  const result = await trx.deleteFrom('passkeys').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertWebauthnChallenge(
  trx: TenantTransaction,
  row: Pick<
    WebauthnChallengeRow,
    | 'tenant_id'
    | 'purpose'
    | 'user_id'
    | 'login_challenge_id'
    | 'challenge_hash'
    | 'created_at'
    | 'expires_at'
  >,
): Promise<void> {
  await trx.deleteFrom('webauthn_challenges').where('expires_at', '<', row.created_at).execute();
  await trx.insertInto('webauthn_challenges').values(row).execute();
}

/**
 * Uses up a live challenge of this purpose; undefined when there is none (unknown, expired, or answered
 * before). Atomic, so a challenge is answered once even when two instances race.
 */
export function consumeWebauthnChallenge(
  trx: TenantTransaction,
  challengeHash: Buffer,
  purpose: WebauthnPurpose,
  now: Date,
): Promise<WebauthnChallengeRow | undefined> {
  return trx
    .updateTable('webauthn_challenges')
    .set({ used_at: now })
    .where('challenge_hash', '=', challengeHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}
