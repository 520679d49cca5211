import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { type ReportLabels, reportLabels } from './labels.ts';
import { FONTS, type PdfDocument } from './layout.ts';
import { markPages } from './page-marks.ts';
import type { CaseReportData } from './report-data.ts';
import {
  documentsSection,
  extraSection,
  factsTable,
  journalEntry,
  journalHeading,
  personsSection,
  reportsSection,
  summarySection,
  tasksSection,
  titleBlock,
} from './sections.ts';

/**
 * The case report as a PDF stream (A4, fonts embedded). The same data gives the same bytes: pdfkit derives
 * the file id from the document info, whose only date is the export time.
 */
export function renderCaseReport(data: CaseReportData): Readable {
  const labels = reportLabels(data.language);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 64, left: 56, right: 56 },
    // Pages stay open until the end so each can be told the page count and given its watermark.
    bufferPages: true,
    font: FONTS.regular,
    lang: labels.languageTag,
    displayTitle: true,
    // Metadata shows in file lists and search indexes: no case title, no names.
    info: {
      Title: labels.documentTitle(data.case.reference),
      Producer: 'TMA',
      Creator: 'TMA',
      CreationDate: data.exportedAt,
    },
  });
  writeReport(doc, data, labels).catch((error: unknown) => doc.destroy(error as Error));
  return doc;
}

// Two thousand journal entries take about a second to lay out: the renderer gives the event loop back every
// few dozen entries so the server goes on answering other requests meanwhile.
const ENTRIES_PER_TURN = 50;

async function writeReport(doc: PdfDocument, data: CaseReportData, labels: ReportLabels): Promise<void> {
  titleBlock(doc, data, labels);
  factsTable(doc, data, labels);
  summarySection(doc, data.case.summary, labels);
  personsSection(doc, data.persons, labels);
  reportsSection(doc, data.reports, labels);
  for (const section of data.extraSections ?? []) extraSection(doc, section, labels);
  tasksSection(doc, data.tasks, labels);
  documentsSection(doc, data.documents, labels);
  journalHeading(doc, data.journal.length, labels);
  for (const [index, entry] of data.journal.entries()) {
    if (index > 0 && index % ENTRIES_PER_TURN === 0) {
      await nextTurn();
      // The reader went away (a closed download): stop laying out pages nobody will receive.
      if (doc.destroyed) return;
    }
    journalEntry(doc, entry, labels, index > 0);
  }
  markPages(doc, data, labels);
  doc.end();
}
