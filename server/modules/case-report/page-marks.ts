import type { ReportLabels } from './labels.ts';
import { applyStyle, COLORS, FONTS, type PdfDocument } from './layout.ts';
import type { CaseReportData } from './report-data.ts';

// What every page carries, written once the content is laid out and the page count is known: the
// confidentiality header, the footer with export id and page number, and the watermark naming who exported
// the report and when, so a printed or forwarded page still says where it came from.

const HEADER_BASELINE = 34;
const FOOTER_OFFSET = 40;

export function markPages(doc: PdfDocument, data: CaseReportData, labels: ReportLabels): void {
  const { start, count } = doc.bufferedPageRange();
  const watermark = labels.watermark(data.exportedBy, data.exportedAt);
  for (let index = 0; index < count; index += 1) {
    doc.switchToPage(start + index);
    // Text drawn in the margins must not make pdfkit think the page is full and open another one.
    const margins = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    header(doc, labels.confidentialHeader(data.case.reference), labels.reportTitle);
    footer(doc, labels.exportNote(data.exportId), labels.pageOf(index + 1, count));
    diagonalWatermark(doc, watermark);
    doc.page.margins = margins;
  }
}

function edgeLine(doc: PdfDocument, leftText: string, rightText: string, y: number, leftColor: string): void {
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  applyStyle(doc, { font: FONTS.bold, size: 8, color: leftColor }).text(leftText, left, y, {
    lineBreak: false,
  });
  applyStyle(doc, { font: FONTS.regular, size: 8, color: COLORS.muted });
  doc.text(rightText, right - doc.widthOfString(rightText), y, { lineBreak: false });
}

function rule(doc: PdfDocument, y: number): void {
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  doc.save().moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
}

function header(doc: PdfDocument, confidential: string, title: string): void {
  edgeLine(doc, confidential, title, HEADER_BASELINE, COLORS.alert);
  rule(doc, HEADER_BASELINE + 14);
}

function footer(doc: PdfDocument, exportNote: string, pageOf: string): void {
  const y = doc.page.height - FOOTER_OFFSET;
  rule(doc, y - 6);
  edgeLine(doc, exportNote, pageOf, y, COLORS.muted);
}

const WATERMARK_MAX_SIZE = 24;
const WATERMARK_MIN_SIZE = 9;

function diagonalWatermark(doc: PdfDocument, text: string): void {
  const { width, height } = doc.page;
  const diagonal = Math.hypot(width, height);
  applyStyle(doc, { font: FONTS.regular, size: 1, color: '#7a7a7a' });
  const unitWidth = doc.widthOfString(text);
  const size = Math.max(WATERMARK_MIN_SIZE, Math.min(WATERMARK_MAX_SIZE, (diagonal * 0.72) / unitWidth));
  doc.fontSize(size);
  const textWidth = doc.widthOfString(text);
  doc.save();
  doc.rotate((-Math.atan2(height, width) * 180) / Math.PI, { origin: [width / 2, height / 2] });
  doc.fillOpacity(0.18);
  doc.text(text, (width - textWidth) / 2, height / 2 - size / 2, { lineBreak: false });
  doc.restore();
}
