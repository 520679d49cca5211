import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { localMasterKeyId, prepareNextLocalMasterKey } from '../../crypto/providers/local.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import { loadSystemKey } from '../../crypto/system-keys.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../../modules/audit/link.ts';

describe('tma keys', () => {
  it('rotates a tenant key with progress, re-wrapping its data keys, and shows the key status', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME', '--json'], env)).code).toBe(0);

    // Seven cases get data keys, as the server would create them.
    const config = loadConfig(env);
    const database = await openDatabase(config.database);
    const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
    try {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const keys = await new Keyring(database, provider).forTenant(tenant.id);
      await withTenant(database, { tenantId: tenant.id, userId: null }, async (trx) => {
        for (let i = 0; i < 7; i++) await keys.scope(trx, 'case', randomUUID());
      });
    } finally {
      await provider.close();
      await database.close();
    }

    const rotated = await tma(['keys', 'rotate', '--tenant', 'acme', '--batch-size', '3'], env);
    expect(rotated.code, rotated.err.join('\n')).toBe(0);
    expect(rotated.out).toContain('re-wrapping data keys under version 2: 0/7 (0 %)');
    expect(rotated.out).toContain('re-wrapping data keys under version 2: 7/7 (100 %)');
    expect(rotated.out.at(-1)).toBe(
      'Rotated: acme now uses tenant key version 2; 7 data keys re-wrapped, older versions retired and destroyed.',
    );

    const status = await tma(['keys', 'status', '--tenant', 'acme'], env);
    expect(status.out).toHaveLength(2);
    expect(status.out[0]).toMatch(/^acme v1 {2}destroyed {2}local local:[0-9a-f]{16} .* wraps 0 data keys$/);
    expect(status.out[1]).toMatch(/^acme v2 {2}active {3}local local:[0-9a-f]{16} .* wraps 7 data keys$/);
  }, 60_000);

  it('rotate-master re-wraps under a new key file beside the old one, resuming a prepared next key', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME', '--json'], env)).code).toBe(0);
    const config = loadConfig(env);
    const keyFile = path.join(env.DATA_DIR, 'master.key');
    const field = (rowId: string) => ({ table: 'case_notes', column: 'body', rowId });
    const caseId = randomUUID();
    let tenantId = '';
    let sealed: Sealed | undefined;
    let throttleKey: Buffer | undefined;
    {
      const database = await openDatabase(config.database);
      const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
      try {
        tenantId = (await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
        const keys = await new Keyring(database, provider).forTenant(tenantId);
        sealed = await withTenant(database, { tenantId, userId: null }, async (trx) =>
          (await keys.scope(trx, 'case', caseId)).seal('before the rotation', field(caseId)),
        );
        throttleKey = await loadSystemKey(database, provider, 'login-throttle');
      } finally {
        await provider.close();
        await database.close();
      }
    }
    const oldKey = readFileSync(keyFile, 'utf8');
    const oldId = localMasterKeyId(Buffer.from(oldKey.trim(), 'base64'));
    // A run killed after creating its next key: the next run uses that key rather than another.
    const nextId = await prepareNextLocalMasterKey(keyFile);

    const rotated = await tma(['keys', 'rotate-master'], env);
    expect(rotated.code, rotated.err.join('\n')).toBe(0);
    expect(rotated.out).toEqual([
      'Renewed the tenant keys of 1 tenants: 1 data keys re-wrapped, 1 old tenant key versions destroyed.',
      `Re-wrapped 0 tenant keys of 0 tenants and 1 system keys; every key is now wrapped under master key ${nextId}.`,
      `${keyFile} now holds the new master key: back it up now, apart from the database backups. The previous key is kept as ${keyFile}.${oldId.slice('local:'.length)} until you destroy it.`,
      `Retired master keys: ${oldId}. Destroy them with \`tma keys destroy-retired --older-than <backup retention>\` once the backups made before now have expired.`,
    ]);
    expect(readFileSync(`${keyFile}.${oldId.slice('local:'.length)}`, 'utf8')).toBe(oldKey);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect(localMasterKeyId(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64'))).toBe(nextId);

    // The tenant key was renewed under the new master key; the old version is destroyed, not re-wrapped.
    const status = await tma(['keys', 'status', '--tenant', 'acme'], env);
    expect(status.out).toEqual([
      expect.stringContaining(`acme v1  destroyed  local ${oldId} `),
      expect.stringContaining(`acme v2  active   local ${nextId} `),
    ]);

    // The data sealed before opens with the new key file; the audit log of the tenant records the run.
    const database = await openDatabase(config.database);
    const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
    try {
      expect(provider.masterKeyId).toBe(nextId);
      const keys = await new Keyring(database, provider).forTenant(tenantId);
      await linkAuditEvents(database, { tenantId, wait: true });
      const events = await withTenant(database, { tenantId, userId: null }, async (trx) => {
        expect((await keys.scope(trx, 'case', caseId)).openText(sealed as Sealed, field(caseId))).toBe(
          'before the rotation',
        );
        return trx
          .selectFrom('audit_events')
          .select(['action', 'object_id', 'outcome', 'reason'])
          .where('action', '=', 'keys.rotate_master')
          .execute();
      });
      // Only the system key was left to re-wrap: the tenant's part of the run records nothing.
      expect(events).toEqual([]);
      expect((await loadSystemKey(database, provider, 'login-throttle')).equals(throttleKey as Buffer)).toBe(
        true,
      );
    } finally {
      await provider.close();
      await database.close();
    }
  }, 60_000);

  it('destroy-retired removes a retired key file once the window passed, refusing one that still wraps a key', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME', '--json'], env)).code).toBe(0);
    const config = loadConfig(env);
    const keyFile = path.join(env.DATA_DIR, 'master.key');
    const idOf = (file: string) => localMasterKeyId(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
    {
      // The server's first start generates the key file and the tenant's key.
      const database = await openDatabase(config.database);
      const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
      try {
        const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
        await new Keyring(database, provider).forTenant(tenant.id);
      } finally {
        await provider.close();
        await database.close();
      }
    }
    const firstId = idOf(keyFile);
    const firstFile = `${keyFile}.${firstId.slice('local:'.length)}`;
    expect((await tma(['keys', 'rotate-master'], env)).code).toBe(0);
    expect(existsSync(firstFile)).toBe(true);

    // Inside the window (retired just now): kept.
    const early = await tma(['keys', 'destroy-retired', '--older-than', '35d'], env);
    expect(early.code, early.err.join('\n')).toBe(0);
    expect(early.out).toEqual([
      expect.stringMatching(new RegExp(`^${firstId}: retired .*, inside the retention window; kept$`)),
      'No retired master key is due for destruction.',
    ]);

    // The clock moves on: the retirement is recorded 40 days back.
    const age = async (days: number) => {
      const database = await openDatabase(config.database);
      try {
        await database.db
          .updateTable('master_keys')
          .set({ retired_at: new Date(Date.now() - days * 86_400_000) })
          .where('retired_at', 'is not', null)
          .execute();
      } finally {
        await database.close();
      }
    };
    await age(40);

    // An instance still on the old key (say one not restarted) wrapped a new tenant's key under it: refused.
    {
      const database = await openDatabase(config.database);
      const stale = await createKeyProvider(
        {
          kind: 'local',
          masterKey: Buffer.from(readFileSync(firstFile, 'utf8').trim(), 'base64'),
          generatedKeyFile: null,
        },
        pino({ level: 'silent' }),
      );
      try {
        const tenant = await database.db
          .insertInto('tenants')
          .values({ slug: 'late', name: 'Late' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await new Keyring(database, stale).forTenant(tenant.id);
      } finally {
        await stale.close();
        await database.close();
      }
    }
    const refused = await tma(['keys', 'destroy-retired', '--older-than', '35d'], env);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(
      new RegExp(
        `Nothing destroyed: master key ${firstId} still wraps stored keys .* run \`tma keys rotate-master\` first`,
      ),
    );
    expect(existsSync(firstFile)).toBe(true);

    // rotate-master again takes the straggler along (and retires the second key too).
    const secondId = idOf(keyFile);
    expect((await tma(['keys', 'rotate-master'], env)).code).toBe(0);
    await age(40);
    const dry = await tma(['keys', 'destroy-retired', '--older-than', '35d', '--dry-run'], env);
    expect(dry.out.sort()).toEqual(
      [firstId, secondId]
        .sort()
        .map((id) => expect.stringMatching(new RegExp(`^${id}: retired .*; would be destroyed$`))),
    );
    expect(existsSync(firstFile)).toBe(true);

    const destroyed = await tma(['keys', 'destroy-retired', '--older-than', '35d'], env);
    expect(destroyed.code, destroyed.err.join('\n')).toBe(0);
    expect(destroyed.out.sort()).toEqual(
      [firstId, secondId].sort().map((id) => `${id}: destroyed (${keyFile}.${id.slice('local:'.length)})`),
    );
    expect(existsSync(firstFile)).toBe(false);
    expect(existsSync(`${keyFile}.${secondId.slice('local:'.length)}`)).toBe(false);
    expect(existsSync(keyFile)).toBe(true);

    // Recorded, audited in every tenant's log, and nothing left to do.
    const database = await openDatabase(config.database);
    try {
      const keys = await database.db.selectFrom('master_keys').selectAll().orderBy('first_used_at').execute();
      expect(
        keys
          .filter((key) => key.destroyed_at !== null)
          .map((key) => key.id)
          .sort(),
      ).toEqual([firstId, secondId].sort());
      for (const tenant of await database.db.selectFrom('tenants').select('id').execute()) {
        await linkAuditEvents(database, { tenantId: tenant.id, wait: true });
        const events = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
          trx
            .selectFrom('audit_events')
            .select(['object_id', 'reason'])
            .where('action', '=', 'keys.destroy_master')
            .execute(),
        );
        expect(events.map((event) => event.object_id).sort()).toEqual([firstId, secondId].sort());
        expect(events.every((event) => event.reason === 'destroyed')).toBe(true);
      }
    } finally {
      await database.close();
    }
    expect((await tma(['keys', 'destroy-retired', '--older-than', '35d'], env)).out).toEqual([
      'No retired master key is due for destruction.',
    ]);
    // The server still starts on what is left.
    expect((await tma(['keys', 'status', '--tenant', 'acme'], env)).code).toBe(0);
  }, 120_000);

  it('exits 2 for an unknown tenant or a bad batch size', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-keys-')) };
    expect(await tma(['keys', 'rotate', '--tenant', 'nobody'], env)).toMatchObject({
      code: 2,
      err: ['tma: No tenant with the slug "nobody".'],
    });
    const bad = await tma(['keys', 'rotate', '--tenant', 'x', '--batch-size', '0'], env);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/must be a whole number from 1 to 10000/);
    const badAge = await tma(['keys', 'destroy-retired', '--older-than', '35'], env);
    expect(badAge.code).toBe(2);
    expect(badAge.err.join('\n')).toMatch(/must be a duration like 35d/);
  }, 60_000);
});
