// The server status administrators see (GET /api/v1/status) on both databases: besides version and
// database, the master key this instance uses and what its schedule asks of the operator, the same state the
// master key monitor logs and exports as metrics (docs/privacy.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { openReportingApp, type ReportingApp } from '../../../test/support/reporting-app.ts';
import { recordMasterKeysUsed } from '../../crypto/master-keys.ts';

const DAY = 86_400_000;

describe.each(databaseTargets())('server status on %s', (target) => {
  let reporting: ReportingApp;
  beforeAll(async () => {
    reporting = await openReportingApp(target);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('shows administrators the master key, when its rotation falls due and how many retired keys await destruction', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const fresh = await ada('GET', '/api/v1/status');
    expect(fresh.statusCode, fresh.body).toBe(200);
    const key = fresh.json().masterKey;
    expect(key).toEqual({
      provider: 'local',
      id: expect.stringMatching(/^local:[0-9a-f]{16}$/),
      since: null,
      rotationDays: 365,
      rotationDueOn: null,
      rotationDue: false,
      backupRetentionDays: 35,
      destructionDue: 0,
    });

    // In use for 400 days, and a key retired 40 days ago still not destroyed.
    const since = new Date(Date.now() - 400 * DAY);
    await recordMasterKeysUsed(reporting.database, [{ provider: 'local', masterKeyId: key.id }], since);
    await reporting.database.db
      .insertInto('master_keys')
      .values({
        id: 'local:00000000000000aa',
        provider: 'local',
        first_used_at: new Date(Date.now() - 800 * DAY),
        retired_at: new Date(Date.now() - 40 * DAY),
      })
      .execute();
    const due = (await ada('GET', '/api/v1/status')).json().masterKey;
    expect(due).toMatchObject({
      id: key.id,
      since: since.toISOString(),
      rotationDueOn: new Date(since.getTime() + 365 * DAY).toISOString().slice(0, 10),
      rotationDue: true,
      destructionDue: 1,
    });

    const tom = await reporting.session('acme', 'tom@acme.example');
    expect((await tom('GET', '/api/v1/status')).statusCode).toBe(403);
  });
});
