// Danger is urgent: a report that indicates immediate danger must be acknowledged within hours (the tenant's
// `danger_acknowledge_hours`), whoever is on duty for its unit is alerted again every
// DANGER_REMINDER_MINUTES until someone does, and when nobody has by the deadline, every threat manager who
// may read the unit's reports is told (server/jobs/danger-escalation.ts). docs/reporting.md explains it.

/** The default of the tenant's setting (migration 0039); admins choose 1 to 72 hours. */
export const DEFAULT_DANGER_ACKNOWLEDGE_HOURS = 2;

/**
 * How often whoever is on duty is alerted again while a danger report waits for its acknowledgement: often
 * enough that an alert is not missed for long, rarely enough that eight alerts in two hours are still read.
 */
export const DANGER_REMINDER_MINUTES = 15;

const msPerMinute = 60_000;

/** When a danger report that arrived at `arrivedAt` must be acknowledged by. */
export function dangerAcknowledgeDue(arrivedAt: Date, hours: number): Date {
  return new Date(arrivedAt.getTime() + hours * 60 * msPerMinute);
}

/** The last alert before which the next reminder is due at `now`. */
export function remindedBefore(now: Date): Date {
  return new Date(now.getTime() - DANGER_REMINDER_MINUTES * msPerMinute);
}

/**
 * The emergency notice a portal starts with (report_settings is created with it; migration 0039 gave it to
 * portals without one): the portal shows it on every page and, at once, when a reporter says someone is in
 * danger now. Admins adapt it (their own emergency numbers, the security desk) or clear it.
 */
export const DEFAULT_EMERGENCY_NOTICE = {
  de:
    'Ist jetzt jemand in Gefahr? Rufen Sie sofort den Notruf 112 oder die Polizei unter 110 und bringen ' +
    'Sie sich und andere in Sicherheit. Dieses Formular wird nicht rund um die Uhr gelesen; melden Sie es ' +
    'danach hier.',
  en:
    'Is someone in danger right now? Call the emergency number 112 at once (police in Germany: 110) and get ' +
    'yourself and others to safety. This form is not read around the clock; report here afterwards.',
} as const;
