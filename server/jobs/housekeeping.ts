import type { Logger } from 'pino';
import type { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { pruneThrottles } from '../modules/identity/store.ts';
import { purgeSpentChallenges } from '../modules/proof-of-work/proof-of-work.ts';
import { runAccessReviewReminders } from './access-review-reminders.ts';
import { runAssessmentReviewReminders } from './assessment-reviews.ts';
import { runAuditVerification } from './audit-verification.ts';
import { runDangerEscalation } from './danger-escalation.ts';
import { runMeasureEscalation } from './measure-escalation.ts';
import { type RetentionJobDependencies, runRetention } from './retention.ts';
import { runTaskReminders } from './task-reminders.ts';
import { runTeamExpiry } from './team-expiry.ts';

/** Throttle rows older than this, with no lockout running, are forgotten. */
const THROTTLE_MEMORY_MS = 24 * 60 * 60_000;

/**
 * One round of housekeeping: forgets spent proof-of-work challenges that have expired and old login and
 * receipt throttle rows, records case-team memberships that have ended (telling the owners), and reminds
 * assignees of due tasks once a day (by e-mail too when given the keyring), escalates overdue measures and
 * keeps unacknowledged danger reports urgent (danger-escalation.ts), and once a day per tenant carries out
 * the retention policy (retention.ts) and reminds admins of a due access review. Idempotent, so every instance may run it.
 */
export async function runHousekeeping(
  database: Database,
  now: Date = new Date(),
  options: {
    keyring?: Keyring | undefined;
    /** For the retention job's cleanup (retention.ts); it runs only with the keyring. */
    retention?: Omit<RetentionJobDependencies, 'database' | 'keyring'>;
  } = {},
) {
  const challenges = await purgeSpentChallenges(database.db, now);
  await pruneThrottles(database.db, new Date(now.getTime() - THROTTLE_MEMORY_MS));
  const teamMemberships = await runTeamExpiry(database, now);
  const taskReminders = await runTaskReminders(database, now, options.keyring);
  const assessmentReviews = await runAssessmentReviewReminders(database, now, options.keyring);
  const overdueMeasures = await runMeasureEscalation(database, now, options.keyring);
  const dangerAlerts = await runDangerEscalation(database, now, options.keyring);
  // Keeps the audit viewer's verification status fresh (audit-verification.ts).
  const auditVerifications = await runAuditVerification(database, now);
  // Once a day per tenant, whichever instance comes first (retention.ts).
  const retention = options.keyring
    ? await runRetention({ ...options.retention, database, keyring: options.keyring }, now)
    : undefined;
  // Admins hear once per cycle when their access review is due (access-review-reminders.ts).
  const accessReviewReminders = options.keyring
    ? await runAccessReviewReminders(database, now, options.keyring)
    : undefined;
  return {
    challenges,
    teamMemberships,
    taskReminders,
    assessmentReviews,
    overdueMeasures,
    dangerAlerts,
    auditVerifications,
    retention,
    accessReviewReminders,
  };
}

export interface Housekeeping {
  stop(): void;
}

/**
 * Runs housekeeping every `intervalMs` (default 1 minute: an owner hears of an ended membership within a
 * minute) until stopped. Failures are logged, not fatal. With `keyring`, task reminders go out by e-mail too.
 */
export function startHousekeeping(
  database: Database,
  logger: Logger,
  options: {
    intervalMs?: number;
    keyring?: Keyring;
    retention?: Omit<RetentionJobDependencies, 'database' | 'keyring' | 'onProblem'>;
  } = {},
): Housekeeping {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runHousekeeping(database, new Date(), {
      keyring: options.keyring,
      retention: {
        ...options.retention,
        onProblem: ({ error, message }) => logger.warn({ err: error }, message),
      },
    })
      .catch((error: unknown) => logger.warn({ err: error }, 'housekeeping failed; trying again later'))
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
