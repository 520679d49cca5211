import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { DEFAULT_MAX_NUMBER } from '../proof-of-work/proof-of-work.ts';
import { addDays, dayOf } from './days.ts';
import { countReceiptFailure, receiptFailuresSince } from './store.ts';

// Receipt guessing makes receipt logins dearer, never impossible (docs/security.md, "The receipt"). A wrong
// receipt matches no report, so it cannot be held against any one reporter; it is counted for the tenant's
// portal, and the count raises the proof of work every receipt login of that portal must bring: doubled
// with each doubling of the failures beyond the free ones, up to a cap a phone still solves in seconds. A
// reporter holding the right receipt therefore always gets in, whoever guesses meanwhile. Guessing stays
// infeasible through the receipt itself (10^16 values, each guess a server-side argon2id): the work only
// prices a run of guesses, and keeps them from costing the server more than the guesser.
//
// The count is kept per UTC day (a day, never a time, as everything the portal writes), and read as a
// sliding day: today's failures, and yesterday's weighted by the share of the last 24 hours that still
// falls on yesterday. No client address is involved: the portal keeps none.

export interface ReceiptThrottleOptions {
  /** Failures within the sliding day that cost nothing extra: a reporter mistyping a few times. */
  freeFailures: number;
  /** The work of every portal challenge (ALTCHA's largest counter); receipt logins start from it. */
  baseMaxNumber: number;
  /** The work doubles at most this many times: the cap is baseMaxNumber × 2^maxLevel. */
  maxLevel: number;
}

/**
 * 10 free failures, then 2×, 4×, 8× and at most 16× the base work (from 11, 21, 41 and 81 failures a
 * day): 25,000 hashes on average at the base, 400,000 at the cap, about 4 s for a slow phone's workers.
 */
export const DEFAULT_RECEIPT_THROTTLE: Readonly<ReceiptThrottleOptions> = {
  freeFailures: 10,
  baseMaxNumber: DEFAULT_MAX_NUMBER,
  maxLevel: 4,
};

const DAY_MS = 86_400_000;

/** Failures counted on today's and yesterday's UTC day, and how much of today has passed (0–1). */
export interface RecentFailures {
  today: number;
  yesterday: number;
  dayElapsed: number;
}

/** How many times the base work is doubled: 0 within the free failures, then one per doubling, capped. */
export function receiptWorkLevel(
  failures: RecentFailures,
  options: Pick<ReceiptThrottleOptions, 'freeFailures' | 'maxLevel'>,
): number {
  const recent = failures.today + failures.yesterday * (1 - failures.dayElapsed);
  if (recent <= options.freeFailures) return 0;
  return Math.min(options.maxLevel, Math.ceil(Math.log2(recent / options.freeFailures)));
}

/** The receipt-login work of a tenant's portal, from its wrong receipts. Runs in the tenant's transaction. */
export class ReceiptThrottle {
  readonly options: ReceiptThrottleOptions;

  constructor(options: Partial<ReceiptThrottleOptions> = {}) {
    this.options = { ...DEFAULT_RECEIPT_THROTTLE, ...options };
    const { freeFailures, baseMaxNumber, maxLevel } = this.options;
    if (!Number.isInteger(freeFailures) || freeFailures < 0)
      throw new RangeError('freeFailures must be a whole number ≥ 0');
    if (!Number.isInteger(maxLevel) || maxLevel < 0)
      throw new RangeError('maxLevel must be a whole number ≥ 0');
    if (!Number.isInteger(baseMaxNumber) || baseMaxNumber < 1 || baseMaxNumber * 2 ** maxLevel > 0xffffffff)
      throw new RangeError('baseMaxNumber × 2^maxLevel must be a whole number from 1 to 2^32 - 1');
  }

  /** The work (largest counter) a receipt login's challenge must ask for now. */
  async requiredWork(trx: TenantTransaction, now: Date): Promise<number> {
    const today = dayOf(now);
    const rows = await receiptFailuresSince(trx, addDays(today, -1));
    const on = (day: string) => rows.find((row) => row.day === day)?.failures ?? 0;
    const level = receiptWorkLevel(
      {
        today: on(today),
        yesterday: on(addDays(today, -1)),
        dayElapsed: (now.getTime() - Date.parse(`${today}T00:00:00Z`)) / DAY_MS,
      },
      this.options,
    );
    return this.options.baseMaxNumber * 2 ** level;
  }

  /** Counts a wrong receipt on today's UTC day, and forgets the days that no longer count. */
  async recordFailure(trx: TenantTransaction, tenantId: string, now: Date): Promise<void> {
    const today = dayOf(now);
    await countReceiptFailure(trx, { tenantId, day: today, keepFrom: addDays(today, -1) });
  }
}
