import { type Kysely, sql } from 'kysely';

// Danger is urgent (issue 19): a report that indicates immediate danger must be acknowledged within hours, not
// days; the unit's on-duty threat managers are alerted again until someone does, and when nobody has by the
// deadline, every threat manager who may read the unit's reports hears of it. Expand only: new columns with
// defaults and more allowed notification kinds; the previous release reads and writes none of them.
//
// - `report_settings.danger_acknowledge_hours`: the tenant's deadline for danger reports (default 2 hours).
// - `reports.danger_due_at`: when a danger report must be acknowledged by. Anonymity: a report keeps only its
//   day (0009), but a deadline in hours needs the hour, so this exact time exists only while it is needed:
//   acknowledging the report clears it, and `danger_alerted_at` with it.
// - `reports.danger_alerted_at`: when the on-duty people were last alerted (the danger-escalation job claims
//   a report for its next reminder by moving it forward, so several instances remind once).
// - `reports.danger_escalated_on`: the day nobody had acknowledged by the deadline and the job told every
//   threat manager (claimed once, across any number of instances). The day only, like the rest of a report.
// - Every portal gets an emergency notice: the portal shows it at once when a reporter says someone is in
//   danger now. Portals without one get the default (reports/danger.ts `DEFAULT_EMERGENCY_NOTICE`, copied
//   here as it was); `down` leaves it, as it cannot tell a default from an admin's choice.

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was, not today's types
type Db = Kysely<any>;

async function run(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const PREVIOUS_NOTIFICATION_KINDS = [
  'report.received',
  'report.danger',
  'report.reporter_message',
  'case.team_added',
  'case.team_removed',
  'case.team_expired',
  'case.mentioned',
  'case.task_assigned',
  'case.task_due',
  'case.assessment_due',
  'case.measure_assigned',
  'case.measure_invited',
  'case.measure_answered',
  'case.measure_overdue',
];
const DANGER_NOTIFICATION_KINDS = ['report.danger_alert', 'report.danger_escalated'];

const DEFAULT_EMERGENCY_NOTICE = {
  de:
    'Ist jetzt jemand in Gefahr? Rufen Sie sofort den Notruf 112 oder die Polizei unter 110 und bringen ' +
    'Sie sich und andere in Sicherheit. Dieses Formular wird nicht rund um die Uhr gelesen; melden Sie es ' +
    'danach hier.',
  en:
    'Is someone in danger right now? Call the emergency number 112 at once (police in Germany: 110) and get ' +
    'yourself and others to safety. This form is not read around the clock; report here afterwards.',
};

const list = (values: string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export async function up(db: Db): Promise<void> {
  await run(db, [
    sql`ALTER TABLE report_settings ADD COLUMN danger_acknowledge_hours integer NOT NULL DEFAULT 2
      CHECK (danger_acknowledge_hours BETWEEN 1 AND 72)`,
    sql`ALTER TABLE reports ADD COLUMN danger_due_at timestamptz`,
    sql`ALTER TABLE reports ADD COLUMN danger_alerted_at timestamptz`,
    sql`ALTER TABLE reports ADD COLUMN danger_escalated_on date`,
    // The job's question every minute: danger reports nobody has acknowledged yet.
    sql`CREATE INDEX reports_danger_due_idx ON reports (danger_due_at)
      WHERE danger_due_at IS NOT NULL AND acknowledged_at IS NULL`,
    sql`UPDATE report_settings SET emergency_notice = ${JSON.stringify(DEFAULT_EMERGENCY_NOTICE)}::jsonb
      WHERE emergency_notice IS NULL`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list([...PREVIOUS_NOTIFICATION_KINDS, ...DANGER_NOTIFICATION_KINDS])}))`,
  ]);
}

export async function down(db: Db): Promise<void> {
  await run(db, [
    sql`DELETE FROM notifications WHERE kind IN (${list(DANGER_NOTIFICATION_KINDS)})`,
    sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`,
    sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
      CHECK (kind IN (${list(PREVIOUS_NOTIFICATION_KINDS)}))`,
    sql`DROP INDEX reports_danger_due_idx`,
    sql`ALTER TABLE reports DROP COLUMN danger_escalated_on`,
    sql`ALTER TABLE reports DROP COLUMN danger_alerted_at`,
    sql`ALTER TABLE reports DROP COLUMN danger_due_at`,
    sql`ALTER TABLE report_settings DROP COLUMN danger_acknowledge_hours`,
  ]);
}
