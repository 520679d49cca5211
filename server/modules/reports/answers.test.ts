import { describe, expect, it } from 'vitest';
import { assertFormDefinition, defaultReportForm, indicatesDanger, validateAnswers } from './answers.ts';
import { addDays, addMonths } from './days.ts';
import { formatReceipt, hashReceipt, newReceipt, normaliseReceipt } from './receipts.ts';
import { issueReporterToken, verifyReporterToken } from './reporter-token.ts';

const TODAY = '2026-12-01';
const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { fields?: unknown }).fields;
  }
  throw new Error('expected an error');
};

describe('report answers', () => {
  it('keeps valid answers, trimmed, and drops empty optional ones', () => {
    expect(
      validateAnswers(
        defaultReportForm,
        {
          immediate_danger: 'unsure',
          description: '  Er hat gedroht.  ',
          where: '',
          when: '2026-11-30',
          warning_signs: ['threat'],
          persons: [{ role: 'witness', name: ' Ana ', description: '' }],
        },
        TODAY,
      ),
    ).toEqual({
      immediate_danger: 'unsure',
      description: 'Er hat gedroht.',
      when: '2026-11-30',
      warning_signs: ['threat'],
      persons: [{ role: 'witness', name: 'Ana', description: '' }],
    });
  });

  it('names every problem by field', () => {
    expect(
      problems(() =>
        validateAnswers(
          defaultReportForm,
          {
            immediate_danger: 'perhaps',
            where: 'line one\nline two',
            when: '2027-01-01',
            warning_signs: ['threat', 'threat'],
            persons: [{ role: 'boss', name: 'X', description: '' }],
            favourite_colour: 'blue',
          },
          TODAY,
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'answers.favourite_colour', message: 'is not a question of this form' },
        { path: 'answers.immediate_danger', message: 'must be one of the options' },
        { path: 'answers.description', message: 'is required' },
        { path: 'answers.where', message: 'must be a single line' },
        { path: 'answers.when', message: 'must not be in the future' },
        { path: 'answers.warning_signs', message: 'must not repeat an option' },
        { path: 'answers.persons', message: 'has an unknown role' },
      ]),
    );
    expect(
      problems(() =>
        validateAnswers(
          defaultReportForm,
          { description: 'x', immediate_danger: 'no', when: '2026-02-30' },
          TODAY,
        ),
      ),
    ).toEqual([{ path: 'answers.when', message: 'must be a day as YYYY-MM-DD' }]);
  });

  it('flags danger by the form’s rule', () => {
    expect(indicatesDanger(defaultReportForm, { immediate_danger: 'yes' })).toBe(true);
    expect(indicatesDanger(defaultReportForm, { immediate_danger: 'unsure' })).toBe(false);
  });

  it('refuses a form whose references do not resolve', () => {
    const broken = structuredClone(defaultReportForm) as typeof defaultReportForm;
    const section = broken.sections[0] as (typeof broken.sections)[number];
    section.items.push({ ...(section.items[0] as (typeof section.items)[number]), id: 'immediate_danger' });
    broken.danger = { itemId: 'description', codes: ['yes'] };
    expect(problems(() => assertFormDefinition(broken))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: 'duplicate item id immediate_danger' }),
        { path: 'danger.itemId', message: 'must name a choice item of the form' },
      ]),
    );
    expect(() => assertFormDefinition({ kind: 'ReportForm' })).toThrow(
      expect.objectContaining({ code: 'report_form_invalid' }),
    );
  });
});

describe('receipts', () => {
  it('are 32 digits (16 from earlier releases), shown in groups, read back with or without separators', async () => {
    const receipt = newReceipt();
    expect(receipt).toMatch(/^\d{32}$/);
    expect(newReceipt()).not.toBe(receipt);
    expect(formatReceipt(receipt)).toMatch(/^\d{4}( \d{4}){7}$/);
    expect(formatReceipt('1234567890123456')).toBe('1234 5678 9012 3456');
    expect(normaliseReceipt(` ${formatReceipt(receipt).replaceAll(' ', '-')} `)).toBe(receipt);
    expect(normaliseReceipt(' 1234-5678 9012.3456 ')).toBe('1234567890123456');
    expect(normaliseReceipt('1234 5678 9012 345')).toBeNull();
    expect(normaliseReceipt(`${receipt}1`)).toBeNull();
    expect(normaliseReceipt('abcd efgh ijkl mnop')).toBeNull();
    const salt = Buffer.alloc(16, 7);
    const hash = await hashReceipt(receipt, salt);
    expect(hash).toHaveLength(32);
    expect((await hashReceipt(receipt, salt)).equals(hash)).toBe(true);
    expect((await hashReceipt(receipt, Buffer.alloc(16, 8))).equals(hash)).toBe(false);
  });
});

describe('reporter tokens', () => {
  const key = Buffer.alloc(32, 1);
  const now = new Date('2026-12-01T10:00:00Z');
  it('carry the report id until they expire, and fail when altered or signed with another key', () => {
    const { token, expiresAt } = issueReporterToken(key, 'report-1', now);
    expect(expiresAt.toISOString()).toBe('2026-12-01T10:30:00.000Z');
    expect(verifyReporterToken(key, token, now)).toBe('report-1');
    expect(verifyReporterToken(key, token, new Date('2026-12-01T10:30:01Z'))).toBeNull();
    expect(verifyReporterToken(Buffer.alloc(32, 2), token, now)).toBeNull();
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ r: 'report-2', e: 1e12 })).toString('base64url');
    expect(verifyReporterToken(key, `${forged}.${signature}`, now)).toBeNull();
    expect(verifyReporterToken(key, `${payload}.${signature}.x`, now)).toBeNull();
    expect(verifyReporterToken(key, 'garbage', now)).toBeNull();
  });
});

describe('days', () => {
  it('add days and months in UTC, clamping to the month’s end', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
  });
});
