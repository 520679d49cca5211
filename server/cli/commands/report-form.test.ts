import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { listAuditEvents } from '../../modules/audit/service.ts';
import { defaultReportForm } from '../../modules/reports/answers.ts';

describe('tma report-form', () => {
  it('shows the current form and publishes a new version from a file, audited as the operator', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-report-form-'));
    const env = { DATA_DIR: dir };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);

    const shown = await tma(['report-form', 'show', '--tenant', 'acme'], env);
    expect(shown.code, shown.err.join('\n')).toBe(0);
    expect(JSON.parse(shown.out.join('\n'))).toEqual(defaultReportForm);

    const file = path.join(dir, 'form.json');
    const next = { ...defaultReportForm, formId: 'acme.report', version: '2.0.0' };
    writeFileSync(file, JSON.stringify(next));
    const published = await tma(['report-form', 'publish', '--tenant', 'acme', '--file', file], env);
    expect(published, published.err.join('\n')).toMatchObject({
      code: 0,
      out: ['Published acme.report version 2.0.0 for acme.'],
    });
    const now = await tma(['report-form', 'show', '--tenant', 'acme'], env);
    expect(JSON.parse(now.out.join('\n'))).toMatchObject({ formId: 'acme.report', version: '2.0.0' });

    // A published version never changes.
    const again = await tma(['report-form', 'publish', '--tenant', 'acme', '--file', file], env);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/published already/);

    // A broken definition is refused with its field errors.
    writeFileSync(file, JSON.stringify({ ...next, version: '3.0.0', sections: 'none' }));
    const broken = await tma(['report-form', 'publish', '--tenant', 'acme', '--file', file], env);
    expect(broken.code).toBe(2);
    expect(broken.err.join('\n')).toMatch(/sections/);
    writeFileSync(file, '{ not json');
    expect((await tma(['report-form', 'publish', '--tenant', 'acme', '--file', file], env)).code).toBe(2);

    const database = await openDatabase(loadConfig(env).database);
    try {
      const tenant = await database.db
        .selectFrom('tenants')
        .select('id')
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow();
      const { events } = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
        listAuditEvents(trx, { limit: 100 }),
      );
      expect(events.filter((event) => event.action === 'report_form.publish')).toMatchObject([
        { actorType: 'operator', objectId: 'acme.report|2.0.0' },
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
