import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { formatDateTime, formatDay } from '../case-report/formats.ts';
import {
  applyStyle,
  COLORS,
  contentLeft,
  contentWidth,
  FONTS,
  heightOf,
  labelValueRows,
  type PdfDocument,
  paragraph,
  type Run,
  STYLES,
  sectionHeading,
  table,
} from '../case-report/layout.ts';
import { type CertificateLabels, type CertificateLanguage, certificateLabels } from './labels.ts';

/** Everything a deletion certificate prints: ids, references, dates, codes, counts and staff names. */
export interface CertificateData {
  language: CertificateLanguage;
  exportId: string;
  organisation: string;
  objectType: 'case' | 'report';
  reference: string;
  unit: string;
  /** A case's opening time; a report has only its day of receipt. */
  opened: { at: Date } | { on: string };
  closed: { at: Date } | { on: string } | null;
  /** The case a deleted report belonged to, if any. */
  caseReference: string | null;
  deletedAt: Date;
  reason: string;
  deletedBy:
    | { kind: 'user'; name: string | null }
    | { kind: 'operator' }
    | { kind: 'retention_policy'; rule: string };
  approvedBy: string | null;
  counts: Record<string, number>;
  /** The reports deleted with a case. */
  reports: Array<{ reference: string; receivedOn: string }>;
}

/**
 * The certificate as a PDF stream (A4, DejaVu embedded, compressed). The same data gives the same bytes:
 * pdfkit derives the file id from the document info, whose only date is the deletion time.
 */
export function renderDeletionCertificate(data: CertificateData): Readable {
  const labels = certificateLabels(data.language);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    font: FONTS.regular,
    lang: labels.languageTag,
    displayTitle: true,
    info: {
      Title: labels.documentTitle(data.reference),
      Producer: 'TMA',
      Creator: 'TMA',
      CreationDate: data.deletedAt,
    },
  });
  try {
    write(doc, data, labels);
  } catch (error) {
    doc.destroy(error as Error);
  }
  return doc;
}

const plain = (text: string, style = STYLES.body): Run => ({ text, style });
const muted = (text: string): Run => ({ text, style: { ...STYLES.body, color: COLORS.muted } });

function moment(value: { at: Date } | { on: string }, language: CertificateLanguage): string {
  return 'at' in value ? formatDateTime(value.at, language) : formatDay(value.on, language);
}

/** The reason in words, with its code where the words differ from it (the code is what the audit log holds). */
function reasonText(reason: string, labels: CertificateLabels): string {
  const words = labels.reasons[reason] ?? reason;
  return words === reason ? reason : `${words} (${reason})`;
}

function deleter(data: CertificateData, labels: CertificateLabels): string {
  const by = data.deletedBy;
  if (by.kind === 'operator') return labels.operator;
  if (by.kind === 'retention_policy') return labels.retentionPolicy(by.rule);
  return by.name ?? labels.unknownUser;
}

function write(doc: PdfDocument, data: CertificateData, labels: CertificateLabels): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  applyStyle(doc, { font: FONTS.bold, size: 22, color: COLORS.heading }).text(labels.title, x, doc.y, {
    width,
  });
  doc.y += 2;
  paragraph(doc, plain(data.reference, { font: FONTS.bold, size: 14, color: COLORS.text }));
  paragraph(doc, plain(labels.subtitle(data.organisation), STYLES.label));
  doc.y += 12;

  const { facts } = labels;
  const rows: Array<[string, Run]> = [
    [facts.object, plain(`${labels.objectType[data.objectType]} ${data.reference}`, STYLES.strong)],
    [facts.unit, plain(data.unit)],
    [data.objectType === 'case' ? facts.opened : facts.received, plain(moment(data.opened, data.language))],
    [facts.closed, data.closed ? plain(moment(data.closed, data.language)) : muted(labels.notClosed)],
  ];
  if (data.caseReference) rows.push([facts.caseOfReport, plain(data.caseReference)]);
  rows.push(
    [facts.deleted, plain(formatDateTime(data.deletedAt, data.language), STYLES.strong)],
    [facts.reason, plain(reasonText(data.reason, labels))],
    [facts.deletedBy, plain(deleter(data, labels))],
    [facts.approvedBy, data.approvedBy ? plain(data.approvedBy) : muted(labels.noApproval)],
  );
  labelValueRows(doc, rows, 150);

  sectionHeading(doc, labels.countsHeading);
  // Two pairs a row, so that even a full case fits on one page.
  const counted = Object.entries(data.counts).map(([key, value]) => [
    plain(labels.counts[key] ?? key, STYLES.cell),
    plain(String(value), STYLES.cell),
  ]);
  const pairs: Run[][] = [];
  for (let index = 0; index < counted.length; index += 2)
    pairs.push([...(counted[index] ?? []), ...(counted[index + 1] ?? [plain(''), plain('')])]);
  const countColumns = [
    { header: labels.countColumns.what, share: 0.36 },
    { header: labels.countColumns.count, share: 0.14 },
  ];
  table(doc, [...countColumns, ...countColumns], pairs);

  if (data.reports.length > 0) {
    sectionHeading(doc, labels.reportsHeading);
    table(
      doc,
      [
        { header: labels.reportColumns.reference, share: 0.5 },
        { header: labels.reportColumns.received, share: 0.5 },
      ],
      data.reports.map((report) => [
        plain(report.reference, STYLES.cell),
        plain(formatDay(report.receivedOn, data.language), STYLES.cell),
      ]),
    );
  }

  sectionHeading(doc, labels.statementHeading);
  paragraph(doc, plain(labels.statement(data.objectType)));
  // The export id and how to check the file: a small note, kept whole.
  doc.y += 10;
  const note = plain(labels.verify(data.exportId), STYLES.small);
  if (doc.y + heightOf(doc, note, width) > doc.page.height - doc.page.margins.bottom) doc.addPage();
  paragraph(doc, note);
  markPages(doc, data, labels);
  doc.end();
}

const HEADER_BASELINE = 34;
const FOOTER_OFFSET = 40;

/** Header with the reference and footer with the export id and page number, on every page. */
function markPages(doc: PdfDocument, data: CertificateData, labels: CertificateLabels): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index += 1) {
    doc.switchToPage(start + index);
    const margins = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    edgeLine(doc, labels.header(data.reference), labels.title, HEADER_BASELINE, COLORS.heading);
    rule(doc, HEADER_BASELINE + 14);
    const y = doc.page.height - FOOTER_OFFSET;
    rule(doc, y - 6);
    edgeLine(doc, labels.footer(data.exportId), labels.pageOf(index + 1, count), y, COLORS.muted);
    doc.page.margins = margins;
  }
}

function edgeLine(doc: PdfDocument, left: string, right: string, y: number, leftColor: string): void {
  const from = doc.page.margins.left;
  const to = doc.page.width - doc.page.margins.right;
  applyStyle(doc, { font: FONTS.bold, size: 8, color: leftColor }).text(left, from, y, { lineBreak: false });
  applyStyle(doc, { font: FONTS.regular, size: 8, color: COLORS.muted });
  doc.text(right, to - doc.widthOfString(right), y, { lineBreak: false });
}

function rule(doc: PdfDocument, y: number): void {
  const from = doc.page.margins.left;
  const to = doc.page.width - doc.page.margins.right;
  doc.save().moveTo(from, y).lineTo(to, y).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
}
