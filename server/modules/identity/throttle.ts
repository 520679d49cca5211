import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { clearThrottle, countFailure, findThrottles, lockThrottle, pruneThrottles } from './store.ts';

/** How failed logins slow down further attempts. Every threshold counts failures within `windowMinutes`. */
export interface ThrottleOptions {
  /** Failures of an account that cost nothing. */
  freeFailures: number;
  /** After that, each failure blocks the next attempt for base × 2^(n−1) seconds, at most `maxDelaySeconds`. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** This many failures of an account lock it for `lockoutMinutes`. */
  accountLockoutFailures: number;
  /** This many failures from one client address (any account) lock the address for `lockoutMinutes`. */
  addressLockoutFailures: number;
  lockoutMinutes: number;
  windowMinutes: number;
}

export const DEFAULT_THROTTLE: Readonly<ThrottleOptions> = {
  freeFailures: 3,
  baseDelaySeconds: 2,
  maxDelaySeconds: 60,
  accountLockoutFailures: 10,
  addressLockoutFailures: 50,
  lockoutMinutes: 15,
  windowMinutes: 60,
};

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest();

/** Keys of the throttle rows: hashes, so the table holds neither e-mail addresses nor client addresses. */
export function throttleKeys(
  tenantSlug: string,
  email: string,
  address: string,
): { account: Buffer; address: Buffer } {
  return {
    account: hash('tma-login-account', tenantSlug, email),
    address: hash('tma-login-address', address),
  };
}

/** Failed-login bookkeeping per account and per client address, shared by all instances through the database. */
export class LoginThrottle {
  readonly options: ThrottleOptions;
  readonly #database: Database;

  constructor(database: Database, options: Partial<ThrottleOptions> = {}) {
    this.#database = database;
    this.options = { ...DEFAULT_THROTTLE, ...options };
  }

  /** Seconds until either key may try again; 0 when neither is blocked. */
  async retryAfterSeconds(keys: { account: Buffer; address: Buffer }, now: Date): Promise<number> {
    const rows = await findThrottles(this.#database.db, [keys.account, keys.address]);
    const until = Math.max(0, ...rows.map((row) => row.locked_until?.getTime() ?? 0));
    return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
  }

  async recordFailure(keys: { account: Buffer; address: Buffer }, now: Date): Promise<void> {
    const { options } = this;
    const windowStart = new Date(now.getTime() - options.windowMinutes * 60_000);
    const db = this.#database.db;
    const accountFailures = await countFailure(db, keys.account, 'account', now, windowStart);
    const addressFailures = await countFailure(db, keys.address, 'address', now, windowStart);
    const lockout = new Date(now.getTime() + options.lockoutMinutes * 60_000);
    if (accountFailures >= options.accountLockoutFailures) {
      await lockThrottle(db, keys.account, lockout);
    } else if (accountFailures > options.freeFailures) {
      const exponent = accountFailures - options.freeFailures - 1;
      const seconds = Math.min(options.baseDelaySeconds * 2 ** exponent, options.maxDelaySeconds);
      await lockThrottle(db, keys.account, new Date(now.getTime() + seconds * 1000));
    }
    if (addressFailures >= options.addressLockoutFailures) await lockThrottle(db, keys.address, lockout);
  }

  /** A successful login forgets the account's failures (not the address's). */
  async recordSuccess(keys: { account: Buffer }, now: Date): Promise<void> {
    await clearThrottle(this.#database.db, keys.account);
    await pruneThrottles(
      this.#database.db,
      new Date(now.getTime() - Math.max(this.options.windowMinutes, this.options.lockoutMinutes) * 60_000),
    );
  }
}
