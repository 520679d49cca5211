import { type Selectable, sql } from 'kysely';
import type { Sealed } from '../../crypto/sealed.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import type { SsoLoginStatesTable, SsoRoleMapping, TenantSsoSettingsTable } from '../../db/schema-sso.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

export type SsoSettingsRow = Selectable<TenantSsoSettingsTable>;
export type SsoStateRow = Selectable<SsoLoginStatesTable>;

export function findSsoSettings(trx: TenantTransaction): Promise<SsoSettingsRow | undefined> {
  return trx.selectFrom('tenant_sso_settings').selectAll().executeTakeFirst();
}

const textArray = (values: string[]) => sql<string[]>`${sql.val(`{${values.join(',')}}`)}::text[]`;

/** Writes the tenant's identity provider; `clientSecret` undefined keeps the stored secret. */
export async function upsertSsoSettings(
  trx: TenantTransaction,
  tenantId: string,
  settings: {
    enabled: boolean;
    issuer_url: string;
    client_id: string;
    button_label: string;
    role_claim: string;
    role_mapping: SsoRoleMapping[];
    default_role: UserRole | null;
    create_users: boolean;
    allowed_domains: string[];
  },
  clientSecret: Sealed | null | undefined,
  now: Date,
): Promise<void> {
  const values = {
    ...settings,
    role_mapping: JSON.stringify(settings.role_mapping),
    allowed_domains: textArray(settings.allowed_domains),
    updated_at: now,
    ...(clientSecret !== undefined ? { client_secret_sealed: clientSecret } : {}),
  };
  await trx
    .insertInto('tenant_sso_settings')
    .values({ tenant_id: tenantId, client_secret_sealed: null, ...values })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(values))
    .execute();
}

export async function insertSsoState(
  trx: TenantTransaction,
  row: Pick<
    SsoStateRow,
    'tenant_id' | 'state_hash' | 'code_verifier' | 'nonce' | 'created_at' | 'expires_at'
  >,
): Promise<void> {
  await trx.insertInto('sso_login_states').values(row).execute();
}

/**
 * Uses up a live sign-in state and returns it; undefined when there is none, it expired or it was used
 * (a replayed or concurrent callback).
 */
export function consumeSsoState(
  trx: TenantTransaction,
  stateHash: Uint8Array,
  now: Date,
): Promise<SsoStateRow | undefined> {
  return trx
    .updateTable('sso_login_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Forgets sign-ins that ended before `before`. */
export async function pruneSsoStates(trx: TenantTransaction, before: Date): Promise<void> {
  await trx.deleteFrom('sso_login_states').where('expires_at', '<', before).execute();
}
