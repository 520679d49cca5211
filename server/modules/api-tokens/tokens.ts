import { createHash, randomBytes } from 'node:crypto';

/** Every API token starts with this, so secret scanners and people can tell what it is. */
export const API_TOKEN_PREFIX = 'tma_';
/** How much of a token the list shows: the prefix and 8 characters (48 of its 256 bits). */
const DISPLAY_LENGTH = API_TOKEN_PREFIX.length + 8;
const TOKEN_PATTERN = /^tma_[A-Za-z0-9_-]{43}$/;

/** A new token (`tma_` + 32 random bytes, base64url), its SHA-256 and the prefix kept for display. */
export function newApiToken(): { token: string; tokenHash: Buffer; displayPrefix: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashApiToken(token) as Buffer, displayPrefix: token.slice(0, DISPLAY_LENGTH) };
}

/**
 * The SHA-256 of a token, or null when the value cannot be a token of ours. A fast hash is enough: 256
 * random bits cannot be guessed, and the hash lets the token be found by it.
 */
export function hashApiToken(token: string): Buffer | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The API token an `Authorization` header presents, or undefined when it presents none. Only
 * `Bearer tma_…` counts: any other value (a proxy's Basic credentials) is left alone.
 */
export function presentedApiToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(tma_\S*)[ \t]*$/i.exec(header);
  return match ? match[1] : undefined;
}
