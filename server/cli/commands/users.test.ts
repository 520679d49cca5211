import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../../modules/audit/service.ts';
import { checkPasswordPolicy, verifyPassword } from '../../modules/identity/passwords.ts';
import { readPassword } from './users.ts';

describe('tma user', () => {
  it('creates, lists and deactivates users, enforcing the password policy, audited as the operator', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-users-'));
    const env = { DATA_DIR: dir };
    const passwordFile = path.join(dir, 'password.txt');
    writeFileSync(passwordFile, 'Meadow lark 51 sings at dawn\n');
    const weakFile = path.join(dir, 'weak.txt');
    writeFileSync(weakFile, 'password1234\n');
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);

    const created = await tma(
      [
        'user',
        'create',
        '--tenant',
        'acme',
        '--email',
        'Erin@ACME.example',
        '--role',
        'expert',
        '--name',
        'Erin E',
      ].concat(['--specialty', 'psychology', '--password-file', passwordFile, '--json']),
      env,
    );
    expect(created.code, created.err.join('\n')).toBe(0);
    const user = JSON.parse(created.out[0] as string);
    expect(user).toMatchObject({
      email: 'erin@acme.example',
      displayName: 'Erin E',
      role: 'expert',
      specialty: 'psychology',
      tenantWide: false,
      status: 'active',
    });
    const manager = await tma(
      [
        'user',
        'create',
        '--tenant',
        'acme',
        '--email',
        'max@acme.example',
        '--role',
        'threat_manager',
      ].concat(['--tenant-wide', '--password-file', passwordFile]),
      env,
    );
    expect(manager.code, manager.err.join('\n')).toBe(0);
    expect(manager.out[0]).toMatch(/^Created threat_manager max@acme\.example in acme, id [0-9a-f-]{36}$/);

    // A duplicate fails (1); a weak password, a bad role, a specialty for a non-expert are usage errors (2).
    const duplicate = await tma(
      ['user', 'create', '--tenant', 'acme', '--email', 'erin@acme.example', '--role', 'admin'].concat([
        '--password-file',
        passwordFile,
      ]),
      env,
    );
    expect(duplicate).toMatchObject({
      code: 1,
      err: ['tma: A user with the e-mail address erin@acme.example already exists.'],
    });
    const weak = await tma(
      [
        'user',
        'create',
        '--tenant',
        'acme',
        '--email',
        'w@acme.example',
        '--role',
        'admin',
        '--password-file',
        weakFile,
      ],
      env,
    );
    expect(weak.code).toBe(2);
    expect(weak.err[0]).toMatch(/^tma: The password is too easy to guess\./);
    const badRole = await tma(
      [
        'user',
        'create',
        '--tenant',
        'acme',
        '--email',
        'x@acme.example',
        '--role',
        'boss',
        '--password-file',
        passwordFile,
      ],
      env,
    );
    expect(badRole.code).toBe(2);
    const specialty = await tma(
      ['user', 'create', '--tenant', 'acme', '--email', 'x@acme.example', '--role', 'admin'].concat([
        '--specialty',
        'hr',
        '--password-file',
        passwordFile,
      ]),
      env,
    );
    expect(specialty).toMatchObject({ code: 2, err: ['tma: Only experts have a specialty.'] });
    const unknownTenant = await tma(
      [
        'user',
        'create',
        '--tenant',
        'nope',
        '--email',
        'x@acme.example',
        '--role',
        'admin',
        '--password-file',
        passwordFile,
      ],
      env,
    );
    expect(unknownTenant).toMatchObject({ code: 2, err: ['tma: No tenant with the slug "nope".'] });
    const missingFile = await tma(
      ['user', 'create', '--tenant', 'acme', '--email', 'x@acme.example', '--role', 'admin'].concat([
        '--password-file',
        path.join(dir, 'absent'),
      ]),
      env,
    );
    expect(missingFile.code).toBe(2);

    const list = await tma(['user', 'list', '--tenant', 'acme'], env);
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(2);
    expect(list.out[0]).toMatch(/^erin@acme\.example +expert\/psychology +active +[0-9a-f-]{36} {2}Erin E$/);
    expect(list.out[1]).toMatch(/^max@acme\.example +threat_manager\/all-units +active /);

    const deactivated = await tma(
      ['user', 'deactivate', '--tenant', 'acme', '--email', 'ERIN@acme.example'],
      env,
    );
    expect(deactivated).toMatchObject({
      code: 0,
      out: ['Deactivated erin@acme.example in acme; 0 sessions ended.'],
    });
    const missing = await tma(['user', 'deactivate', '--tenant', 'acme', '--email', 'who@acme.example'], env);
    expect(missing.code).toBe(1);
    const json = JSON.parse(
      (await tma(['user', 'list', '--tenant', 'acme', '--json'], env)).out[0] as string,
    );
    expect(json.map((u: { status: string }) => u.status)).toEqual(['deactivated', 'active']);

    // The password is stored as an argon2id hash that verifies; the operator's actions are in the audit log.
    const database = await openDatabase(loadConfig(env).database);
    try {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const { hash, events } = await withTenant(
        database,
        { tenantId: tenant.id, userId: null },
        async (trx) => ({
          hash: await trx
            .selectFrom('users')
            .select('password_hash')
            .where('id', '=', user.id)
            .executeTakeFirstOrThrow(),
          events: (await listAuditEvents(trx, { limit: 100 })).events,
        }),
      );
      expect(hash.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(hash.password_hash as string, 'Meadow lark 51 sings at dawn')).toBe(true);
      expect(events.map((e) => [e.actorType, e.action, e.objectId])).toEqual([
        ['operator', 'user.create', user.id],
        ['operator', 'user.create', expect.any(String)],
        ['operator', 'user.deactivate', user.id],
      ]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('refuses a weak password at the terminal right after the first entry, before asking again', async () => {
    const check = (typed: string) => checkPasswordPolicy(typed, ['erin@acme.example', 'erin']);
    const terminal = (answers: string[]) => {
      const prompts: string[] = [];
      return {
        prompts,
        isTTY: true,
        prompt: async (prompt: string) => {
          prompts.push(prompt);
          return answers.shift() ?? '';
        },
      };
    };

    const weak = terminal(['password1234', 'password1234']);
    await expect(readPassword(undefined, check, weak)).rejects.toMatchObject({ code: 'password_too_weak' });
    expect(weak.prompts).toEqual(['Password: ']);

    const strong = terminal(['Meadow lark 51 sings at dawn', 'Meadow lark 51 sings at dawn']);
    await expect(readPassword(undefined, check, strong)).resolves.toBe('Meadow lark 51 sings at dawn');
    expect(strong.prompts).toEqual(['Password: ', 'Password again: ']);

    const differ = terminal(['Meadow lark 51 sings at dawn', 'Meadow lark 52 sings at dusk']);
    await expect(readPassword(undefined, check, differ)).rejects.toMatchObject({ code: 'password_mismatch' });
  });
});
