import { describe, expect, it } from 'vitest';
import { cleaningNote, formatBytes, titleFromFileName } from './document-notes.ts';

describe('cleaningNote', () => {
  it('names what was taken out of a PDF, scripts before metadata, leaving out dropped objects', () => {
    expect(
      cleaningNote({
        kind: 'pdf',
        contentType: 'application/pdf',
        cleaned: { metadata: 3, javaScript: 1, droppedObjects: 12 },
      }),
    ).toEqual({ kind: 'pdfCleaned', removed: ['javaScript', 'metadata'] });
  });

  it('says a PDF had nothing to remove', () => {
    expect(
      cleaningNote({ kind: 'pdf', contentType: 'application/pdf', cleaned: { droppedObjects: 2 } }),
    ).toEqual({
      kind: 'pdfClean',
    });
  });

  it('tells a re-encoded photo from another image', () => {
    expect(cleaningNote({ kind: 'image', contentType: 'image/jpeg', cleaned: { reencoded: 1 } }).kind).toBe(
      'photoReencoded',
    );
    expect(cleaningNote({ kind: 'image', contentType: 'image/png', cleaned: { reencoded: 1 } }).kind).toBe(
      'imageReencoded',
    );
  });

  it('says other files are kept as they came', () => {
    expect(cleaningNote({ kind: 'office', contentType: 'application/msword', cleaned: {} }).kind).toBe(
      'notCleaned',
    );
  });
});

describe('titleFromFileName', () => {
  it('drops the extension, as the server does', () => {
    expect(titleFromFileName('Drohbrief Montag.pdf')).toBe('Drohbrief Montag');
    expect(titleFromFileName('.pdf')).toBe('.pdf');
    expect(titleFromFileName('notes')).toBe('notes');
  });
});

describe('formatBytes', () => {
  it('uses the unit that fits, up to gigabytes', () => {
    expect(formatBytes(640, 'en')).toBe('640 bytes');
    expect(formatBytes(11_400, 'en')).toBe('11 kB');
    expect(formatBytes(1_494_751, 'en')).toBe('1.5 MB');
    expect(formatBytes(2 * 1024 ** 3, 'en')).toBe('2.1 GB');
    expect(formatBytes(2 * 1024 ** 3, 'de')).toBe('2,1\u00a0GB');
  });
});
