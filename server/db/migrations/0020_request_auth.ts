import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../rls.ts';

// A request's authentication in one round trip (docs/security.md, "Accounts and sessions"; issue 18).
// Until now a session cookie cost two transactions and a tenant lookup between them (about a dozen
// statements); an API token the same. Each function below takes the SHA-256 a request presents and answers,
// in one statement outside any transaction, the one row it belongs to with everything the request hook
// needs, and refreshes the last-use time at most once per `touch_after`.
//
// Both are SECURITY DEFINER, owned by the migrations' role, and executable only by the app role (and the
// owner). They do not rely on that role bypassing row-level security: the tables force it for the owner
// too, so each function reads its row the way the app does, by presenting the hash
// (`app.session_token_hash` / `app.api_token_hash`, the `*_by_hash` policies), then works in the row's
// tenant (`app.tenant_id`). Every WHERE also names the hash and the tenant, so an owner that bypasses
// row-level security (a superuser, PGlite's session) sees no more. The SET clauses restore the caller's
// settings when the function returns, so nothing leaks into a transaction that calls it.
//
// Expand only: two new functions; the previous release does not call them and keeps working.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  // The session whose token hashes to `presented`, if it may be used at `at_time`: not revoked, not idle for
  // `idle` or longer, not past its absolute end, its user active, its tenant active. With it: its user
  // (all of the users row the request context carries), its tenant's slug and name, and whether the
  // tenant requires a second factor for the user's role that the user has not enrolled (then only
  // enrolment is open). No row otherwise. Writes last_seen_at only when it is `touch_after` old or older:
  // a write per request would cost a row version and WAL each time.
  await sql`
    CREATE FUNCTION tma_authenticate_session(presented bytea, at_time timestamptz, idle interval, touch_after interval)
    RETURNS TABLE (
      session_id uuid, tenant_id uuid, user_id uuid, csrf_secret bytea, session_created_at timestamptz,
      last_seen_at timestamptz, expires_at timestamptz, user_agent text,
      email text, display_name text, password_hash text, user_status text, role text, specialty text,
      tenant_wide boolean, user_created_at timestamptz, user_updated_at timestamptz,
      tenant_slug text, tenant_name text, second_factor_setup_required boolean
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
        AND NOT EXISTS (SELECT 1 FROM passkeys k WHERE k.tenant_id = s.tenant_id AND k.user_id = u.id);
    END
    $$
  `.execute(db);

  // The API token whose SHA-256 is `presented`, in an active tenant, with its creator (all of the users
  // row). `refusal` says why a known token may not be used ('revoked', 'expired', 'creator_inactive': its
  // creator is no longer an active admin); then the creator's columns are null and nothing is written,
  // and the caller audits the refusal. Writes last_used_at only when it is `touch_after` old or older.
  await sql`
    CREATE FUNCTION tma_authenticate_api_token(presented bytea, at_time timestamptz, touch_after interval)
    RETURNS TABLE (
      token_id uuid, tenant_id uuid, scopes jsonb, token_created_at timestamptz, expires_at timestamptz,
      refusal text,
      user_id uuid, email text, display_name text, password_hash text, user_status text, role text,
      specialty text, tenant_wide boolean, user_created_at timestamptz, user_updated_at timestamptz,
      tenant_slug text, tenant_name text
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
          NULL::timestamptz, NULL::timestamptz, t.slug, t.name;
        RETURN;
      END IF;
      IF touch_after IS NOT NULL AND (k.last_used_at IS NULL OR k.last_used_at <= at_time - touch_after) THEN
        UPDATE api_tokens SET last_used_at = at_time
          WHERE api_tokens.tenant_id = k.tenant_id AND api_tokens.id = k.id
            AND (api_tokens.last_used_at IS NULL OR api_tokens.last_used_at <= at_time - touch_after);
      END IF;
      RETURN QUERY SELECT k.id, k.tenant_id, k.scopes, k.created_at, k.expires_at, NULL::text,
        u.id, u.email, u.display_name, u.password_hash, u.status, u.role, u.specialty, u.tenant_wide,
        u.created_at, u.updated_at, t.slug, t.name;
    END
    $$
  `.execute(db);

  for (const signature of [
    'tma_authenticate_session(bytea, timestamptz, interval, interval)',
    'tma_authenticate_api_token(bytea, timestamptz, interval)',
  ]) {
    await sql`REVOKE ALL ON FUNCTION ${sql.raw(signature)} FROM PUBLIC`.execute(db);
    await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO ${sql.id(context.appRole)}`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION tma_authenticate_api_token(bytea, timestamptz, interval)`.execute(db);
  await sql`DROP FUNCTION tma_authenticate_session(bytea, timestamptz, interval, interval)`.execute(db);
}
