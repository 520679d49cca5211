import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';
import { up as createRequestAuth0020 } from './0020_request_auth.ts';

// A request's authentication also answers what the access policies need to know of the user (issue 18):
// whether an admin also works as a threat manager, whether the tenant lets admins read content, and the
// user's units. Services asked for them in a statement of their own at the start of nearly every request
// (`selectAccessRow`, accessActor()); now the authentication's one statement carries them, read in the same
// function, as fresh as the session itself (no cache: a change holds from the next request on).
//
// The functions are those of migration 0020 with three more result columns. Changing a function's result
// type takes DROP and CREATE, in this migration's one transaction. Expand only for callers: the previous
// release selects `*` and reads its columns by name, so the new ones pass it by.

// The three columns, for the user `userId` of the tenant `tenantId` (SQL expressions of the function).
const access = (tenantId: string, userId: string) => `EXISTS (SELECT 1 FROM user_content_roles held
          WHERE held.tenant_id = ${tenantId} AND held.user_id = ${userId} AND held.role = 'threat_manager'),
        coalesce((SELECT a.admins_read_content FROM access_settings a WHERE a.tenant_id = ${tenantId}), false),
        ARRAY(SELECT m.unit_id FROM user_units m WHERE m.tenant_id = ${tenantId} AND m.user_id = ${userId}
          ORDER BY m.unit_id)`;

const SIGNATURES = [
  'tma_authenticate_session(bytea, timestamptz, interval, interval)',
  'tma_authenticate_api_token(bytea, timestamptz, interval)',
];

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  for (const signature of SIGNATURES) await sql`DROP FUNCTION ${sql.raw(signature)}`.execute(db);
  await sql
    .raw(`
    CREATE FUNCTION tma_authenticate_session(presented bytea, at_time timestamptz, idle interval, touch_after interval)
    RETURNS TABLE (
      session_id uuid, tenant_id uuid, user_id uuid, csrf_secret bytea, session_created_at timestamptz,
      last_seen_at timestamptz, expires_at timestamptz, user_agent text,
      email text, display_name text, password_hash text, user_status text, role text, specialty text,
      tenant_wide boolean, user_created_at timestamptz, user_updated_at timestamptz,
      tenant_slug text, tenant_name text, second_factor_setup_required boolean,
      also_threat_manager boolean, admins_read_content boolean, unit_ids uuid[]
    )
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET app.session_token_hash = ''
    SET app.tenant_id = ''
    SET app.user_id = ''
    AS $$
    #variable_conflict use_column
    DECLARE
      s sessions%ROWTYPE;
      u users%ROWTYPE;
      t tenants%ROWTYPE;
    BEGIN
      IF presented IS NULL OR octet_length(presented) <> 32 OR at_time IS NULL OR idle IS NULL THEN
        RETURN;
      END IF;
      PERFORM set_config('app.session_token_hash', encode(presented, 'hex'), true);
      SELECT * INTO s FROM sessions WHERE sessions.token_hash = presented;
      IF NOT FOUND OR s.revoked_at IS NOT NULL OR s.expires_at <= at_time OR s.last_seen_at + idle <= at_time THEN
        RETURN;
      END IF;
      SELECT * INTO t FROM tenants WHERE tenants.id = s.tenant_id AND tenants.status = 'active';
      IF NOT FOUND THEN
        RETURN;
      END IF;
      PERFORM set_config('app.session_token_hash', '', true);
      PERFORM set_config('app.tenant_id', s.tenant_id::text, true);
      SELECT * INTO u FROM users
        WHERE users.tenant_id = s.tenant_id AND users.id = s.user_id AND users.status = 'active';
      IF NOT FOUND THEN
        RETURN;
      END IF;
      IF touch_after IS NOT NULL AND s.last_seen_at <= at_time - touch_after THEN
        -- Another request of the session may have written it meanwhile: then this one leaves it.
        UPDATE sessions SET last_seen_at = at_time
          WHERE sessions.tenant_id = s.tenant_id AND sessions.id = s.id AND sessions.last_seen_at <= at_time - touch_after;
        s.last_seen_at := at_time;
      END IF;
      RETURN QUERY SELECT
        s.id, s.tenant_id, s.user_id, s.csrf_secret, s.created_at, s.last_seen_at, s.expires_at, s.user_agent,
        u.email, u.display_name, u.password_hash, u.status, u.role, u.specialty, u.tenant_wide,
        u.created_at, u.updated_at, t.slug, t.name,
        u.role = ANY (coalesce(
          (SELECT p.require_second_factor_roles FROM tenant_security_settings p WHERE p.tenant_id = s.tenant_id),
          '{}'::text[]))
        AND NOT EXISTS (
          SELECT 1 FROM user_totp f
          WHERE f.tenant_id = s.tenant_id AND f.user_id = u.id AND f.confirmed_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM passkeys k WHERE k.tenant_id = s.tenant_id AND k.user_id = u.id),
        ${access('s.tenant_id', 'u.id')};
    END
    $$
  `)
    .execute(db);
  await sql
    .raw(`
    CREATE FUNCTION tma_authenticate_api_token(presented bytea, at_time timestamptz, touch_after interval)
    RETURNS TABLE (
      token_id uuid, tenant_id uuid, scopes jsonb, token_created_at timestamptz, expires_at timestamptz,
      refusal text,
      user_id uuid, email text, display_name text, password_hash text, user_status text, role text,
      specialty text, tenant_wide boolean, user_created_at timestamptz, user_updated_at timestamptz,
      tenant_slug text, tenant_name text,
      also_threat_manager boolean, admins_read_content boolean, unit_ids uuid[]
    )
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET app.api_token_hash = ''
    SET app.tenant_id = ''
    SET app.user_id = ''
    AS $$
    #variable_conflict use_column
    DECLARE
      k api_tokens%ROWTYPE;
      u users%ROWTYPE;
      t tenants%ROWTYPE;
      why text;
    BEGIN
      IF presented IS NULL OR octet_length(presented) <> 32 OR at_time IS NULL THEN
        RETURN;
      END IF;
      PERFORM set_config('app.api_token_hash', encode(presented, 'hex'), true);
      SELECT * INTO k FROM api_tokens WHERE api_tokens.token_hash = presented;
      IF NOT FOUND THEN
        RETURN;
      END IF;
      SELECT * INTO t FROM tenants WHERE tenants.id = k.tenant_id AND tenants.status = 'active';
      IF NOT FOUND THEN
        RETURN;
      END IF;
      PERFORM set_config('app.api_token_hash', '', true);
      PERFORM set_config('app.tenant_id', k.tenant_id::text, true);
      SELECT * INTO u FROM users
        WHERE users.tenant_id = k.tenant_id AND users.id = k.created_by
          AND users.status = 'active' AND users.role = 'admin';
      why := CASE
        WHEN k.revoked_at IS NOT NULL THEN 'revoked'
        WHEN k.expires_at <= at_time THEN 'expired'
        WHEN NOT FOUND THEN 'creator_inactive'
      END;
      IF why IS NOT NULL THEN
        RETURN QUERY SELECT k.id, k.tenant_id, k.scopes, k.created_at, k.expires_at, why,
          NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean,
          NULL::timestamptz, NULL::timestamptz, t.slug, t.name, NULL::boolean, NULL::boolean, NULL::uuid[];
        RETURN;
      END IF;
      IF touch_after IS NOT NULL AND (k.last_used_at IS NULL OR k.last_used_at <= at_time - touch_after) THEN
        UPDATE api_tokens SET last_used_at = at_time
          WHERE api_tokens.tenant_id = k.tenant_id AND api_tokens.id = k.id
            AND (api_tokens.last_used_at IS NULL OR api_tokens.last_used_at <= at_time - touch_after);
      END IF;
      RETURN QUERY SELECT k.id, k.tenant_id, k.scopes, k.created_at, k.expires_at, NULL::text,
        u.id, u.email, u.display_name, u.password_hash, u.status, u.role, u.specialty, u.tenant_wide,
        u.created_at, u.updated_at, t.slug, t.name, ${access('k.tenant_id', 'u.id')};
    END
    $$
  `)
    .execute(db);
  for (const signature of SIGNATURES) {
    await sql`REVOKE ALL ON FUNCTION ${sql.raw(signature)} FROM PUBLIC`.execute(db);
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO ${sql.id(context.appRole)}`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>, context: MigrationContext): Promise<void> {
  for (const signature of SIGNATURES) await sql`DROP FUNCTION ${sql.raw(signature)}`.execute(db);
  await createRequestAuth0020(db, context);
}
