import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './case-report.ts';

describe('fileNameFromDisposition', () => {
  it('prefers the UTF-8 name to the ASCII fallback', () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="Fallbericht-C-2026-0001-_bersicht.pdf"; filename*=UTF-8''Fallbericht-C-2026-0001-%C3%9Cbersicht.pdf`,
      ),
    ).toBe('Fallbericht-C-2026-0001-Übersicht.pdf');
  });

  it('falls back to the plain name, quoted or not', () => {
    expect(fileNameFromDisposition('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(fileNameFromDisposition('attachment; filename=report.pdf')).toBe('report.pdf');
    expect(fileNameFromDisposition(`attachment; filename="a.pdf"; filename*=UTF-8''%E0%A4%A`)).toBe('a.pdf');
  });

  it('is null without a name', () => {
    expect(fileNameFromDisposition(null)).toBeNull();
    expect(fileNameFromDisposition('attachment')).toBeNull();
  });
});
