import { PDFDocument } from '@cantoo/pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderCaseReport } from './render-pdf.ts';
import type { CaseReportData, ReportLanguage } from './report-data.ts';
import { emptyCaseReport, SAMPLE_NAMES, sampleCaseReport } from './sample-data.ts';

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

interface ReadPdf {
  /** Each page's text. */
  pages: string[];
  hasAttachments: boolean;
  hasJavaScript: boolean;
  annotations: number;
}

// pdfkit writes glyph ids of subset fonts, so the text is only found through a PDF reader that applies the
// fonts' Unicode maps.
async function readPdf(pdf: Buffer): Promise<ReadPdf> {
  const task = getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 });
  try {
    const document = await task.promise;
    const pages: string[] = [];
    let annotations = 0;
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
      annotations += (await page.getAnnotations()).length;
    }
    const hasAttachments = (await document.getAttachments()) !== null;
    const hasJavaScript = (await document.getJSActions()) !== null;
    return { pages, hasAttachments, hasJavaScript, annotations };
  } finally {
    await task.destroy();
  }
}

/** Compares text without regard to where the PDF reader broke lines or split runs. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

const expected = {
  en: {
    title: 'Case report TM-2026-0042',
    watermark: 'Exported by Jane Doe (threat manager) on 2026-12-06 14:03 UTC',
    header: 'Confidential — TM-2026-0042',
    pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
    headings: ['Case report', 'Summary', 'Persons', 'Reports', 'Tasks', 'Documents', 'Journal'],
    facts: ['Level', 'L3 · high', 'Opened', '2026-10-01 08:15 UTC', 'Due', '2026-12-20'],
    placeholder: '[unreadable]',
    managersOnly: 'Managers only',
    none: 'None recorded.',
  },
  de: {
    title: 'Fallbericht TM-2026-0042',
    watermark: 'Exportiert von Jane Doe (Bedrohungsmanagerin) am 06.12.2026 um 14:03 UTC',
    header: 'Vertraulich — TM-2026-0042',
    pageOf: (page: number, pages: number) => `Seite ${page} von ${pages}`,
    headings: ['Fallbericht', 'Zusammenfassung', 'Personen', 'Meldungen', 'Aufgaben', 'Dokumente', 'Journal'],
    facts: [
      'Stufe',
      'L3 · hoch',
      'Eröffnet',
      '01.10.2026 08:15 UTC',
      'Fällig',
      '20.12.2026',
      'Schlagwörter',
      'Größe',
    ],
    placeholder: '[nicht lesbar]',
    managersOnly: 'Nur Bedrohungsmanagement',
    none: 'Keine Einträge.',
  },
} satisfies Record<ReportLanguage, unknown>;

describe.each(['en', 'de'] as const)('case report in %s', (language) => {
  const data = sampleCaseReport(language, 120);
  const texts = expected[language];
  const rendering = collect(renderCaseReport(data));
  const reading = rendering.then(readPdf);

  it('is a complete PDF of several pages whose metadata names only the report and its reference', async () => {
    const pdf = await rendering;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const document = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(document.getPageCount()).toBeGreaterThan(1);
    expect(document.getTitle()).toBe(texts.title);
    expect(document.getProducer()).toBe('TMA');
    expect(document.getCreator()).toBe('TMA');
    expect(document.getAuthor()).toBeUndefined();
    expect(document.getSubject()).toBeUndefined();
    expect(document.getCreationDate()?.toISOString()).toBe(data.exportedAt.toISOString());
  });

  it('carries no JavaScript, attachments or links', async () => {
    const read = await reading;
    expect(read.hasJavaScript).toBe(false);
    expect(read.hasAttachments).toBe(false);
    expect(read.annotations).toBe(0);
  });

  it('marks every page with the watermark, the confidentiality header, the export id and its number', async () => {
    const { pages } = await reading;
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((text, index) => {
      const page = squash(text);
      expect(page, `page ${index + 1}`).toContain(squash(texts.watermark));
      expect(page, `page ${index + 1}`).toContain(squash(texts.header));
      expect(page, `page ${index + 1}`).toContain(squash(`Export ${data.exportId}`));
      expect(page, `page ${index + 1}`).toContain(squash(texts.pageOf(index + 1, pages.length)));
    });
  });

  it('prints its headings and facts in the chosen language', async () => {
    const all = squash((await reading).pages.join('\n'));
    for (const text of [...texts.headings, ...texts.facts, data.exportedBy.role]) {
      expect(all).toContain(squash(text));
    }
    expect(all).toContain(squash(data.extraSections?.[0]?.title ?? 'missing'));
  });

  it('prints names in any script, placeholders for unreadable text and the managers-only marker', async () => {
    const all = squash((await reading).pages.join('\n'));
    for (const name of SAMPLE_NAMES) expect(all).toContain(squash(name));
    expect(all).toContain(squash(texts.placeholder));
    expect(all).toContain(squash(texts.managersOnly));
    // Every journal entry made it, the last one included.
    expect(all).toContain(squash('Entry 120: follow-up agreed with'));
  });

  it('renders the same bytes for the same data', async () => {
    const again = await collect(renderCaseReport(sampleCaseReport(language, 120)));
    expect(again.equals(await rendering)).toBe(true);
  });
});

describe('a case with nothing recorded', () => {
  it.each(['en', 'de'] as const)('says so under each heading (%s)', async (language) => {
    const data = emptyCaseReport(language);
    const { pages } = await readPdf(await collect(renderCaseReport(data)));
    expect(pages).toHaveLength(1);
    const page = pages[0] ?? '';
    const texts = expected[language];
    // Summary, persons, reports, tasks, documents and journal.
    expect(page.split(texts.none).length - 1).toBe(6);
    expect(squash(page)).toContain(squash(texts.placeholder));
    expect(squash(page)).toContain(squash(texts.watermark));
  });
});

describe('a long journal', () => {
  it('lays out 2 000 entries across many pages', async () => {
    const data: CaseReportData = sampleCaseReport('en', 2000);
    const pdf = await collect(renderCaseReport(data));
    const document = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(document.getPageCount()).toBeGreaterThan(100);
  });

  it('passes a failure while laying out to the reader as a stream error', async () => {
    const broken = { ...sampleCaseReport('en', 200), journal: undefined } as unknown as CaseReportData;
    await expect(collect(renderCaseReport(broken))).rejects.toThrow(TypeError);
  });

  it('stops without error when the reader goes away', async () => {
    const stream = renderCaseReport(sampleCaseReport('en', 2000));
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });
});
