import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionRow } from './store.ts';

export const SESSION_COOKIE = 'tma_session';
/** last_seen_at is written at most this often, to spare the database a write per request. */
export const TOUCH_INTERVAL_MS = 60_000;
const USER_AGENT_MAX = 200;

/** How long sessions last (from configuration). */
export interface SessionTimeouts {
  idleMinutes: number;
  maxHours: number;
}

/** A new random session token (32 bytes, base64url) and the SHA-256 that is all the database keeps. */
export function newSessionToken(): { token: string; tokenHash: Buffer } {
  const bytes = randomBytes(32);
  return { token: bytes.toString('base64url'), tokenHash: createHash('sha256').update(bytes).digest() };
}

/** The hash of a cookie's token, or null when the value cannot be a token of ours. */
export function hashSessionToken(token: string | undefined): Buffer | null {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return createHash('sha256').update(Buffer.from(token, 'base64url')).digest();
}

export function newCsrfSecret(): Buffer {
  return randomBytes(32);
}

/** The session's CSRF token: derived from its secret, so every call for the session gives the same one. */
export function csrfToken(session: Pick<SessionRow, 'id' | 'csrf_secret'>): string {
  return createHmac('sha256', session.csrf_secret).update(`tma-csrf:${session.id}`).digest('base64url');
}

export function csrfTokenMatches(
  session: Pick<SessionRow, 'id' | 'csrf_secret'>,
  presented: unknown,
): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfToken(session));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function idleExpiry(
  session: Pick<SessionRow, 'last_seen_at' | 'expires_at'>,
  timeouts: SessionTimeouts,
): Date {
  const idle = session.last_seen_at.getTime() + timeouts.idleMinutes * 60_000;
  return new Date(Math.min(idle, session.expires_at.getTime()));
}

/** Whether the session may still be used at `now`: not revoked, not idle too long, not past its end. */
export function sessionIsLive(
  session: Pick<SessionRow, 'last_seen_at' | 'expires_at' | 'revoked_at'>,
  timeouts: SessionTimeouts,
  now: Date,
): boolean {
  return session.revoked_at === null && idleExpiry(session, timeouts).getTime() > now.getTime();
}

/** The user agent shortened for the session list, or null. */
export function shortUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const clean = userAgent.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean ? [...clean].slice(0, USER_AGENT_MAX).join('') : null;
}
