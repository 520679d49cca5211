// Danger is urgent, on both databases: a report that indicates immediate danger gets a deadline in hours (the
// tenant's setting), whoever is on duty is reminded until someone acknowledges it, every threat manager of
// the unit hears of it once nobody has by the deadline, and several instances running the job at once alert
// exactly once. Acknowledging it ends the alerts and forgets the hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/support/databases.ts';
import {
  reportAnswers as answers,
  openReportingApp,
  type ReportingApp,
} from '../../test/support/reporting-app.ts';
import { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { linkAuditEvents } from '../modules/audit/link.ts';
import { DANGER_REMINDER_MINUTES, DEFAULT_EMERGENCY_NOTICE } from '../modules/reports/danger.ts';
import { runDangerEscalation } from './danger-escalation.ts';

const MINUTE = 60_000;

describe.each(databaseTargets())('danger escalation on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let keyring: Keyring;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    database = reporting.database;
    keyring = new Keyring(database, reporting.provider);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  const userId = async (email: string) =>
    (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;

  /** The kinds of the notices each user has about the report, by e-mail address. */
  const noticesAbout = async (reportId: string) => {
    const rows = await database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.email', 'notifications.kind'])
      .where('notifications.report_id', '=', reportId)
      .execute();
    const byUser: Record<string, string[]> = {};
    for (const row of rows) {
      const kinds = byUser[row.email] ?? [];
      kinds.push(row.kind);
      byUser[row.email] = kinds;
    }
    for (const kinds of Object.values(byUser)) kinds.sort();
    return byUser;
  };
  const mailsOf = async (template: string) =>
    (await reporting.openedOutbox())
      .filter((mail) => mail.template === template)
      .map((mail) => mail.to)
      .sort();

  it('starts every portal with the default emergency notice and a deadline of 2 hours', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const settings = await ada('GET', '/api/v1/report-settings');
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json()).toMatchObject({
      emergencyNotice: DEFAULT_EMERGENCY_NOTICE,
      dangerAcknowledgeHours: 2,
    });
    const portal = (await reporting.portal('GET', '/api/v1/portal/acme')).json();
    expect(portal.emergencyNotice).toEqual(DEFAULT_EMERGENCY_NOTICE);

    // Admins choose 1 to 72 hours; a change without the hours keeps them.
    const refused = await ada('PUT', '/api/v1/report-settings', {
      ...settings.json(),
      dangerAcknowledgeHours: 0,
    });
    expect(refused.statusCode).toBe(400);
    const changed = await ada('PUT', '/api/v1/report-settings', {
      ...settings.json(),
      dangerAcknowledgeHours: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const { dangerAcknowledgeHours: _, ...withoutHours } = changed.json();
    const kept = await ada('PUT', '/api/v1/report-settings', withoutHours);
    expect(kept.json().dangerAcknowledgeHours).toBe(1);
  });

  it('reminds who is on duty, escalates to every threat manager once, and stops at the acknowledgement', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const tessa = await userId('tessa@acme.example');
    const onDuty = await tom('PUT', `/api/v1/units/${reporting.units['acme/de']}/on-duty`, {
      userIds: [tessa],
    });
    expect(onDuty.statusCode, onDuty.body).toBe(200);

    const arrived = Date.now();
    const sent = await reporting.submit({
      anonymous: true,
      unit: 'de',
      answers: { ...answers, immediate_danger: 'yes' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const quiet = await reporting.submit({ anonymous: true, unit: 'de', answers });
    expect(quiet.statusCode, quiet.body).toBe(201);
    const inbox = (await tom('GET', '/api/v1/reports')).json().reports as Array<{
      id: string;
      dangerIndicated: boolean;
      dangerAcknowledgeDueAt: string | null;
      dangerEscalatedOn: string | null;
    }>;
    const danger = inbox.find((report) => report.dangerIndicated);
    if (!danger?.dangerAcknowledgeDueAt) throw new Error('the danger report has no deadline');
    // One hour (the setting above) after it came in.
    const due = Date.parse(danger.dangerAcknowledgeDueAt);
    expect(due - arrived).toBeGreaterThanOrEqual(60 * MINUTE - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(60 * MINUTE);
    expect(inbox.filter((report) => !report.dangerIndicated)).toHaveLength(1);
    expect(inbox.find((report) => !report.dangerIndicated)?.dangerAcknowledgeDueAt).toBeNull();
    // On arrival, as before: every threat manager of the unit is told of a danger report.
    expect(await noticesAbout(danger.id)).toEqual({
      'tessa@acme.example': ['report.danger'],
      'tom@acme.example': ['report.danger'],
    });

    const at = (minutes: number) => new Date(arrived + minutes * MINUTE);
    // Not yet: the arrival was the first alert.
    expect(await runDangerEscalation(database, at(DANGER_REMINDER_MINUTES - 5), keyring)).toBe(0);
    // The reminder goes to whoever is on duty, once, however many instances run the job at once.
    const reminders = await Promise.all([
      runDangerEscalation(database, at(DANGER_REMINDER_MINUTES + 1), keyring),
      runDangerEscalation(database, at(DANGER_REMINDER_MINUTES + 1), keyring),
    ]);
    expect(reminders.sort()).toEqual([0, 1]);
    expect(await noticesAbout(danger.id)).toEqual({
      'tessa@acme.example': ['report.danger', 'report.danger_alert'],
      'tom@acme.example': ['report.danger'],
    });
    expect(await mailsOf('report.danger_alert')).toEqual(['tessa@acme.example']);
    expect(await runDangerEscalation(database, at(DANGER_REMINDER_MINUTES + 2), keyring)).toBe(0);

    // Past the hour, nobody having acknowledged: every threat manager of the unit, and no one else.
    const escalations = await Promise.all([
      runDangerEscalation(database, at(61), keyring),
      runDangerEscalation(database, at(61), keyring),
      runDangerEscalation(database, at(61), keyring),
    ]);
    expect(escalations.sort()).toEqual([0, 0, 1]);
    expect(await noticesAbout(danger.id)).toEqual({
      'tessa@acme.example': ['report.danger', 'report.danger_alert', 'report.danger_escalated'],
      'tom@acme.example': ['report.danger', 'report.danger_escalated'],
    });
    expect(await mailsOf('report.danger_escalated')).toEqual(['tessa@acme.example', 'tom@acme.example']);
    await linkAuditEvents(database);
    const audited = await database.db
      .selectFrom('audit_events')
      .select(['actor_type', 'reason', 'outcome', 'object_ids'])
      .where('action', '=', 'report.danger_escalate')
      .where('object_id', '=', danger.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actor_type: 'system',
      reason: 'not_acknowledged_in_time',
      outcome: 'success',
    });
    expect([...(audited[0]?.object_ids ?? [])].sort()).toEqual(
      [await userId('tessa@acme.example'), await userId('tom@acme.example')].sort(),
    );
    const escalated = (await tom('GET', '/api/v1/reports'))
      .json()
      .reports.find((report: { id: string }) => report.id === danger.id);
    expect(escalated.dangerEscalatedOn).toBe(at(61).toISOString().slice(0, 10));

    // Escalated once; whoever is on duty is still reminded while nobody acknowledges.
    expect(await runDangerEscalation(database, at(61 + DANGER_REMINDER_MINUTES + 1), keyring)).toBe(1);
    expect((await noticesAbout(danger.id))['tom@acme.example']).toEqual([
      'report.danger',
      'report.danger_escalated',
    ]);

    // Acknowledged: no more alerts, and the hour it came in is forgotten.
    const acknowledged = await tom('POST', `/api/v1/reports/${danger.id}/acknowledge`, {
      body: 'Danke, wir kümmern uns sofort darum.',
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(await runDangerEscalation(database, at(300), keyring)).toBe(0);
    const row = await database.db
      .selectFrom('reports')
      .select(['danger_due_at', 'danger_alerted_at', 'danger_escalated_on'])
      .where('id', '=', danger.id)
      .executeTakeFirstOrThrow();
    expect(row.danger_due_at).toBeNull();
    expect(row.danger_alerted_at).toBeNull();
    expect(row.danger_escalated_on).toBe(at(61).toISOString().slice(0, 10));
    const after = (await tom('GET', '/api/v1/reports'))
      .json()
      .reports.find((report: { id: string }) => report.id === danger.id);
    expect(after.dangerAcknowledgeDueAt).toBeNull();
    await tom('PUT', `/api/v1/units/${reporting.units['acme/de']}/on-duty`, { userIds: [] });
  });

  it('stops alerting once a case is opened from the danger report', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const arrived = Date.now();
    const sent = await reporting.submit({
      anonymous: true,
      unit: 'de',
      answers: { ...answers, immediate_danger: 'yes', description: 'Messer im Spind' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const report = (await tom('GET', '/api/v1/reports'))
      .json()
      .reports.find(
        (candidate: { dangerAcknowledgeDueAt: string | null }) => candidate.dangerAcknowledgeDueAt !== null,
      );
    const opened = await tom('POST', `/api/v1/reports/${report.id}/open-case`, { title: 'Messer im Spind' });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(await runDangerEscalation(database, new Date(arrived + 180 * MINUTE), keyring)).toBe(0);
    expect(await noticesAbout(report.id)).toEqual({
      'tessa@acme.example': ['report.danger'],
      'tom@acme.example': ['report.danger'],
    });
  });
});
