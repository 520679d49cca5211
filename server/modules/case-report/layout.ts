import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

// Drawing primitives of the case report: type styles, headings, label/value rows, tables and the space
// rules that keep a heading or a table row from being split at the foot of a page.

export type PdfDocument = typeof PDFDocument;

const require = createRequire(import.meta.url);

// DejaVu Sans covers Latin, Greek and Cyrillic in full, so names print as they are written; pdfkit embeds
// only the glyphs used.
export const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  oblique: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};

export const COLORS = {
  text: '#1f2328',
  muted: '#57606a',
  heading: '#1b365d',
  rule: '#d0d7de',
  fill: '#f3f5f8',
  alert: '#9a1b1b',
  alertFill: '#fbeaea',
};

export interface TextStyle {
  font: string;
  size: number;
  color: string;
}

export const STYLES = {
  body: { font: FONTS.regular, size: 10, color: COLORS.text },
  strong: { font: FONTS.bold, size: 10, color: COLORS.text },
  label: { font: FONTS.regular, size: 9, color: COLORS.muted },
  small: { font: FONTS.regular, size: 8.5, color: COLORS.muted },
  tableHead: { font: FONTS.bold, size: 8.5, color: COLORS.muted },
  cell: { font: FONTS.regular, size: 9, color: COLORS.text },
  placeholder: { font: FONTS.oblique, size: 10, color: COLORS.alert },
  heading: { font: FONTS.bold, size: 13, color: COLORS.heading },
} satisfies Record<string, TextStyle>;

const BADGE_STYLE = { font: FONTS.bold, size: 7.5, color: COLORS.alert };

/** A piece of text with the style it prints in. */
export interface Run {
  text: string;
  style: TextStyle;
}

const LINE_GAP = 2;

export function applyStyle(doc: PdfDocument, style: TextStyle): PdfDocument {
  return doc.font(style.font).fontSize(style.size).fillColor(style.color);
}

export function contentLeft(doc: PdfDocument): number {
  return doc.page.margins.left;
}

export function contentWidth(doc: PdfDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function contentBottom(doc: PdfDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

export function atPageTop(doc: PdfDocument): boolean {
  return doc.y <= doc.page.margins.top + 1;
}

/** Starts a new page unless `height` still fits on this one (or this page is still empty). */
export function keepTogether(doc: PdfDocument, height: number): void {
  if (doc.y + height > contentBottom(doc) && !atPageTop(doc)) doc.addPage();
}

export function heightOf(doc: PdfDocument, run: Run, width: number): number {
  applyStyle(doc, run.style);
  return doc.heightOfString(run.text, { width, lineGap: LINE_GAP });
}

/** Flowing text across the content width; pdfkit carries it on to new pages. */
export function paragraph(doc: PdfDocument, run: Run): void {
  applyStyle(doc, run.style).text(run.text, contentLeft(doc), doc.y, {
    width: contentWidth(doc),
    lineGap: LINE_GAP,
  });
  doc.x = contentLeft(doc);
}

/** Runs on one line (wrapping as needed), each in its own style. */
export function inlineRuns(doc: PdfDocument, runs: Run[], width = contentWidth(doc)): void {
  const x = contentLeft(doc);
  runs.forEach((run, index) => {
    applyStyle(doc, run.style);
    const continued = index < runs.length - 1;
    if (index === 0) doc.text(run.text, x, doc.y, { width, lineGap: LINE_GAP, continued });
    else doc.text(run.text, { width, lineGap: LINE_GAP, continued });
  });
  doc.x = x;
}

export function widthOfRuns(doc: PdfDocument, runs: Run[]): number {
  return runs.reduce((sum, run) => sum + applyStyle(doc, run.style).widthOfString(run.text), 0);
}

/** A small tinted tag, its right edge at `right`, its top at `top`; the text position stays where it was. */
export function badge(doc: PdfDocument, text: string, right: number, top: number): void {
  const { x, y } = doc;
  const width = badgeWidth(doc, text);
  doc
    .save()
    .roundedRect(right - width, top - 1, width, 12, 3)
    .fill(COLORS.alertFill)
    .restore();
  applyStyle(doc, BADGE_STYLE).text(text, right - width + 5, top + 1.2, { lineBreak: false });
  doc.x = x;
  doc.y = y;
}

export function badgeWidth(doc: PdfDocument, text: string): number {
  applyStyle(doc, BADGE_STYLE);
  return doc.widthOfString(text) + 10;
}

export function horizontalRule(doc: PdfDocument, y: number, color = COLORS.rule, width = 0.5): void {
  const x = contentLeft(doc);
  doc
    .save()
    .moveTo(x, y)
    .lineTo(x + contentWidth(doc), y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
    .restore();
}

/** A section heading kept on one page with the first `leadHeight` points of what follows it. */
export function sectionHeading(doc: PdfDocument, title: string, leadHeight = 44): void {
  if (!atPageTop(doc)) doc.y += 16;
  keepTogether(
    doc,
    heightOf(doc, { text: title, style: STYLES.heading }, contentWidth(doc)) + 11 + leadHeight,
  );
  applyStyle(doc, STYLES.heading);
  doc.text(title, contentLeft(doc), doc.y, { width: contentWidth(doc) });
  horizontalRule(doc, doc.y + 2, COLORS.heading, 0.8);
  doc.y += 9;
}

const ROW_PADDING = 4;

/** Label and value rows; a value longer than a page flows on, its label stays at its start. */
export function labelValueRows(doc: PdfDocument, rows: Array<[string, Run]>, labelWidth = 130): void {
  const x = contentLeft(doc);
  const valueWidth = contentWidth(doc) - labelWidth;
  for (const [label, value] of rows) {
    const labelRun = { text: label, style: STYLES.label };
    const height = Math.max(heightOf(doc, labelRun, labelWidth - 10), heightOf(doc, value, valueWidth));
    keepTogether(doc, Math.min(height, 80) + 2 * ROW_PADDING);
    const top = doc.y + ROW_PADDING;
    const page = doc.page;
    applyStyle(doc, labelRun.style).text(label, x, top + 0.8, { width: labelWidth - 10, lineGap: LINE_GAP });
    const labelBottom = doc.y;
    applyStyle(doc, value.style).text(value.text, x + labelWidth, top, {
      width: valueWidth,
      lineGap: LINE_GAP,
    });
    const bottom = (doc.page === page ? Math.max(doc.y, labelBottom) : doc.y) + ROW_PADDING;
    horizontalRule(doc, bottom);
    doc.x = x;
    doc.y = bottom;
  }
}

export interface Column {
  header: string;
  /** Share of the content width. */
  share: number;
}

const CELL_PADDING_X = 5;
const CELL_PADDING_Y = 4;

function cellHeight(doc: PdfDocument, cells: Run[], widths: number[]): number {
  const heights = cells.map((cell, index) => heightOf(doc, cell, (widths[index] ?? 0) - 2 * CELL_PADDING_X));
  return Math.max(...heights) + 2 * CELL_PADDING_Y;
}

function tableRow(doc: PdfDocument, cells: Run[], widths: number[], rowHeight: number, fill?: string): void {
  const top = doc.y;
  if (fill) doc.save().rect(contentLeft(doc), top, contentWidth(doc), rowHeight).fill(fill).restore();
  let x = contentLeft(doc);
  cells.forEach((cell, index) => {
    const width = widths[index] ?? 0;
    applyStyle(doc, cell.style).text(cell.text, x + CELL_PADDING_X, top + CELL_PADDING_Y, {
      width: width - 2 * CELL_PADDING_X,
      // A cell taller than a page is cut with an ellipsis rather than split.
      height: rowHeight - 2 * CELL_PADDING_Y + 1,
      ellipsis: true,
      lineGap: LINE_GAP,
    });
    x += width;
  });
  horizontalRule(doc, top + rowHeight);
  doc.x = contentLeft(doc);
  doc.y = top + rowHeight;
}

function tableGeometry(doc: PdfDocument, columns: Column[]) {
  const widths = columns.map((column) => column.share * contentWidth(doc));
  const header = columns.map((column) => ({ text: column.header, style: STYLES.tableHead }));
  const headerHeight = cellHeight(doc, header, widths);
  const pageRoom = contentBottom(doc) - doc.page.margins.top - headerHeight;
  return { widths, header, headerHeight, pageRoom };
}

/** The height of a table's header and first row, which start on the same page. */
export function tableLeadHeight(doc: PdfDocument, columns: Column[], firstRow: Run[]): number {
  const { widths, headerHeight, pageRoom } = tableGeometry(doc, columns);
  return headerHeight + Math.min(cellHeight(doc, firstRow, widths), pageRoom);
}

/** A table whose header repeats on every page it runs onto; rows are never split. */
export function table(doc: PdfDocument, columns: Column[], rows: Run[][]): void {
  const { widths, header, headerHeight, pageRoom } = tableGeometry(doc, columns);
  const rowHeights = rows.map((cells) => Math.min(cellHeight(doc, cells, widths), pageRoom));
  keepTogether(doc, headerHeight + (rowHeights[0] ?? 0));
  tableRow(doc, header, widths, headerHeight, COLORS.fill);
  for (const [index, cells] of rows.entries()) {
    const rowHeight = rowHeights[index] ?? 0;
    if (doc.y + rowHeight > contentBottom(doc)) {
      doc.addPage();
      tableRow(doc, header, widths, headerHeight, COLORS.fill);
    }
    tableRow(doc, cells, widths, rowHeight);
  }
}
