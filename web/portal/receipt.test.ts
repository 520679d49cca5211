import { describe, expect, it } from 'vitest';
import { formatReceipt, normaliseReceipt, receiptGroups, spokenReceipt } from './receipt.ts';

describe('normaliseReceipt', () => {
  it('accepts the 32 digits, or 16 of an older receipt, with or without the spaces they were shown with', () => {
    expect(normaliseReceipt('1234 5678 9012 3456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234567890123456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234 5678 9012 3456 7890 1234 5678 9012')).toBe(
      '12345678901234567890123456789012',
    );
    expect(normaliseReceipt('  1234  5678\t9012 3456 ')).toBe('1234567890123456');
  });

  it('accepts dashes and dots as they may have been written down', () => {
    expect(normaliseReceipt('1234-5678-9012-3456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234.5678.9012.3456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234–5678–9012–3456')).toBe('1234567890123456');
  });

  it('refuses anything that cannot be a receipt', () => {
    expect(normaliseReceipt('')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 345')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 34567')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 3456 7890 1234 5678 901')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 3456 7890')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 345O')).toBeNull();
    expect(normaliseReceipt('١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦')).toBeNull();
  });
});

describe('formatReceipt', () => {
  it('groups the digits in fours, as the server shows them', () => {
    expect(formatReceipt('1234567890123456')).toBe('1234 5678 9012 3456');
    expect(formatReceipt('1234 5678 9012 3456')).toBe('1234 5678 9012 3456');
    expect(formatReceipt('1234-5678-9012-3456')).toBe('1234 5678 9012 3456');
  });

  it('splits into the four groups', () => {
    expect(receiptGroups('1234 5678 9012 3456')).toEqual(['1234', '5678', '9012', '3456']);
  });

  it('spells the receipt digit by digit for screen readers', () => {
    expect(spokenReceipt('1234 5678 9012 3456')).toBe('1 2 3 4, 5 6 7 8, 9 0 1 2, 3 4 5 6');
  });
});
