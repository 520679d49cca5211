// `tma retention preview` and `tma retention run` on an embedded data folder: the preview counts and changes
// nothing, the run carries the day's policy out once (audited as retention.run by the system), a second run
// the same day says so, and an unknown tenant is refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tma } from '../../../test/support/cli.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../../modules/audit/link.ts';

describe('tma retention', () => {
  it('previews the policy, runs it once a day, and refuses an unknown tenant', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tma-retention-')) };
    expect((await tma(['tenant', 'create', 'acme', '--name', 'ACME'], env)).code).toBe(0);

    const preview = await tma(['retention', 'preview', '--tenant', 'acme', '--json'], env);
    expect(preview.code, preview.err.join('\n')).toBe(0);
    expect(JSON.parse(preview.out[0] as string)).toEqual({
      deleteCases: 0,
      warnCases: 0,
      heldCases: 0,
      deleteReports: 0,
    });
    const text = await tma(['retention', 'preview', '--tenant', 'acme'], env);
    expect(text.out[0]).toMatch(/^acme: the next run deletes 0 closed case\(s\) and 0 dismissed report\(s\)/);

    const run = await tma(['retention', 'run', '--tenant', 'acme'], env);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out[0]).toBe(
      'acme: deleted 0 (0 anonymised first), warned 0, kept 0 under legal hold, 0 failed.',
    );
    const again = await tma(['retention', 'run', '--tenant', 'acme'], env);
    expect(again.out[0]).toMatch(
      /^acme: retention already ran on \d{4}-\d{2}-\d{2}; the next run is tomorrow\.$/,
    );

    const unknown = await tma(['retention', 'run', '--tenant', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/No tenant with the slug "nope"/);

    const config = loadConfig(env);
    const database = await openDatabase(config.database);
    try {
      const tenant = await database.db
        .selectFrom('tenants')
        .select('id')
        .where('slug', '=', 'acme')
        .executeTakeFirstOrThrow();
      await linkAuditEvents(database, { tenantId: tenant.id, wait: true });
      const events = await withTenant(database, { tenantId: tenant.id, userId: null }, (trx) =>
        trx
          .selectFrom('audit_events')
          .select(['action', 'actor_type', 'reason'])
          .where('action', '=', 'retention.run')
          .execute(),
      );
      expect(events).toEqual([
        {
          action: 'retention.run',
          actor_type: 'system',
          reason: 'deleted=0:anonymised=0:warned=0:held=0:failed=0',
        },
      ]);
    } finally {
      await database.close();
    }
  });
});
