import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../../modules/audit/service.ts';

describe('tma unit', () => {
  it('creates and lists units and sets a user’s units, audited as the operator', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-units-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);
    expect((await tma(['unit', 'list', '--tenant', 'acme'], env)).out[0]).toMatch(/^No units in acme yet/);

    const de = await tma(['unit', 'create', '--tenant', 'acme', 'de', '--name', 'Germany', '--json'], env);
    expect(de.code, de.err.join('\n')).toBe(0);
    expect(JSON.parse(de.out[0] as string)).toMatchObject({ slug: 'de', name: 'Germany', parentId: null });
    const berlin = await tma(
      ['unit', 'create', '--tenant', 'acme', 'berlin', '--name', 'Berlin', '--parent', 'de'],
      env,
    );
    expect(berlin.code, berlin.err.join('\n')).toBe(0);
    expect(berlin.out[0]).toMatch(/^Created unit berlin \(Berlin\) in acme, id /);
    expect((await tma(['unit', 'create', '--tenant', 'acme', 'fr', '--name', 'France'], env)).code).toBe(0);

    const listed = await tma(['unit', 'list', '--tenant', 'acme'], env);
    expect(listed.out).toHaveLength(3);
    expect(listed.out[0]).toMatch(/^berlin +in de +[0-9a-f-]{36} {2}Berlin$/);
    expect(listed.out[1]).toMatch(/^fr +[0-9a-f-]{36} {2}France$/);
    expect(listed.out[2]).toMatch(/^de +[0-9a-f-]{36} {2}Germany$/);

    const passwordFile = path.join(env.DATA_DIR, 'password.txt');
    writeFileSync(passwordFile, 'Meadow lark 51 sings at dawn\n');
    const created = await tma(
      ['user', 'create', '--tenant', 'acme', '--email', 'tm@acme.example', '--role', 'threat_manager'].concat(
        ['--password-file', passwordFile],
      ),
      env,
    );
    expect(created.code, created.err.join('\n')).toBe(0);

    const set = await tma(
      ['user', 'set-units', '--tenant', 'acme', '--email', 'TM@acme.example', '--units', 'de,fr'],
      env,
    );
    expect(set).toMatchObject({ code: 0, out: ['tm@acme.example in acme now belongs to: de, fr'] });
    const cleared = await tma(
      ['user', 'set-units', '--tenant', 'acme', '--email', 'tm@acme.example', '--units', ''],
      env,
    );
    expect(cleared).toMatchObject({ code: 0, out: ['tm@acme.example in acme now belongs to no unit.'] });

    const database = await openDatabase(loadConfig(env).database);
    try {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const audit = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 100 }),
      );
      expect(audit.events.map((e) => [e.action, e.actorType])).toEqual([
        ['unit.create', 'operator'],
        ['unit.create', 'operator'],
        ['unit.create', 'operator'],
        ['user.create', 'operator'],
        ['user.units_changed', 'operator'],
        ['user.units_changed', 'operator'],
      ]);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('exits 2 for bad input and 1 for a conflict', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-units-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);
    expect((await tma(['unit', 'list', '--tenant', 'nobody'], env)).code).toBe(2);
    expect((await tma(['unit', 'create', '--tenant', 'acme', 'Bad Slug', '--name', 'B'], env)).code).toBe(2);
    expect((await tma(['unit', 'create', '--tenant', 'acme', 'de'], env)).code).toBe(2);
    expect((await tma(['unit', 'create', '--tenant', 'acme', 'de', '--name', 'Germany'], env)).code).toBe(0);
    expect(await tma(['unit', 'create', '--tenant', 'acme', 'de', '--name', 'Again'], env)).toMatchObject({
      code: 1,
      err: ['tma: A unit with the slug "de" already exists.'],
    });
    expect(
      (await tma(['unit', 'create', '--tenant', 'acme', 'x', '--name', 'X', '--parent', 'nowhere'], env))
        .code,
    ).toBe(2);
    const unknown = await tma(
      ['user', 'set-units', '--tenant', 'acme', '--email', 'nobody@acme.example', '--units', 'de'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toEqual(['tma: No user with the e-mail address nobody@acme.example.']);
  }, 60_000);
});
