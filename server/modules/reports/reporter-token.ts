import { createHmac, timingSafeEqual } from 'node:crypto';

// After a receipt login the reporter holds a short-lived bearer token. It is stateless (HMAC-signed report id
// and expiry), so no row records when a reporter came back, and every instance can check it.

export const REPORTER_TOKEN_MINUTES = 30;

const b64url = (bytes: Buffer) => bytes.toString('base64url');

export function issueReporterToken(
  key: Buffer,
  reportId: string,
  now: Date,
): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + REPORTER_TOKEN_MINUTES * 60_000);
  const payload = b64url(
    Buffer.from(JSON.stringify({ r: reportId, e: Math.floor(expiresAt.getTime() / 1000) })),
  );
  const signature = b64url(createHmac('sha256', key).update(payload).digest());
  return { token: `${payload}.${signature}`, expiresAt };
}

/** The report id of a valid, unexpired token; null otherwise. */
export function verifyReporterToken(key: Buffer, token: string, now: Date): string | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 500) return null;
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      r?: unknown;
      e?: unknown;
    };
    if (typeof claims.r !== 'string' || typeof claims.e !== 'number') return null;
    return claims.e * 1000 > now.getTime() ? claims.r : null;
  } catch {
    return null;
  }
}
