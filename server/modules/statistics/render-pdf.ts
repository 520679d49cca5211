import PDFDocument from 'pdfkit';
import {
  applyStyle,
  COLORS,
  FONTS,
  horizontalRule,
  keepTogether,
  type PdfDocument,
  paragraph,
  type Run,
  STYLES,
  sectionHeading,
  table,
} from '../case-report/layout.ts';
import { type StatisticsLabels, statisticsLabels } from './labels.ts';
import type { QuarterStatistics, StatisticsTable } from './schemas.ts';

// The published statistics as a PDF (A4, DejaVu embedded so umlauts print), laid out with the case report's
// primitives. Made from the published figures only: a suppressed count is never in reach of this file.

const TITLE_STYLE = { font: FONTS.bold, size: 18, color: COLORS.heading };
const COLUMNS = (labels: StatisticsLabels) => [
  { header: labels.columns.item, share: 0.75 },
  { header: labels.columns.count, share: 0.25 },
];

function countTable(doc: PdfDocument, labels: StatisticsLabels, data: StatisticsTable): void {
  const rows: Run[][] = data.rows.map((row) => [
    { text: row.label, style: STYLES.cell },
    { text: String(row.count), style: STYLES.cell },
  ]);
  rows.push([
    { text: labels.total, style: STYLES.strong },
    { text: String(data.total), style: STYLES.strong },
  ]);
  table(doc, COLUMNS(labels), rows);
}

function section(
  doc: PdfDocument,
  labels: StatisticsLabels,
  title: string,
  note: string,
  data: StatisticsTable,
): void {
  sectionHeading(doc, title, 90);
  paragraph(doc, { text: note, style: STYLES.small });
  doc.y += 4;
  countTable(doc, labels, data);
}

function footer(doc: PdfDocument, labels: StatisticsLabels, statistics: QuarterStatistics): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index += 1) {
    doc.switchToPage(start + index);
    const margins = doc.page.margins;
    // Text in the margin must not make pdfkit open another page.
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    const y = doc.page.height - 40;
    const left = margins.left;
    const right = doc.page.width - margins.right;
    doc
      .save()
      .moveTo(left, y - 6)
      .lineTo(right, y - 6)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke()
      .restore();
    applyStyle(doc, { font: FONTS.regular, size: 8, color: COLORS.muted });
    doc.text(labels.title(statistics.quarter), left, y, { lineBreak: false });
    const pageOf = labels.pageOf(index + 1, count);
    doc.text(pageOf, right - doc.widthOfString(pageOf), y, { lineBreak: false });
    doc.page.margins = margins;
  }
}

function writeStatistics(doc: PdfDocument, statistics: QuarterStatistics): void {
  const labels = statisticsLabels(statistics.language);
  applyStyle(doc, TITLE_STYLE).text(labels.title(statistics.quarter), { width: 480 });
  doc.y += 4;
  paragraph(doc, { text: labels.period(statistics.firstDay, statistics.lastDay), style: STYLES.body });
  paragraph(doc, { text: labels.generated(new Date(statistics.generatedAt)), style: STYLES.label });
  if (!statistics.complete) {
    doc.y += 4;
    paragraph(doc, { text: labels.provisional, style: { ...STYLES.strong, color: COLORS.alert } });
  }
  doc.y += 8;
  paragraph(doc, { text: labels.intro, style: STYLES.body });
  doc.y += 4;
  for (const text of [labels.legend.small, labels.legend.withheld, labels.legend.zero])
    paragraph(doc, { text, style: STYLES.label });
  horizontalRule(doc, doc.y + 6);
  doc.y += 6;
  const { sections, notes } = labels;
  section(doc, labels, sections.reportsByChannel, notes.reports, statistics.reports.byChannel);
  section(doc, labels, sections.reportsByAnonymity, notes.reports, statistics.reports.byAnonymity);
  section(doc, labels, sections.casesByCategory, notes.cases, statistics.cases.byCategory);
  section(doc, labels, sections.casesByLevel, `${notes.cases} ${notes.level}`, statistics.cases.byLevel);
  sectionHeading(doc, sections.firstAssessment, 60);
  paragraph(doc, { text: notes.firstAssessment, style: STYLES.small });
  doc.y += 4;
  const median = statistics.cases.medianDaysToFirstAssessment;
  keepTogether(doc, 30);
  table(doc, COLUMNS(labels), [
    [
      { text: labels.medianDays, style: STYLES.cell },
      { text: median === null ? labels.medianWithheld : labels.days(median), style: STYLES.cell },
    ],
  ]);
  section(doc, labels, sections.measuresByType, notes.measuresByType, statistics.measures.byType);
  section(doc, labels, sections.measuresByOutcome, notes.measuresByOutcome, statistics.measures.byOutcome);
  footer(doc, labels, statistics);
}

/** The statistics as PDF bytes. */
export async function renderStatisticsPdf(statistics: QuarterStatistics): Promise<Buffer> {
  const labels = statisticsLabels(statistics.language);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    font: FONTS.regular,
    lang: labels.languageTag,
    displayTitle: true,
    info: {
      Title: labels.title(statistics.quarter),
      Producer: 'TMA',
      Creator: 'TMA',
      CreationDate: new Date(statistics.generatedAt),
    },
  });
  const pieces: Buffer[] = [];
  doc.on('data', (piece: Buffer) => pieces.push(piece));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  writeStatistics(doc, statistics);
  doc.end();
  await ended;
  return Buffer.concat(pieces);
}
