// Who is told of a report, through the HTTP API on both databases: the unit's threat managers in the app,
// each reading and marking only their own notices, and by e-mail only whoever is on duty, unless the
// report indicates danger. (A reporter's message in the dialogue as a notice: reports/reporting.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  reportAnswers as answers,
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { Database } from '../../db/database.ts';

describe.each(databaseTargets())('notifications API on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let units: ReportingApp['units'];
  let session: ReportingApp['session'];
  let submit: ReportingApp['submit'];
  let openedOutbox: ReportingApp['openedOutbox'];

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database, units, session, submit, openedOutbox } = reporting);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it("tells both of a unit's managers of each new report; each reads and marks only their own notices", async () => {
    const tom = await session('acme', 'tom@acme.example');
    const ids = await recordPhoneReports(tom, units['acme/de'] as string, ['Eins', 'Zwei', 'Drei', 'Vier']);
    // Both of Germany's managers hear of each report; each reads only their own notices.
    const tessa = await session('acme', 'tessa@acme.example');
    const tessaNotices = (await tessa('GET', '/api/v1/notifications')).json().notifications;
    const tomNotices = (await tom('GET', '/api/v1/notifications')).json().notifications;
    for (const id of ids)
      expect(tessaNotices.some((n: { report: { id: string } | null }) => n.report?.id === id)).toBe(true);
    const tessaIds = new Set(tessaNotices.map((n: { id: string }) => n.id));
    expect(tomNotices.some((n: { id: string }) => tessaIds.has(n.id))).toBe(false);
    const marked = await tom('POST', '/api/v1/notifications/read', { ids: [...tessaIds].slice(0, 1) });
    expect(marked.statusCode).toBe(204);
    expect(
      (await tessa('GET', '/api/v1/notifications'))
        .json()
        .notifications.every((n: { read: boolean }) => !n.read),
    ).toBe(true);
  });

  it('tells only who is on duty of a new report, and everyone of one that indicates danger', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const roster = (await tom('GET', `/api/v1/units/${units['acme/de']}/on-duty`)).json();
    const byName = new Map(roster.candidates.map((c: { id: string; name: string }) => [c.name, c.id]));
    const tessaId = [...byName.entries()].find(([name]) => String(name).startsWith('tessa'))?.[1] ?? '';
    const fayId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'fay@acme.example')
        .executeTakeFirst()
    )?.id as string;
    expect(roster.onDuty).toEqual([]);
    const refused = await tom('PUT', `/api/v1/units/${units['acme/de']}/on-duty`, { userIds: [fayId] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('on_duty_user_invalid');
    const eve = await session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/units/${units['acme/de']}/on-duty`)).statusCode).toBe(403);
    const set = await tom('PUT', `/api/v1/units/${units['acme/de']}/on-duty`, { userIds: [tessaId] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().onDuty.map((u: { id: string }) => u.id)).toEqual([tessaId]);

    // The outbox rows by id, so each submission's new mails are told apart without relying on row order.
    const outbox = async () =>
      new Map((await openedOutbox()).map((mail) => [mail.id, `${mail.to} ${mail.template}`]));
    const added = (was: Map<string, string>, now: Map<string, string>) =>
      [...now]
        .filter(([id]) => !was.has(id))
        .map(([, mail]) => mail)
        .sort();
    const before = await outbox();
    await submit({ anonymous: true, unit: 'de', answers: { ...answers, description: 'Dienstplan' } });
    const afterQuiet = await outbox();
    expect(added(before, afterQuiet)).toEqual(['tessa@acme.example report.received']);
    await submit({ anonymous: true, unit: 'de', answers: { ...answers, immediate_danger: 'yes' } });
    expect(added(afterQuiet, await outbox())).toEqual([
      'tessa@acme.example report.danger',
      'tom@acme.example report.danger',
    ]);
    await tom('PUT', `/api/v1/units/${units['acme/de']}/on-duty`, { userIds: [] });
  });
});
