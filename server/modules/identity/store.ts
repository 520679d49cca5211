import { type Kysely, type Selectable, sql } from 'kysely';
import { allColumns } from '../../db/columns.ts';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { DB } from '../../db/schema.ts';
import type { LoginThrottlesTable, SessionsTable, UsersTable } from '../../db/schema-identity.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;

export function findUserByEmail(trx: TenantTransaction, email: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').select(allColumns('users')).where('email', '=', email).executeTakeFirst();
}

export function findUserById(trx: TenantTransaction, id: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').select(allColumns('users')).where('id', '=', id).executeTakeFirst();
}

export function listUsers(trx: TenantTransaction): Promise<UserRow[]> {
  return trx.selectFrom('users').select(allColumns('users')).orderBy('email').execute();
}

/** The admin users list's order: newest first, (created_at, id); `users_list_idx` serves it. */
export const usersKeyset = defineKeyset({
  name: 'users',
  columns: [
    { ref: 'users.created_at', type: 'timestamp' },
    { ref: 'users.id', type: 'uuid' },
  ],
  order: 'desc',
});

/** One page of the transaction's tenant's users, in usersKeyset's order. */
export function listUsersPage(
  trx: TenantTransaction,
  page: PageRequest,
): Promise<{ rows: UserRow[]; next: KeysetPosition | null }> {
  return selectKeysetPage(trx.selectFrom('users').select(allColumns('users')), usersKeyset, page);
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

/** Records the language the user works in (for their e-mails); not a change of the account itself. */
export async function setUserLanguage(
  trx: TenantTransaction,
  id: string,
  language: 'de' | 'en',
): Promise<void> {
  await trx.updateTable('users').set({ language }).where('id', '=', id).execute();
}

export async function insertSession(
  trx: TenantTransaction,
  session: Omit<SessionRow, 'id' | 'revoked_at'>,
): Promise<SessionRow> {
  return trx.insertInto('sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

/** The user's standing for the access policies (access/unit-access.ts), as the authentication read it. */
export interface UserAccess {
  role: UserRow['role'];
  status: UserRow['status'];
  tenantWide: boolean;
  alsoThreatManager: boolean;
  adminsReadContent: boolean;
  unitIds: readonly string[];
}

/** A live session with what the request hook needs, as `tma_authenticate_session()` answers it. */
export interface AuthenticatedSession {
  session: SessionRow;
  /** The account as the authentication function answers it (without the e-mail language). */
  user: Omit<UserRow, 'language'>;
  tenant: { id: string; slug: string; name: string };
  /** The tenant requires a second factor for the user's role and the user has none. */
  secondFactorSetupRequired: boolean;
  /** What the access policies need to know of the user (migration 0051). */
  access: UserAccess;
}

interface AuthenticatedSessionRow {
  session_id: string;
  tenant_id: string;
  user_id: string;
  csrf_secret: Uint8Array;
  session_created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
  email: string;
  display_name: string;
  password_hash: string | null;
  user_status: UserRow['status'];
  role: UserRow['role'];
  specialty: UserRow['specialty'];
  tenant_wide: boolean;
  user_created_at: Date;
  user_updated_at: Date;
  tenant_slug: string;
  tenant_name: string;
  second_factor_setup_required: boolean;
  also_threat_manager: boolean;
  admins_read_content: boolean;
  unit_ids: string[];
}

/**
 * The session whose token hashes to `tokenHash` if it is live at `now` (not revoked, not idle for
 * `idleSeconds`, not past its end; its user and tenant active), with its user and tenant: one statement,
 * outside any transaction (migration 0020). It writes last_seen_at when that is `touchSeconds` old.
 */
export async function authenticateSession(
  db: Kysely<DB>,
  tokenHash: Uint8Array,
  now: Date,
  idleSeconds: number,
  touchSeconds: number,
): Promise<AuthenticatedSession | undefined> {
  const { rows } = await sql<AuthenticatedSessionRow>`
    SELECT * FROM tma_authenticate_session(${tokenHash}, ${now}, make_interval(secs => ${idleSeconds}),
      make_interval(secs => ${touchSeconds}))
  `.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    session: {
      id: row.session_id,
      tenant_id: row.tenant_id,
      user_id: row.user_id,
      token_hash: tokenHash,
      csrf_secret: row.csrf_secret,
      created_at: row.session_created_at,
      last_seen_at: row.last_seen_at,
      expires_at: row.expires_at,
      revoked_at: null,
      user_agent: row.user_agent,
    },
    user: {
      id: row.user_id,
      tenant_id: row.tenant_id,
      email: row.email,
      display_name: row.display_name,
      password_hash: row.password_hash,
      status: row.user_status,
      role: row.role,
      specialty: row.specialty,
      tenant_wide: row.tenant_wide,
      created_at: row.user_created_at,
      updated_at: row.user_updated_at,
    },
    tenant: { id: row.tenant_id, slug: row.tenant_slug, name: row.tenant_name },
    secondFactorSetupRequired: row.second_factor_setup_required,
    access: {
      role: row.role,
      status: row.user_status,
      tenantWide: row.tenant_wide,
      alsoThreatManager: row.also_threat_manager,
      adminsReadContent: row.admins_read_content,
      unitIds: row.unit_ids,
    },
  };
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
