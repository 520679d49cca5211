import type { ReportLabels } from './labels.ts';
import {
  applyStyle,
  atPageTop,
  badge,
  badgeWidth,
  COLORS,
  type Column,
  contentLeft,
  contentWidth,
  FONTS,
  heightOf,
  horizontalRule,
  inlineRuns,
  keepTogether,
  labelValueRows,
  type PdfDocument,
  paragraph,
  type Run,
  STYLES,
  sectionHeading,
  table,
  tableLeadHeight,
  widthOfRuns,
} from './layout.ts';
import type {
  CaseReportData,
  ReportDocument,
  ReportJournalEntry,
  ReportPerson,
  ReportReport,
  ReportSection,
  ReportTask,
  StoredText,
} from './report-data.ts';

// The parts of the case report, top to bottom. Short parts come first and the journal, which can run to
// hundreds of pages, last, so a reader finds the overview without paging through it.

// Control characters other than line breaks would print as empty boxes or break pdfkit's line layout.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, ' ');
}

function plain(text: string, style = STYLES.body): Run {
  return { text: clean(text), style };
}

/** Stored text as printed: a visible placeholder when it could not be read, a dash when it is empty. */
function stored(text: StoredText, labels: ReportLabels, style = STYLES.body): Run {
  if (text === null) return { text: labels.unreadable, style: { ...STYLES.placeholder, size: style.size } };
  if (text.trim() === '') return { text: '—', style: { ...style, color: COLORS.muted } };
  return plain(text.trimEnd(), style);
}

function noneRecorded(doc: PdfDocument, labels: ReportLabels): void {
  paragraph(doc, { text: labels.noneRecorded, style: { ...STYLES.body, color: COLORS.muted } });
}

export function titleBlock(doc: PdfDocument, data: CaseReportData, labels: ReportLabels): void {
  const x = contentLeft(doc);
  const width = contentWidth(doc);
  applyStyle(doc, { font: FONTS.bold, size: 22, color: COLORS.heading }).text(labels.reportTitle, x, doc.y, {
    width,
  });
  doc.y += 2;
  paragraph(doc, plain(data.case.reference, { font: FONTS.bold, size: 14, color: COLORS.text }));
  doc.y += 1;
  if (data.case.title === null || data.case.title.trim() !== '') {
    paragraph(doc, stored(data.case.title, labels, { font: FONTS.regular, size: 13, color: COLORS.text }));
  }
  doc.y += 10;
  const note = { text: labels.handlingNote, style: STYLES.small };
  const noteHeight = heightOf(doc, note, width - 16) + 12;
  doc.save().rect(x, doc.y, width, noteHeight).fill(COLORS.fill).restore();
  doc.save().rect(x, doc.y, 2.5, noteHeight).fill(COLORS.alert).restore();
  const top = doc.y;
  applyStyle(doc, note.style).text(note.text, x + 10, top + 6, { width: width - 16, lineGap: 2 });
  doc.x = x;
  doc.y = top + noteHeight + 14;
}

export function factsTable(doc: PdfDocument, data: CaseReportData, labels: ReportLabels): void {
  const item = data.case;
  const { facts } = labels;
  const optional = (text: string | null, fallback: string) =>
    text === null ? plain(fallback, { ...STYLES.body, color: COLORS.muted }) : plain(text);
  const level = item.level === null ? null : `L${item.level} · ${labels.levelNames[item.level]}`;
  labelValueRows(doc, [
    [facts.status, plain(labels.statusNames[item.status] ?? item.status)],
    [facts.level, optional(level, labels.notAssessed)],
    [facts.category, optional(item.category, labels.notSet)],
    [facts.tags, optional(item.tags.length > 0 ? item.tags.join(', ') : null, labels.notSet)],
    [facts.unit, plain(item.unit)],
    [facts.owner, optional(item.owner, labels.unassigned)],
    [facts.openedAt, plain(labels.dateTime(item.openedAt))],
    [facts.dueOn, optional(item.dueOn === null ? null : labels.day(item.dueOn), labels.notSet)],
    [
      facts.closedAt,
      optional(item.closedAt === null ? null : labels.dateTime(item.closedAt), labels.stillOpen),
    ],
    [facts.exported, plain(labels.exportedBy(data.exportedBy, data.exportedAt))],
  ]);
}

export function summarySection(doc: PdfDocument, summary: StoredText, labels: ReportLabels): void {
  sectionHeading(doc, labels.headings.summary);
  if (summary !== null && summary.trim() === '') noneRecorded(doc, labels);
  else paragraph(doc, stored(summary, labels));
}

export function personsSection(doc: PdfDocument, persons: ReportPerson[], labels: ReportLabels): void {
  sectionHeading(doc, labels.headings.persons);
  if (persons.length === 0) {
    noneRecorded(doc, labels);
    return;
  }
  persons.forEach((person, index) => {
    if (index > 0) doc.y += 8;
    keepTogether(doc, 40);
    inlineRuns(doc, [plain(person.label, STYLES.strong), plain(`  ·  ${person.role}`, STYLES.label)]);
    doc.y += 2;
    if (person.details !== null && person.details.trim() === '') return;
    paragraph(doc, stored(person.details, labels));
  });
}

/** A titled table, or the "none" line when it has no rows. */
function tableSection(
  doc: PdfDocument,
  title: string,
  columns: Column[],
  rows: Run[][],
  labels: ReportLabels,
): void {
  const [firstRow] = rows;
  if (firstRow === undefined) {
    sectionHeading(doc, title);
    noneRecorded(doc, labels);
    return;
  }
  sectionHeading(doc, title, tableLeadHeight(doc, columns, firstRow));
  table(doc, columns, rows);
}

export function reportsSection(doc: PdfDocument, reports: ReportReport[], labels: ReportLabels): void {
  const columns = labels.reportColumns;
  tableSection(
    doc,
    labels.headings.reports,
    [
      { header: columns.reference, share: 0.3 },
      { header: columns.receivedOn, share: 0.2 },
      { header: columns.channel, share: 0.3 },
      { header: columns.reporter, share: 0.2 },
    ],
    reports.map((report) => [
      plain(report.reference, STYLES.cell),
      plain(labels.day(report.receivedOn), STYLES.cell),
      plain(report.channel, STYLES.cell),
      plain(report.anonymous ? labels.anonymous : labels.named, STYLES.cell),
    ]),
    labels,
  );
}

export function extraSection(doc: PdfDocument, section: ReportSection, labels: ReportLabels): void {
  sectionHeading(doc, clean(section.title));
  const paragraphs = section.paragraphs ?? [];
  if (section.rows.length === 0 && paragraphs.length === 0) {
    noneRecorded(doc, labels);
    return;
  }
  labelValueRows(
    doc,
    section.rows.map(([label, value]) => [clean(label), stored(value, labels)]),
  );
  for (const text of paragraphs) {
    doc.y += 6;
    paragraph(doc, stored(text, labels));
  }
}

export function tasksSection(doc: PdfDocument, tasks: ReportTask[], labels: ReportLabels): void {
  const columns = labels.taskColumns;
  const muted = { ...STYLES.cell, color: COLORS.muted };
  tableSection(
    doc,
    labels.headings.tasks,
    [
      { header: columns.status, share: 0.14 },
      { header: columns.title, share: 0.5 },
      { header: columns.assignee, share: 0.21 },
      { header: columns.dueOn, share: 0.15 },
    ],
    tasks.map((task) => [
      plain(task.done ? labels.taskDone : labels.taskOpen, task.done ? muted : STYLES.cell),
      stored(task.title, labels, STYLES.cell),
      task.assignee === null ? plain(labels.unassigned, muted) : plain(task.assignee, STYLES.cell),
      task.dueOn === null ? plain('—', muted) : plain(labels.day(task.dueOn), STYLES.cell),
    ]),
    labels,
  );
}

export function documentsSection(doc: PdfDocument, documents: ReportDocument[], labels: ReportLabels): void {
  const columns = labels.documentColumns;
  tableSection(
    doc,
    labels.headings.documents,
    [
      { header: columns.title, share: 0.27 },
      { header: columns.fileName, share: 0.25 },
      { header: columns.version, share: 0.11 },
      { header: columns.addedAt, share: 0.24 },
      { header: columns.size, share: 0.13 },
    ],
    documents.map((document) => [
      plain(document.title, STYLES.cell),
      plain(document.fileName, STYLES.cell),
      plain(String(document.version), STYLES.cell),
      plain(labels.dateTime(document.addedAt), STYLES.cell),
      plain(labels.bytes(document.byteLength), STYLES.cell),
    ]),
    labels,
  );
}

/** One journal entry; `separated` draws a rule above it unless it opens a page. */
export function journalEntry(
  doc: PdfDocument,
  entry: ReportJournalEntry,
  labels: ReportLabels,
  separated: boolean,
): void {
  const head = [
    plain(labels.dateTime(entry.occurredAt), { ...STYLES.strong, size: 9 }),
    plain(`  ·  ${entry.kind}  ·  ${entry.author ?? labels.system}`, STYLES.label),
  ];
  const text = stored(entry.text, labels);
  const width = contentWidth(doc);
  const marker = entry.managersOnly ? badgeWidth(doc, labels.managersOnly) + 8 : 0;
  const headFits = widthOfRuns(doc, head) <= width - marker;
  // The entry's heading and its first lines start on the same page.
  const separator = separated ? 13 : 0;
  keepTogether(
    doc,
    separator + heightOf(doc, head[0] as Run, width) + Math.min(heightOf(doc, text, width), 40) + 12,
  );
  if (separated && !atPageTop(doc)) {
    horizontalRule(doc, doc.y + 6);
    doc.y += separator;
  }
  if (entry.managersOnly && !headFits) {
    badge(doc, labels.managersOnly, contentLeft(doc) + badgeWidth(doc, labels.managersOnly), doc.y);
    doc.y += 15;
  }
  const top = doc.y;
  inlineRuns(doc, head, headFits ? width - marker : width);
  if (entry.managersOnly && headFits) badge(doc, labels.managersOnly, contentLeft(doc) + width, top);
  doc.y += 2;
  if (entry.participants === null || entry.participants.trim() !== '') {
    inlineRuns(doc, [
      plain(`${labels.participants}: `, STYLES.label),
      stored(entry.participants, labels, STYLES.label),
    ]);
    doc.y += 2;
  }
  paragraph(doc, text);
}

export function journalHeading(doc: PdfDocument, entries: number, labels: ReportLabels): void {
  sectionHeading(doc, labels.headings.journal);
  if (entries === 0) noneRecorded(doc, labels);
}
