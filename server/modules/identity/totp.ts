import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

// RFC 6238 as every authenticator app understands it: SHA-1, 6 digits, 30-second steps.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the previous and next step are accepted too, for clocks that drift a little. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function totpFor(secretBase32: string, label = '', issuer = 'TMA'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random TOTP secret (160 bits, as RFC 4226 recommends), base32-encoded. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return totpFor(secretBase32, account, issuer).toString();
}

/** The QR code of the URI as an SVG document. */
export function totpQrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The code an authenticator shows at `at` (tests use it with a fixed clock). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to, if it is valid at `at` (± one step); undefined otherwise. The caller
 * refuses a step that is not newer than the last one accepted, so a code works only once.
 */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpFor(secretBase32).validate({ token, timestamp: at.getTime(), window: WINDOW });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

// Recovery codes: 16 characters of a 32-letter alphabet without l, o, 0 and 1 (80 random bits), shown as
// four groups of four. With that much entropy a plain SHA-256 cannot be reversed by guessing, and it lets
// the code be found by its hash; a slow hash is only needed for secrets people choose.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** New recovery codes, e.g. `k7mq-4xta-9pzc-h2ne`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((byte) => ALPHABET[byte % 32] ?? 'a');
    return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
  });
}

/** The stored form of a recovery code; tolerant of case, spaces and missing hyphens when typed. */
export function hashRecoveryCode(code: string): Buffer {
  const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(`tma-recovery:${normalised}`).digest();
}
