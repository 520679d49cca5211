// The one lookup of a tenant by a hashed token: it finds the row of each table it serves, nothing for a
// hash nobody holds, reads as the app role under row-level security, and leaves nothing set behind it.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import { createUser } from '../modules/identity/service.ts';
import { createTenant } from '../modules/tenants/service.ts';
import type { Database } from './database.ts';
import { findTenantByTokenHash, type TokenLookup } from './token-lookup.ts';

const start = new Date('2026-12-05T08:00:00Z');
const later = new Date('2026-12-05T09:00:00Z');
const hash = () => createHash('sha256').update(randomBytes(32)).digest();

describe.each(databaseTargets())('findTenantByTokenHash on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const tenants: Record<string, string> = {};
  /** One row per lookup and tenant, as the owner writes it; the hashes by `lookup/tenant`. */
  const hashes: Record<string, Buffer> = {};

  const insert: Record<TokenLookup, (tenant: string, user: string, tokenHash: Buffer) => Promise<unknown>> = {
    login_challenge: (tenant, user, tokenHash) =>
      database.db
        .insertInto('login_challenges')
        .values({
          tenant_id: tenant,
          user_id: user,
          token_hash: tokenHash,
          created_at: start,
          expires_at: later,
        })
        .execute(),
    account_token: (tenant, user, tokenHash) =>
      database.db
        .insertInto('account_tokens')
        .values({
          tenant_id: tenant,
          user_id: user,
          purpose: 'invitation',
          token_hash: tokenHash,
          created_at: start,
          expires_at: later,
        })
        .execute(),
    sso_state: (tenant, _user, tokenHash) =>
      database.db
        .insertInto('sso_login_states')
        .values({
          tenant_id: tenant,
          state_hash: tokenHash,
          code_verifier: 'verifier',
          nonce: 'nonce',
          created_at: start,
          expires_at: later,
        })
        .execute(),
  };
  const lookups = Object.keys(insert) as TokenLookup[];

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    for (const slug of ['acme', 'globex']) {
      const tenant = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
      tenants[slug] = tenant;
      const user = await createUser(
        database,
        tenant,
        { email: `ada@${slug}.example`, role: 'admin' },
        { kind: 'operator' },
      );
      for (const lookup of lookups) {
        const tokenHash = hash();
        hashes[`${lookup}/${slug}`] = tokenHash;
        await insert[lookup](tenant, user.id, tokenHash);
      }
    }
  });
  afterAll(() => cleanup());

  it('answers the tenant of the row whose token hashes to the hash, for every table it serves', async () => {
    for (const lookup of lookups)
      for (const slug of ['acme', 'globex'])
        expect(
          await findTenantByTokenHash(database, lookup, hashes[`${lookup}/${slug}`] as Buffer),
          lookup,
        ).toBe(tenants[slug]);
  });

  it('answers nothing for a hash nobody holds, or one of another table', async () => {
    for (const lookup of lookups) {
      expect(await findTenantByTokenHash(database, lookup, hash())).toBeUndefined();
      const other = lookups.find((candidate) => candidate !== lookup) as TokenLookup;
      expect(
        await findTenantByTokenHash(database, lookup, hashes[`${other}/acme`] as Buffer),
      ).toBeUndefined();
    }
  });

  it('reads as the app role, which row-level security binds', async () => {
    // A policy that hides every row from the app role only: a lookup that did not switch to it would
    // still find the row (the connection's own role owns the tables, or is a superuser).
    await sql`CREATE POLICY token_lookup_probe ON sso_login_states AS RESTRICTIVE FOR SELECT
      TO ${sql.id(database.appRole)} USING (false)`.execute(database.db);
    try {
      expect(
        await findTenantByTokenHash(database, 'sso_state', hashes['sso_state/acme'] as Buffer),
      ).toBeUndefined();
    } finally {
      await sql`DROP POLICY token_lookup_probe ON sso_login_states`.execute(database.db);
    }
    expect(await findTenantByTokenHash(database, 'sso_state', hashes['sso_state/acme'] as Buffer)).toBe(
      tenants.acme,
    );
  });

  it('leaves no setting and no role behind on the connection', async () => {
    const before = await sql<{ role: string }>`SELECT current_user AS role`.execute(database.db);
    await findTenantByTokenHash(database, 'login_challenge', hashes['login_challenge/acme'] as Buffer);
    const after = await sql<{ role: string; presented: string | null }>`
      SELECT current_user AS role, current_setting('app.challenge_token_hash', true) AS presented
    `.execute(database.db);
    expect(after.rows[0]?.role).toBe(before.rows[0]?.role);
    expect(['', null]).toContain(after.rows[0]?.presented);
  });
});
