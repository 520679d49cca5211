import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { countFailure, findThrottles, lockThrottle } from '../identity/store.ts';

// Wrong receipts are counted per tenant portal, not per client: the portal keeps no address. A receipt has
// 10^16 values behind argon2id, so guessing is hopeless anyway; the throttle makes a run of failures slower
// still, while a reporter who mistypes a few times never notices.

export interface ReceiptThrottleOptions {
  /** Failures within the window that cost nothing. */
  freeFailures: number;
  /** Each failure beyond that blocks the portal's receipt logins for base × 2^(n−1) s, at most max. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  windowMinutes: number;
}

export const DEFAULT_RECEIPT_THROTTLE: Readonly<ReceiptThrottleOptions> = {
  freeFailures: 10,
  baseDelaySeconds: 1,
  maxDelaySeconds: 30,
  windowMinutes: 15,
};

const throttleKey = (tenantId: string) =>
  createHash('sha256').update(`tma-receipt\u0000${tenantId}`).digest();

export class ReceiptThrottle {
  readonly options: ReceiptThrottleOptions;
  readonly #database: Database;

  constructor(database: Database, options: Partial<ReceiptThrottleOptions> = {}) {
    this.#database = database;
    this.options = { ...DEFAULT_RECEIPT_THROTTLE, ...options };
  }

  /** Seconds until the tenant's portal takes the next receipt; 0 when it takes one now. */
  async retryAfterSeconds(tenantId: string, now: Date): Promise<number> {
    const [row] = await findThrottles(this.#database.db, [throttleKey(tenantId)]);
    const until = row?.locked_until?.getTime() ?? 0;
    return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
  }

  async recordFailure(tenantId: string, now: Date): Promise<void> {
    const { options } = this;
    const key = throttleKey(tenantId);
    const windowStart = new Date(now.getTime() - options.windowMinutes * 60_000);
    const failures = await countFailure(this.#database.db, key, 'receipt', now, windowStart);
    if (failures <= options.freeFailures) return;
    const seconds = Math.min(
      options.baseDelaySeconds * 2 ** (failures - options.freeFailures - 1),
      options.maxDelaySeconds,
    );
    await lockThrottle(this.#database.db, key, new Date(now.getTime() + seconds * 1000));
  }
}
