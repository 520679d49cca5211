import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../test/support/databases.ts';
import { loadConfig } from '../../config.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../../modules/audit/link.ts';
import { recordAuditEvent } from '../../modules/audit/service.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { runCli } from '../tma.ts';

const tmaBin = path.resolve(import.meta.dirname, '../tma.ts');

describe.each(databaseTargets())('tma audit verify on %s', (target) => {
  let env: Record<string, string>;
  let testDatabase: TestDatabase;

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
    return { code, out, err };
  }

  /** Opens the database as the owner between two commands (the embedded one allows one user at a time). */
  async function withDatabase(fn: (database: Database) => Promise<void>): Promise<void> {
    const database = await openDatabase(loadConfig(env).database);
    try {
      await fn(database);
    } finally {
      await database.close();
    }
  }

  async function tenantId(database: Database, slug: string): Promise<string> {
    const tenant = await findTenantBySlug(database.db, slug);
    if (!tenant) throw new Error(`no tenant ${slug}`);
    return tenant.id;
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase(target);
    env =
      target === 'embedded'
        ? { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-audit-cli-')) }
        : { DATABASE_URL: testDatabase.url ?? '', TMA_MASTER_KEY: randomBytes(32).toString('base64') };
    expect((await cli('migrate')).code).toBe(0);
  });
  afterAll(() => testDatabase.drop());

  it('says there is nothing to verify before the first tenant', async () => {
    expect(await cli('audit', 'verify')).toEqual({
      code: 0,
      out: ['No tenants yet: nothing to verify.'],
      err: [],
    });
  });

  it('links what was recorded, prints one line per tenant with the head hash, and exits 0 when intact', async () => {
    expect((await cli('tenant', 'create', 'acme', '--name', 'ACME')).code).toBe(0);
    expect((await cli('tenant', 'create', 'beta', '--name', 'Beta')).code).toBe(0);
    await withDatabase(async (database) => {
      await withTenant(
        database,
        { tenantId: await tenantId(database, 'acme'), userId: null },
        async (trx) => {
          for (const action of ['auth.login', 'case.read', 'case.update'])
            await recordAuditEvent(trx, {
              actorType: 'system',
              action,
              objectType: 'case',
              outcome: 'success',
            });
        },
      );
    });
    // Not linked yet: reported as pending, not as broken, when told not to link (a read-only replica).
    const unlinked = await cli('audit', 'verify', '--no-link');
    expect(unlinked).toEqual({
      code: 0,
      out: [
        expect.stringMatching(
          /^acme: 0 events, chain intact, empty; 3 recorded since, not linked yet \(oldest \d{4}-[-\d]+T[\d:.]+Z\)$/,
        ),
        'beta: 0 events, chain intact, empty',
      ],
      err: [],
    });
    const linked = await cli('audit', 'verify');
    expect(linked).toEqual({
      code: 0,
      out: [
        expect.stringMatching(/^acme: 3 events, chain intact, head #3 [0-9a-f]{64}$/),
        'beta: 0 events, chain intact, empty',
      ],
      err: [],
    });
    const head = linked.out[0]?.split(' ').at(-1) ?? '';
    const json = await cli('audit', 'verify', '--tenant', 'acme', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({
      tenant: 'acme',
      ok: true,
      events: 3,
      head: { seq: 3, hash: head },
      pending: { count: 0, oldest: null },
      verifiedAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(
      await cli('audit', 'verify', '--tenant', 'acme', '--anchor', `3:${head.toUpperCase()}`),
    ).toMatchObject({
      code: 0,
    });
  });

  it.each([
    [['--tenant', 'nobody'], /There is no tenant with the slug "nobody"/],
    [['--anchor', `1:${'a'.repeat(64)}`], /--anchor belongs to one tenant/],
    [['--tenant', 'acme', '--anchor', '3:abc'], /--anchor must be <seq>:<hash>/],
    [['--tenant', 'acme', '--anchor', `0:${'a'.repeat(64)}`], /--anchor must be <seq>:<hash>/],
  ])('exits 2 on bad arguments: %j', async (args, message) => {
    const result = await cli('audit', 'verify', ...args);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(message);
  });

  it('exits 1 and names the first broken event after tampering', async () => {
    await withDatabase(async (database) => {
      const acme = await tenantId(database, 'acme');
      await database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
        await sql`UPDATE audit_events SET action = 'case.list' WHERE tenant_id = ${acme} AND seq = 2`.execute(
          trx,
        );
      });
    });
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(1);
    expect(result.out).toEqual([
      expect.stringMatching(
        /^acme: BROKEN at event #2: event #2 \(\d{4}-[-\d]+T[\d:.]+Z, case\.list\) was changed after it was written$/,
      ),
      'beta: 0 events, chain intact, empty',
    ]);
    expect(result.err).toEqual(['tma: the audit log of 1 tenant is broken (see above)']);
    if (target === 'embedded') {
      // As an operator runs it: the process's exit code.
      const spawned = await promisify(execFile)(
        process.execPath,
        [tmaBin, 'audit', 'verify', '--tenant', 'acme'],
        {
          env: { PATH: process.env.PATH ?? '', ...env },
        },
      ).catch((error: { code: number; stdout: string }) => error);
      expect(spawned).toMatchObject({
        code: 1,
        stdout: expect.stringMatching(/^acme: BROKEN at event #2: /),
      });
    }
  }, 60_000);

  it('exits 1 and says so when recorded events cannot be linked', async () => {
    const record = (database: Database, beta: string) =>
      withTenant(database, { tenantId: beta, userId: null }, (trx) =>
        recordAuditEvent(trx, {
          actorType: 'system',
          action: 'case.read',
          objectType: 'case',
          outcome: 'success',
        }),
      );
    await withDatabase(async (database) => {
      const beta = await tenantId(database, 'beta');
      await record(database, beta);
      await linkAuditEvents(database, { tenantId: beta });
      // The head moved back under the maintenance hatch: the next event would take an existing seq.
      await database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
        await sql`
          UPDATE audit_chain_heads SET seq = 0, hash = decode(repeat('00', 32), 'hex') WHERE tenant_id = ${beta}
        `.execute(trx);
      });
      await record(database, beta);
    });
    const result = await cli('audit', 'verify', '--tenant', 'beta');
    expect(result.code).toBe(1);
    expect(result.out).toEqual([
      expect.stringMatching(/^beta: BROKEN at event #1: the chain head is at event #0 but the log continues/),
      expect.stringMatching(/^beta: recorded events cannot be linked into the chain: tenant [0-9a-f-]{36}: /),
    ]);
  }, 60_000);
});
