import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Every key TMA derives from a scope's data key, with its HKDF label. One list, so no two uses can share a
 * key by accident. The labels are stored nowhere but are part of every token and challenge ever issued:
 * never change one.
 */
export const KEY_PURPOSES = {
  /** HMAC key of the reporter's dialogue tokens (server/modules/reports/reporter-token.ts). */
  'portal.reporter_token': 'tma/portal/reporter-token',
  /** HMAC secret of the portal's proof-of-work challenges (server/modules/proof-of-work/proof-of-work.ts). */
  'portal.proof_of_work': 'tma/portal/proof-of-work',
  /** HMAC key of the receipt index: how a receipt finds its report (server/modules/reports/receipts.ts). */
  'portal.receipt_index': 'tma/portal/receipt-index',
} as const;

export type KeyPurpose = keyof typeof KEY_PURPOSES;

/** A 256-bit key for one purpose, derived from a data key with HKDF-SHA256. */
export function deriveKeyFor(dataKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), KEY_PURPOSES[purpose], 32));
}

/**
 * Keys derived from the key of another purpose rather than from a data key: a module that must hand its
 * purpose's key to a library (the proof-of-work secret, which altcha-lib signs with) still never holds
 * these. Their labels share one namespace with KEY_PURPOSES' and are as permanent.
 */
export const SUBKEY_PURPOSES = {
  /**
   * Keys the spent records of proof-of-work challenges, so a copy of a challenge does not tell whether it
   * was used (server/modules/proof-of-work/proof-of-work.ts). From the `portal.proof_of_work` secret.
   */
  'portal.proof_of_work.spent': { parent: 'portal.proof_of_work', label: 'tma/portal/proof-of-work/spent' },
} as const satisfies Record<string, { parent: KeyPurpose; label: string }>;

export type SubkeyPurpose = keyof typeof SUBKEY_PURPOSES;

/**
 * HMAC-SHA-256 of `message` under the key of `purpose`, derived with HKDF-SHA256 from `parentKey` (the key
 * of the purpose's parent). The derived key never leaves this function.
 */
export function keyedDigest(parentKey: Buffer, purpose: SubkeyPurpose, message: string | Buffer): Buffer {
  const key = hkdfSync('sha256', parentKey, Buffer.alloc(0), SUBKEY_PURPOSES[purpose].label, 32);
  return createHmac('sha256', Buffer.from(key)).update(message).digest();
}
