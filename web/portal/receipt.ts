// A receipt is 32 digits, shown as eight groups of four (the server's reports/receipts.ts); receipts of
// earlier releases have 16 and keep working. Reporters type it back with or without spaces, or with dashes
// or dots as they wrote it down.

export const RECEIPT_DIGITS = 32;

/** The 32 (or, from an earlier release, 16) digits of a receipt as typed; null if the input cannot be one. */
export function normaliseReceipt(input: string): string | null {
  const digits = input.replace(/[\s.\-–]/g, '');
  return /^(?:\d{32}|\d{16})$/.test(digits) ? digits : null;
}

/** `1234 5678 9012 3456 …`: digits in groups of four (anything not a digit is dropped). */
export function formatReceipt(input: string): string {
  return input.replace(/\D/g, '').replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The groups of a receipt, for showing each one on its own. */
export function receiptGroups(input: string): string[] {
  return formatReceipt(input).split(' ').filter(Boolean);
}

/**
 * The receipt for screen readers, digit by digit with a pause between groups ("1 2 3 4, 5 6 7 8, …"), so
 * that it is not read out as large numbers.
 */
export function spokenReceipt(input: string): string {
  return receiptGroups(input)
    .map((group) => group.split('').join(' '))
    .join(', ');
}
