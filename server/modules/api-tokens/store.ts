import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { DB } from '../../db/schema.ts';
import type { ApiTokensTable } from '../../db/schema-api-tokens.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { Account as UserRow } from '../identity/accounts.ts';
import type { UserAccess } from '../identity/service.ts';

/** The account a token acts for, as the authentication function answers it (not the e-mail language). */
export type TokenCreator = Omit<UserRow, 'language'>;

export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ApiTokenListRow = ApiTokenRow & { creator_name: string };

/** Why a known token may not be used. */
export type ApiTokenRefusal = 'revoked' | 'expired' | 'creator_inactive';

/** A known token of an active tenant, as `tma_authenticate_api_token()` answers it. */
export type PresentedApiToken = {
  id: string;
  tenantId: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  tenant: { id: string; slug: string; name: string };
} & (
  | { refusal: ApiTokenRefusal; creator: null }
  | { refusal: null; creator: TokenCreator; access: UserAccess }
);

interface PresentedApiTokenRow {
  token_id: string;
  tenant_id: string;
  scopes: string[];
  token_created_at: Date;
  expires_at: Date;
  refusal: ApiTokenRefusal | null;
  user_id: string | null;
  email: string | null;
  display_name: string | null;
  password_hash: string | null;
  user_status: UserRow['status'] | null;
  role: UserRow['role'] | null;
  specialty: UserRow['specialty'];
  tenant_wide: boolean | null;
  user_created_at: Date | null;
  user_updated_at: Date | null;
  tenant_slug: string;
  tenant_name: string;
  also_threat_manager: boolean | null;
  admins_read_content: boolean | null;
  unit_ids: string[] | null;
}

/**
 * The token whose SHA-256 is `tokenHash`, in an active tenant, with its creator when it may be used at
 * `now`, else with the refusal: one statement outside any transaction (migration 0020). A request knows
 * only its token; presenting the hash (a secret only its holder knows) finds that one row. Writes
 * last_used_at when it is `touchSeconds` old (or unset).
 */
export async function authenticateApiToken(
  db: Kysely<DB>,
  tokenHash: Uint8Array,
  now: Date,
  touchSeconds: number,
): Promise<PresentedApiToken | undefined> {
  const { rows } = await sql<PresentedApiTokenRow>`
    SELECT * FROM tma_authenticate_api_token(${tokenHash}, ${now}, make_interval(secs => ${touchSeconds}))
  `.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const token = {
    id: row.token_id,
    tenantId: row.tenant_id,
    scopes: row.scopes,
    createdAt: row.token_created_at,
    expiresAt: row.expires_at,
    tenant: { id: row.tenant_id, slug: row.tenant_slug, name: row.tenant_name },
  };
  if (row.refusal !== null || row.user_id === null) {
    return { ...token, refusal: row.refusal ?? 'creator_inactive', creator: null };
  }
  const creator: TokenCreator = {
    id: row.user_id,
    tenant_id: row.tenant_id,
    email: row.email as string,
    display_name: row.display_name as string,
    password_hash: row.password_hash,
    status: row.user_status as UserRow['status'],
    role: row.role as UserRow['role'],
    specialty: row.specialty,
    tenant_wide: row.tenant_wide as boolean,
    created_at: row.user_created_at as Date,
    updated_at: row.user_updated_at as Date,
  };
  const access: UserAccess = {
    role: creator.role,
    status: creator.status,
    tenantWide: creator.tenant_wide,
    alsoThreatManager: row.also_threat_manager ?? false,
    adminsReadContent: row.admins_read_content ?? false,
    unitIds: row.unit_ids ?? [],
  };
  return { ...token, refusal: null, creator, access };
}

export async function insertApiToken(
  trx: TenantTransaction,
  row: Insertable<ApiTokensTable>,
): Promise<string> {
  const { id } = await trx.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

const withCreator = (trx: TenantTransaction) =>
  trx
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.created_by')
    .selectAll('api_tokens')
    .select('users.display_name as creator_name');

/** The token list's order: newest first, (created_at, id); `api_tokens_list_idx` serves it. */
export const apiTokensKeyset = defineKeyset({
  name: 'api-tokens',
  columns: [
    { ref: 'api_tokens.created_at', type: 'timestamp' },
    { ref: 'api_tokens.id', type: 'uuid' },
  ],
  order: 'desc',
});

/**
 * One page of the tenant's tokens, newest first, with their creators' names. The tenant is named here as
 * well as by row-level security: the policy's other branch (a token found by its hash) is an OR the planner
 * cannot walk `api_tokens_list_idx` with.
 */
export function listApiTokens(
  trx: TenantTransaction,
  tenantId: string,
  page: PageRequest,
): Promise<{ rows: ApiTokenListRow[]; next: KeysetPosition | null }> {
  return selectKeysetPage(
    withCreator(trx).where('api_tokens.tenant_id', '=', tenantId),
    apiTokensKeyset,
    page,
  );
}

export function findApiToken(trx: TenantTransaction, id: string): Promise<ApiTokenListRow | undefined> {
  return withCreator(trx).where('api_tokens.id', '=', id).executeTakeFirst();
}

/** Revokes a live token; false when there is none with this id or it is revoked already. */
export async function revokeApiToken(trx: TenantTransaction, id: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
