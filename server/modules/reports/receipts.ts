import { randomInt } from 'node:crypto';
import { argon2idDigest } from '../identity/passwords.ts';

// A receipt is 16 random decimal digits (53 bits): easy to write down and read out on the phone, and, behind
// a slow hash, far too many to guess. It is shown once and stored only as argon2id under the tenant's salt.

export const RECEIPT_DIGITS = 16;

/** A fresh receipt, digits only. */
export function newReceipt(): string {
  let digits = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

/** `1234 5678 9012 3456`: how the receipt is shown. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The digits of a receipt as typed (spaces, dashes and dots allowed between them); null if it cannot be one. */
export function normaliseReceipt(input: string): string | null {
  const digits = input.replace(/[\s.\-–]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

/** The stored form of a receipt: argon2id under the tenant's receipt salt. */
export function hashReceipt(digits: string, tenantSalt: Buffer): Promise<Buffer> {
  return argon2idDigest(`tma-receipt:${digits}`, tenantSalt, 32);
}
