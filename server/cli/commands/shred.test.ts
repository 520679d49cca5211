import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { Keyring, ScopeShreddedError } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../../modules/audit/service.ts';
import { openCase } from '../../modules/cases/service.ts';
import { createUser } from '../../modules/identity/service.ts';
import { defaultReportForm } from '../../modules/reports/answers.ts';
import { receiveReport } from '../../modules/reports/receive-report.ts';
import { updateReportIf } from '../../modules/reports/store.ts';
import { createUnit } from '../../modules/units/service.ts';

/** Runs `fn` on the data folder's database with its keys; closes both (the CLI needs the folder to itself). */
async function withData<T>(
  env: Record<string, string>,
  fn: (database: Database, keyring: Keyring) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  const provider = await createKeyProvider(config.keyProvider, pino({ level: 'silent' }));
  try {
    return await fn(database, new Keyring(database, provider));
  } finally {
    await provider.close();
    await database.close();
  }
}

describe('tma case shred / tma report shred', () => {
  it('shreds a case and its report as the operator, leaves tombstones, and refuses bad input', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-shred-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);

    const made = await withData(env, async (database, keyring) => {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const tenantId = tenant.id;
      const unit = await createUnit(
        database,
        tenantId,
        { slug: 'de', name: 'Germany' },
        { kind: 'operator' },
      );
      const owner = await createUser(
        database,
        tenantId,
        {
          email: 'tm@acme.example',
          role: 'threat_manager',
          password: 'Meadow lark 51 sings at dawn',
          specialty: null,
        },
        { kind: 'operator' },
      );
      const keys = await keyring.forTenant(tenantId);
      const reportId = randomUUID();
      return withTenant(database, { tenantId, userId: null }, async (trx) => {
        const report = await receiveReport(trx, await keys.scope(trx, 'report', reportId), {
          id: reportId,
          tenantId,
          unit: { id: unit.id, name: unit.name },
          channel: 'phone',
          anonymous: true,
          receivedOn: new Date().toISOString().slice(0, 10),
          arrivedAt: new Date(),
          recordedBy: null,
          language: 'de',
          form: defaultReportForm,
          answers: { immediate_danger: 'no', description: 'Vertraulich CliMarker-99' },
          danger: false,
          reporter: null,
          receiptIndex: null,
          attachments: [],
        });
        const caseId = await openCase(trx, keys, {
          tenantId,
          unitId: unit.id,
          title: 'Fall CliMarker-99',
          ownerId: owner.id,
          now: new Date(),
        });
        await updateReportIf(trx, reportId, ['new'], { status: 'case_opened', case_id: caseId });
        const reference = (await trx.selectFrom('cases').select('reference').executeTakeFirstOrThrow())
          .reference;
        return { tenantId, caseId, reportId, caseReference: reference, reportReference: report.reference };
      });
    });

    const badReason = await tma(
      ['case', 'shred', made.caseReference, '--tenant', 'acme', '--reason', 'whim'],
      env,
    );
    expect(badReason.code).toBe(2);
    const unknown = await tma(['case', 'shred', 'C-1999-0001', '--tenant', 'acme', '--reason', 'other'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/No case "C-1999-0001"/);

    const shredded = await tma(
      ['case', 'shred', made.caseReference, '--tenant', 'acme', '--reason', 'legal_order'],
      env,
    );
    expect(shredded.code, shredded.err.join('\n')).toBe(0);
    expect(shredded.out[0]).toMatch(
      new RegExp(`^Shredded case ${made.caseReference} in acme \\(reason: legal_order\\)`),
    );
    // Once gone, it stays gone: 410 becomes exit code 1.
    const twice = await tma(['report', 'shred', made.reportId, '--tenant', 'acme', '--reason', 'other'], env);
    expect(twice.code).toBe(1);
    expect(twice.err.join('\n')).toMatch(/was deleted/);
    expect((await tma(['deletion', 'cleanup', '--tenant', 'acme'], env)).code).toBe(0);

    await withData(env, async (database, keyring) => {
      const keys = await keyring.forTenant(made.tenantId);
      await withTenant(database, { tenantId: made.tenantId, userId: null }, async (trx) => {
        for (const [scope, id] of [
          ['case', made.caseId],
          ['report', made.reportId],
        ] as const)
          await expect(keys.scope(trx, scope, id)).rejects.toBeInstanceOf(ScopeShreddedError);
        const caseRow = await trx.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
        expect(caseRow).toMatchObject({
          title_sealed: null,
          deletion_reason: 'legal_order',
          deleted_by: null,
        });
        const report = await trx.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
        expect(report).toMatchObject({ answers_sealed: null, deletion_reason: 'legal_order' });
        const { events } = await listAuditEvents(trx, { limit: 100 });
        expect(
          events.filter((e) => e.action.endsWith('.shred')).map((e) => [e.action, e.actorType, e.reason]),
        ).toEqual([
          ['report.shred', 'operator', 'legal_order'],
          ['case.shred', 'operator', 'legal_order'],
        ]);
      });
    });
  }, 90_000);
});
