import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { runInsideTransaction } from '../../db/guarded-dialect.ts';
import type { DB } from '../../db/schema.ts';
import type { LoginThrottlesTable, SessionsTable, UsersTable } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;

export function findUserByEmail(trx: TenantTransaction, email: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(trx: TenantTransaction, id: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(trx: TenantTransaction): Promise<UserRow[]> {
  return trx.selectFrom('users').selectAll().orderBy('email').execute();
}

/** Inserts a user of the transaction's tenant; undefined when the e-mail is taken. */
export function insertUser(
  trx: TenantTransaction,
  user: Pick<
    UserRow,
    'tenant_id' | 'email' | 'display_name' | 'password_hash' | 'role' | 'specialty' | 'tenant_wide'
  >,
): Promise<UserRow | undefined> {
  return trx
    .insertInto('users')
    .values(user)
    .onConflict((conflict) => conflict.columns(['tenant_id', 'email']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateUser(
  trx: TenantTransaction,
  id: string,
  changes: Partial<Pick<UserRow, 'status' | 'password_hash' | 'role' | 'specialty' | 'tenant_wide'>>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(
  trx: TenantTransaction,
  session: Omit<SessionRow, 'id' | 'revoked_at'>,
): Promise<SessionRow> {
  return trx.insertInto('sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

/**
 * The tenant of the session whose token hashes to `tokenHash`, read outside any tenant: the
 * `session_by_token` policy shows exactly the row whose hash the caller presents.
 */
export function findSessionTenant(database: Database, tokenHash: Uint8Array): Promise<string | undefined> {
  return database.db.transaction().execute((trx) =>
    runInsideTransaction(async () => {
      const hex = Buffer.from(tokenHash).toString('hex');
      await sql`SELECT set_config('app.session_token_hash', ${hex}, true)`.execute(trx);
      await sql`SET LOCAL ROLE ${sql.id(database.appRole)}`.execute(trx);
      const row = await trx
        .selectFrom('sessions')
        .select('tenant_id')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row?.tenant_id;
    }),
  );
}

export function findSessionByTokenHash(
  trx: TenantTransaction,
  tokenHash: Uint8Array,
): Promise<SessionRow | undefined> {
  return trx.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(trx: TenantTransaction, id: string, now: Date): Promise<void> {
  await trx.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Sessions of a user that are neither revoked nor past their absolute expiry (idle expiry is the caller's). */
export function listOpenSessions(trx: TenantTransaction, userId: string, now: Date): Promise<SessionRow[]> {
  return trx
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes one open session of a user; false when there is none with that id. */
export async function revokeSession(
  trx: TenantTransaction,
  id: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every open session of a user; returns how many. */
export async function revokeUserSessions(trx: TenantTransaction, userId: string, now: Date): Promise<number> {
  const result = await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type ThrottleRow = Selectable<LoginThrottlesTable>;

export function findThrottles(db: Kysely<DB>, keys: Uint8Array[]): Promise<ThrottleRow[]> {
  return db.selectFrom('login_throttles').selectAll().where('key', 'in', keys).execute();
}

/** Counts one failure (starting over when the last one is older than `windowStart`); returns the new count. */
export async function countFailure(
  db: Kysely<DB>,
  key: Uint8Array,
  kind: ThrottleRow['kind'],
  now: Date,
  windowStart: Date,
): Promise<number> {
  const row = await db
    .insertInto('login_throttles')
    .values({ key, kind, failures: 1, last_failure_at: now, locked_until: null })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: sql`CASE WHEN login_throttles.last_failure_at < ${windowStart} THEN 1 ELSE login_throttles.failures + 1 END`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function lockThrottle(db: Kysely<DB>, key: Uint8Array, until: Date): Promise<void> {
  await db.updateTable('login_throttles').set({ locked_until: until }).where('key', '=', key).execute();
}

export async function clearThrottle(db: Kysely<DB>, key: Uint8Array): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', key).execute();
}

/** Forgets failures older than `before` whose lockout has ended. */
export async function pruneThrottles(db: Kysely<DB>, before: Date): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('last_failure_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}
