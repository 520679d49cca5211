import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../../modules/audit/service.ts';

describe('tma tenant require-2fa and tma user reset-2fa', () => {
  it('sets the roles that need a second factor, and resets a user’s second factor, audited as the operator', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-security-'));
    const env = { DATA_DIR: dir };
    const passwordFile = path.join(dir, 'password.txt');
    writeFileSync(passwordFile, 'Meadow lark 51 sings at dawn\n');
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);
    const created = await tma(
      ['user', 'create', '--tenant', 'acme', '--email', 'ada@acme.example', '--role', 'admin'].concat([
        '--password-file',
        passwordFile,
        '--json',
      ]),
      env,
    );
    const user = JSON.parse(created.out[0] as string) as { id: string };

    const required = await tma(['tenant', 'require-2fa', 'acme', '--roles', 'threat_manager,admin'], env);
    expect(required).toMatchObject({
      code: 0,
      out: ['acme: a second factor is now required for admin, threat_manager.'],
    });
    expect((await tma(['tenant', 'require-2fa', 'acme', '--roles', 'boss'], env)).code).toBe(2);
    expect((await tma(['tenant', 'require-2fa', 'nope', '--roles', 'admin'], env)).code).toBe(2);

    // A user with an authenticator, recovery codes and a session (written directly: the CLI has no login).
    let database = await openDatabase(loadConfig(env).database);
    const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    try {
      await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => {
        const now = new Date();
        await trx
          .insertInto('user_totp')
          .values({
            tenant_id: tenant.id,
            user_id: user.id,
            secret_sealed: Buffer.alloc(48, 1) as Sealed,
            created_at: now,
            confirmed_at: now,
          })
          .execute();
        await trx
          .insertInto('recovery_codes')
          .values({ tenant_id: tenant.id, user_id: user.id, code_hash: Buffer.alloc(32, 2) })
          .execute();
        await trx
          .insertInto('sessions')
          .values({
            tenant_id: tenant.id,
            user_id: user.id,
            token_hash: Buffer.alloc(32, 3),
            csrf_secret: Buffer.alloc(32, 4),
            created_at: now,
            last_seen_at: now,
            expires_at: new Date(now.getTime() + 3_600_000),
            user_agent: null,
          })
          .execute();
      });
    } finally {
      await database.close();
    }

    const reset = await tma(['user', 'reset-2fa', '--tenant', 'acme', '--email', 'ADA@acme.example'], env);
    expect(reset).toMatchObject({
      code: 0,
      out: ['Removed the second factor of ada@acme.example in acme; 1 sessions ended.'],
    });
    const unknown = await tma(['user', 'reset-2fa', '--tenant', 'acme', '--email', 'x@acme.example'], env);
    expect(unknown.code).toBe(1);

    database = await openDatabase(loadConfig(env).database);
    try {
      const state = await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => ({
        totp: await trx.selectFrom('user_totp').selectAll().execute(),
        codes: await trx.selectFrom('recovery_codes').selectAll().execute(),
        open: await trx.selectFrom('sessions').selectAll().where('revoked_at', 'is', null).execute(),
        settings: await trx.selectFrom('tenant_security_settings').selectAll().executeTakeFirstOrThrow(),
        events: (await listAuditEvents(trx, { limit: 100 })).events,
      }));
      expect(state.totp).toEqual([]);
      expect(state.codes).toEqual([]);
      expect(state.open).toEqual([]);
      expect(state.settings.require_second_factor_roles).toEqual(['admin', 'threat_manager']);
      expect(state.events.map((e) => [e.actorType, e.action, e.reason])).toEqual(
        expect.arrayContaining([
          ['operator', 'tenant.require_2fa', 'roles=admin.threat_manager'],
          ['operator', 'user.reset_2fa', 'totp=removed:passkeys_removed=0:sessions_revoked=1'],
        ]),
      );
    } finally {
      await database.close();
    }
  }, 60_000);
});
