import { hkdfSync } from 'node:crypto';

/**
 * Every key TMA derives from a scope's data key, with its HKDF label. One list, so no two uses can share a
 * key by accident. The labels are stored nowhere but are part of every token and challenge ever issued:
 * never change one.
 */
export const KEY_PURPOSES = {
  /** HMAC key of the reporter's dialogue tokens (server/modules/reports/reporter-token.ts). */
  'portal.reporter_token': 'tma/portal/reporter-token',
  /** HMAC secret of the portal's proof-of-work challenges (server/modules/portal/proof-of-work.ts). */
  'portal.proof_of_work': 'tma/portal/proof-of-work',
} as const;

export type KeyPurpose = keyof typeof KEY_PURPOSES;

/** A 256-bit key for one purpose, derived from a data key with HKDF-SHA256. */
export function deriveKeyFor(dataKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), KEY_PURPOSES[purpose], 32));
}
