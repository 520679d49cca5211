// `tma audit verify --extract` on both databases: a CSV extract of the audit viewer (made by its service)
// matches the chain and its head is confirmed (exit 0, recorded as the last verification); an edited row, a
// row rewritten with a recomputed hash, a forged head, another organisation's extract and a chain broken
// since all exit 1; a file that is no extract, a missing file and a missing --tenant exit 2.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../test/support/databases.ts';
import { loadConfig } from '../../config.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { EXTRACT_COLUMNS, parseExtractRow, splitCsvRecord } from '../../modules/audit/extract.ts';
import { linkAuditEvents } from '../../modules/audit/link.ts';
import { recordAuditEvent } from '../../modules/audit/service.ts';
import { AuditViewerService } from '../../modules/audit/viewer-service.ts';
import type { AuthContext } from '../../modules/identity/service.ts';
import { createUser } from '../../modules/identity/service.ts';
import { findTenantBySlug } from '../../modules/tenants/store.ts';
import { runCli } from '../tma.ts';

const CASE = '5d8e2a1c-0b7f-4c3e-9a61-2f4b8c9d0e11';
const OTHER_CASE = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe.each(databaseTargets())('tma audit verify --extract on %s', (target) => {
  let env: Record<string, string>;
  let testDatabase: TestDatabase;
  let folder: string;
  let extract: string;
  let everything: string;

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
    return { code, out, err };
  }

  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase(loadConfig(env).database);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  /** The audit viewer's CSV of the tenant's events about CASE, exported by an auditor. */
  async function exportCase(
    database: Database,
    slug: string,
    query: { caseId?: string } = { caseId: CASE },
  ): Promise<string> {
    const tenant = await findTenantBySlug(database.db, slug);
    if (!tenant) throw new Error(`no tenant ${slug}`);
    const auditor = await createUser(
      database,
      tenant.id,
      {
        email: `auditor-${randomBytes(4).toString('hex')}@${slug}.example`,
        role: 'auditor',
        specialty: null,
      },
      { kind: 'operator' },
    );
    const auth = { tenantId: tenant.id, userId: auditor.id, tenant } as unknown as AuthContext;
    const file = await new AuditViewerService({ database }).csv(auth, query, 'req-export');
    let text = '';
    for await (const part of file.lines) text += part;
    return text;
  }

  const write = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase(target);
    folder = mkdtempSync(path.join(tmpdir(), 'tma-audit-extract-'));
    env =
      target === 'embedded'
        ? { DATA_DIR: path.join(folder, 'data') }
        : { DATABASE_URL: testDatabase.url ?? '', TMA_MASTER_KEY: randomBytes(32).toString('base64') };
    expect((await cli('migrate')).code).toBe(0);
    expect((await cli('tenant', 'create', 'acme', '--name', 'ACME')).code).toBe(0);
    expect((await cli('tenant', 'create', 'beta', '--name', 'Beta')).code).toBe(0);
    const text: string[] = await withDatabase(async (database) => {
      const acme = (await findTenantBySlug(database.db, 'acme'))?.id ?? '';
      await withTenant(database, { tenantId: acme, userId: null }, async (trx) => {
        for (const [action, caseId] of [
          ['case.create', CASE],
          ['case.read', CASE],
          ['case.read', OTHER_CASE],
          ['case.update', CASE],
          ['case.list', null],
        ] as const)
          await recordAuditEvent(trx, {
            actorType: 'system',
            action,
            objectType: 'case',
            objectId: caseId,
            caseId,
            outcome: 'success',
            reason: action === 'case.update' ? 'status=closed' : null,
            objectIds: caseId === null ? [CASE, OTHER_CASE] : null,
          });
      });
      await linkAuditEvents(database, { tenantId: acme, wait: true });
      return [await exportCase(database, 'acme'), await exportCase(database, 'acme', {})];
    });
    extract = write('extract.csv', text[0] ?? '');
    everything = write('everything.csv', text[1] ?? '');
  });
  afterAll(() => testDatabase.drop());

  it('confirms an extract and its head, and records the verification', async () => {
    const text = readFileSync(extract, 'utf8');
    expect(text.split('\r\n')).toHaveLength(2 + 3 + 2);
    const head = /head=(\d+):([0-9a-f]{64})/.exec(text);
    const result = await cli('audit', 'verify', '--tenant', 'acme', '--extract', extract);
    expect(result).toEqual({
      code: 0,
      out: [`acme: extract of 3 events matches the chain; head #${head?.[1]} ${head?.[2]} confirmed`],
      err: [],
    });
    // The whole log, list events with their object ids included (the exports' own events are not linked yet).
    const whole = readFileSync(everything, 'utf8');
    expect(whole).toContain(`${CASE} ${OTHER_CASE}`);
    const all = await cli('audit', 'verify', '--tenant', 'acme', '--extract', everything);
    expect(all.out[0]).toMatch(
      /^acme: extract of \d+ events matches the chain; head #\d+ [0-9a-f]{64} confirmed$/,
    );
    const json = await cli('audit', 'verify', '--tenant', 'acme', '--extract', extract, '--json');
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({ tenant: 'acme', ok: true, events: 3 });
    const recorded = await withDatabase(async (database) => {
      const acme = (await findTenantBySlug(database.db, 'acme'))?.id ?? '';
      return withTenant(database, { tenantId: acme, userId: null }, (trx) =>
        trx.selectFrom('audit_verifications').select(['source', 'mode', 'ok', 'head_seq']).execute(),
      );
    });
    // The chain's head when verified: the extract's head, or later (the exports' own events).
    expect(
      recorded.some(
        (row) =>
          row.source === 'cli' && row.mode === 'full' && row.ok && (row.head_seq ?? 0) >= Number(head?.[1]),
      ),
    ).toBe(true);
  });

  it('exits 1 when a row was edited, even with its hash recomputed', async () => {
    const lines = readFileSync(extract, 'utf8').split('\r\n');
    const edited = [...lines];
    edited[3] = (lines[3] as string).replace(',case.read,', ',case.list,');
    expect(edited[3]).not.toBe(lines[3]);
    const changed = await cli(
      'audit',
      'verify',
      '--tenant',
      'acme',
      '--extract',
      write('e1.csv', edited.join('\r\n')),
    );
    expect(changed.code).toBe(1);
    expect(changed.out[0]).toMatch(/^acme: extract does NOT match the chain: line 4: event #\d+ was changed/);

    // The forger recomputes the row's hash: the row is consistent, but not the chain's event.
    const fields = splitCsvRecord(edited[3] as string) ?? [];
    const recomputed = parseExtractRow(fields, 4).recomputed ?? '';
    fields[EXTRACT_COLUMNS.indexOf('hash')] = recomputed;
    edited[3] = fields.join(',');
    const forged = await cli(
      'audit',
      'verify',
      '--tenant',
      'acme',
      '--extract',
      write('e2.csv', edited.join('\r\n')),
    );
    expect(forged.code).toBe(1);
    expect(forged.out[0]).toMatch(/line 4: event #\d+ is not the chain's event/);
  });

  it('exits 1 for a forged head and for another organisation’s extract', async () => {
    const text = readFileSync(extract, 'utf8');
    const forgedHead = text.replace(
      /head=(\d+):[0-9a-f]{64}/,
      (_all, seq) => `head=${seq}:${'ab'.repeat(32)}`,
    );
    const forged = await cli('audit', 'verify', '--tenant', 'acme', '--extract', write('h.csv', forgedHead));
    expect(forged.code).toBe(1);
    expect(forged.out[0]).toMatch(/the extract's head #\d+ is not in the chain/);
    const other = await cli('audit', 'verify', '--tenant', 'beta', '--extract', extract);
    expect(other.code).toBe(1);
    expect(other.out[0]).toMatch(
      /^beta: extract does NOT match the chain: the extract is of another organisation/,
    );
  });

  it.each([
    [['--extract', 'x.csv'], /--extract belongs to one tenant/],
    [['--tenant', 'acme', '--extract', '/nonexistent/x.csv'], /There is no file/],
    [['--tenant', 'acme', '--extract', 'NOT_AN_EXTRACT'], /not an audit log extract of TMA/],
  ])('exits 2 on bad arguments: %j', async (args, message) => {
    const resolved = args.map((arg) => (arg === 'NOT_AN_EXTRACT' ? write('not.csv', 'a,b\r\n1,2\r\n') : arg));
    const result = await cli('audit', 'verify', ...resolved);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(message);
  });

  it('exits 1 when the chain itself was broken since the export', async () => {
    await withDatabase(async (database) => {
      const acme = (await findTenantBySlug(database.db, 'acme'))?.id ?? '';
      await database.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('tma.audit_maintenance', 'on', true)`.execute(trx);
        // The event about the other case: not in the extract, but in the chain the extract belongs to.
        await sql`UPDATE audit_events SET action = 'case.forged' WHERE tenant_id = ${acme} AND case_id = ${OTHER_CASE}`.execute(
          trx,
        );
      });
    });
    const result = await cli('audit', 'verify', '--tenant', 'acme', '--extract', extract);
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/the chain is broken at event #\d+: .* was changed after it was written/);
  });
});
