import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { pruneThrottles } from '../modules/identity/store.ts';
import { purgeSpentChallenges } from '../modules/proof-of-work/proof-of-work.ts';
import { runTeamExpiry } from './team-expiry.ts';

/** Throttle rows older than this, with no lockout running, are forgotten. */
const THROTTLE_MEMORY_MS = 24 * 60 * 60_000;

/**
 * One round of housekeeping: forgets spent proof-of-work challenges that have expired and old login and
 * receipt throttle rows, and records case-team memberships that have ended (telling the owners).
 * Idempotent, so every instance may run it.
 */
export async function runHousekeeping(database: Database, now: Date = new Date()) {
  const challenges = await purgeSpentChallenges(database.db, now);
  await pruneThrottles(database.db, new Date(now.getTime() - THROTTLE_MEMORY_MS));
  const teamMemberships = await runTeamExpiry(database, now);
  return { challenges, teamMemberships };
}

export interface Housekeeping {
  stop(): void;
}

/**
 * Runs housekeeping every `intervalMs` (default 1 minute: an owner hears of an ended membership within a
 * minute) until stopped. Failures are logged, not fatal.
 */
export function startHousekeeping(database: Database, logger: Logger, intervalMs = 60_000): Housekeeping {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runHousekeeping(database)
      .catch((error: unknown) => logger.warn({ err: error }, 'housekeeping failed; trying again later'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
