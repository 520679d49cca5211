import { createHmac, randomInt } from 'node:crypto';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { argon2idDigest } from '../identity/passwords.ts';

// A receipt is random decimal digits: easy to write down, type on a phone's number pad and read out on the
// phone. It is shown once and stored only as a keyed index, HMAC-SHA-256 under the tenant's
// `portal.receipt_index` key, which finds its report in one indexed lookup and which nobody can test a
// guess against without that key (docs/security.md, "The receipt").
//
// Receipts issued before migration 0025 have 16 digits (53 bits) and are stored as argon2id under the
// tenant's salt (`receipt_hash`): at 53 bits, the slow hash was what kept a stolen database from giving
// them away. They keep working through that hash, and gain the keyed index at their next login. New
// receipts have 32 digits (106 bits): too many to try even for someone holding the key, so a slow hash
// would add nothing but 66 ms of a core to every report.

export const RECEIPT_DIGITS = 32;
/** The length of receipts issued before the keyed index, found through their argon2id hash. */
export const LEGACY_RECEIPT_DIGITS = 16;

/** A fresh receipt, digits only. */
export function newReceipt(): string {
  let digits = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

/** `1234 5678 9012 3456 …`: how the receipt is shown, in groups of four. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The digits of a receipt as typed (spaces, dashes and dots allowed between them): 32, or 16 for a receipt
 * issued before the keyed index; null if it cannot be a receipt.
 */
export function normaliseReceipt(input: string): string | null {
  const digits = input.replace(/[\s.\-–]/g, '');
  return /^(?:\d{32}|\d{16})$/.test(digits) ? digits : null;
}

/** Whether digits are a receipt of the earlier, 16-digit kind (argon2id-hashed). */
export const isLegacyReceipt = (digits: string): boolean => digits.length === LEGACY_RECEIPT_DIGITS;

/** The stored form of a receipt: HMAC-SHA-256 of its digits under the tenant's `portal.receipt_index` key. */
export function receiptIndex(indexKey: Buffer, digits: string): Buffer {
  if (indexKey.length < 32) throw new TypeError('the receipt index key must have at least 32 bytes');
  return createHmac('sha256', indexKey).update(`tma-receipt:${digits}`, 'utf8').digest();
}

/** How a 16-digit receipt issued before the keyed index is stored: argon2id under the tenant's receipt salt. */
export function hashReceipt(digits: string, tenantSalt: Buffer): Promise<Buffer> {
  return argon2idDigest(`tma-receipt:${digits}`, tenantSalt, 32);
}

/** The tenant's receipt index key, derived from its `portal` data key. Inside the tenant's transaction. */
export async function loadReceiptIndexKey(trx: TenantTransaction, tenantKeys: TenantKeys): Promise<Buffer> {
  const portal = await tenantKeys.scope(trx, 'portal', tenantKeys.tenantId);
  return portal.deriveKey('portal.receipt_index');
}
