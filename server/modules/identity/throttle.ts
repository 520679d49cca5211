import { createHmac, randomBytes } from 'node:crypto';
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

/**
 * Keys of the throttle rows: HMAC-SHA-256 under the installation's `login-throttle` system key, so the
 * table holds neither e-mail addresses nor client addresses, and neither can be found again by trying
 * every IPv4 address (or a list of e-mail addresses) without that key.
 */
export function throttleKeys(
  secret: Buffer,
  tenantSlug: string,
  email: string,
  address: string,
): { account: Buffer; address: Buffer } {
  if (secret.length < 32) throw new TypeError('the login throttle key must have at least 32 bytes');
  const mac = (...parts: string[]) => createHmac('sha256', secret).update(parts.join('\u0000')).digest();
  return {
    account: mac('tma-login-account', tenantSlug, email),
    address: mac('tma-login-address', address),
  };
}

/**
 * A random throttle key of this process alone, for tests and services that do not throttle logins. The
 * server passes the shared `login-throttle` system key instead: instances keyed apart would count apart.
 */
export function ephemeralThrottleKey(): () => Promise<Buffer> {
  const key = Promise.resolve(randomBytes(32));
  return () => key;
}

/** Failed-login bookkeeping per account and per client address, shared by all instances through the database. */
export class LoginThrottle {
  readonly options: ThrottleOptions;
  readonly #database: Database;
  readonly #secret: () => Promise<Buffer>;

  /** `secret`: the `login-throttle` system key, the same on every instance (systemKeyLoader). */
  constructor(database: Database, secret: () => Promise<Buffer>, options: Partial<ThrottleOptions> = {}) {
    this.#database = database;
    this.#secret = secret;
    this.options = { ...DEFAULT_THROTTLE, ...options };
  }

  /** The row keys of an account (tenant and e-mail) and of a client address. */
  async keys(
    tenantSlug: string,
    email: string,
    address: string,
  ): Promise<{ account: Buffer; address: Buffer }> {
    return throttleKeys(await this.#secret(), tenantSlug, email, address);
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
