import { formatBytes, formatDateTime, formatDay } from './formats.ts';
import type { Day, ReportExporter, ReportLanguage } from './report-data.ts';

/** The report's own fixed texts and formats in one language. */
export interface ReportLabels {
  language: ReportLanguage;
  /** BCP 47 tag written into the PDF so screen readers pick the right voice. */
  languageTag: string;
  reportTitle: string;
  confidential: string;
  handlingNote: string;
  headings: {
    summary: string;
    persons: string;
    reports: string;
    tasks: string;
    journal: string;
    documents: string;
  };
  facts: {
    status: string;
    level: string;
    category: string;
    tags: string;
    unit: string;
    owner: string;
    openedAt: string;
    dueOn: string;
    closedAt: string;
    exported: string;
  };
  reportColumns: { reference: string; receivedOn: string; channel: string; reporter: string };
  taskColumns: { status: string; title: string; assignee: string; dueOn: string };
  documentColumns: { title: string; fileName: string; version: string; addedAt: string; size: string };
  statusNames: Record<string, string>;
  levelNames: Record<1 | 2 | 3 | 4, string>;
  notAssessed: string;
  notSet: string;
  stillOpen: string;
  unassigned: string;
  system: string;
  noneRecorded: string;
  unreadable: string;
  managersOnly: string;
  participants: string;
  anonymous: string;
  named: string;
  taskDone: string;
  taskOpen: string;
  /** The PDF's document title: no case title or names, as it shows in file lists and search indexes. */
  documentTitle(reference: string): string;
  exportedBy(exporter: ReportExporter, at: Date): string;
  watermark(exporter: ReportExporter, at: Date): string;
  confidentialHeader(reference: string): string;
  exportNote(exportId: string): string;
  pageOf(page: number, pages: number): string;
  dateTime(moment: Date): string;
  day(day: Day): string;
  bytes(byteLength: number): string;
}

const english: ReportLabels = {
  language: 'en',
  languageTag: 'en',
  reportTitle: 'Case report',
  confidential: 'Confidential',
  handlingNote:
    'This report contains confidential personal data. Share it only with people who need it for this case, and keep it as your organisation keeps personnel records.',
  headings: {
    summary: 'Summary',
    persons: 'Persons',
    reports: 'Reports',
    tasks: 'Tasks',
    journal: 'Journal',
    documents: 'Documents',
  },
  facts: {
    status: 'Status',
    level: 'Level',
    category: 'Category',
    tags: 'Tags',
    unit: 'Unit',
    owner: 'Owner',
    openedAt: 'Opened',
    dueOn: 'Due',
    closedAt: 'Closed',
    exported: 'Exported',
  },
  reportColumns: { reference: 'Reference', receivedOn: 'Received', channel: 'Channel', reporter: 'Reporter' },
  taskColumns: { status: 'Status', title: 'Task', assignee: 'Assignee', dueOn: 'Due' },
  documentColumns: { title: 'Title', fileName: 'File', version: 'Version', addedAt: 'Added', size: 'Size' },
  statusNames: {
    intake: 'Intake',
    assessment: 'Assessment',
    management: 'Management',
    monitoring: 'Monitoring',
    closed: 'Closed',
  },
  levelNames: { 1: 'low', 2: 'moderate', 3: 'high', 4: 'critical' },
  notAssessed: 'Not assessed',
  notSet: 'Not set',
  stillOpen: 'Open',
  unassigned: 'Not assigned',
  system: 'System',
  noneRecorded: 'None recorded.',
  unreadable: '[unreadable]',
  managersOnly: 'Managers only',
  participants: 'Participants',
  anonymous: 'anonymous',
  named: 'named',
  taskDone: 'done',
  taskOpen: 'open',
  documentTitle: (reference) => `Case report ${reference}`,
  exportedBy: (exporter, at) => `${exporter.name} (${exporter.role}), ${formatDateTime(at, 'en')}`,
  watermark: (exporter, at) =>
    `Exported by ${exporter.name} (${exporter.role}) on ${formatDateTime(at, 'en')}`,
  confidentialHeader: (reference) => `Confidential — ${reference}`,
  exportNote: (exportId) => `Export ${exportId}`,
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  dateTime: (moment) => formatDateTime(moment, 'en'),
  day: (day) => formatDay(day, 'en'),
  bytes: (byteLength) => formatBytes(byteLength, 'en'),
};

const german: ReportLabels = {
  language: 'de',
  languageTag: 'de',
  reportTitle: 'Fallbericht',
  confidential: 'Vertraulich',
  handlingNote:
    'Dieser Bericht enthält vertrauliche personenbezogene Daten. Geben Sie ihn nur an Personen weiter, die ihn für diesen Fall benötigen, und bewahren Sie ihn so auf wie Personalakten.',
  headings: {
    summary: 'Zusammenfassung',
    persons: 'Personen',
    reports: 'Meldungen',
    tasks: 'Aufgaben',
    journal: 'Journal',
    documents: 'Dokumente',
  },
  facts: {
    status: 'Status',
    level: 'Stufe',
    category: 'Kategorie',
    tags: 'Schlagwörter',
    unit: 'Einheit',
    owner: 'Fallverantwortung',
    openedAt: 'Eröffnet',
    dueOn: 'Fällig',
    closedAt: 'Abgeschlossen',
    exported: 'Exportiert',
  },
  reportColumns: {
    reference: 'Aktenzeichen',
    receivedOn: 'Eingang',
    channel: 'Kanal',
    reporter: 'Meldende Person',
  },
  taskColumns: { status: 'Status', title: 'Aufgabe', assignee: 'Zuständig', dueOn: 'Fällig' },
  documentColumns: {
    title: 'Titel',
    fileName: 'Datei',
    version: 'Version',
    addedAt: 'Hinzugefügt',
    size: 'Größe',
  },
  statusNames: {
    intake: 'Eingang',
    assessment: 'Einschätzung',
    management: 'Fallführung',
    monitoring: 'Beobachtung',
    closed: 'Abgeschlossen',
  },
  levelNames: { 1: 'gering', 2: 'mäßig', 3: 'hoch', 4: 'kritisch' },
  notAssessed: 'Nicht eingeschätzt',
  notSet: 'Nicht gesetzt',
  stillOpen: 'Offen',
  unassigned: 'Nicht zugewiesen',
  system: 'System',
  noneRecorded: 'Keine Einträge.',
  unreadable: '[nicht lesbar]',
  managersOnly: 'Nur Bedrohungsmanagement',
  participants: 'Beteiligte',
  anonymous: 'anonym',
  named: 'namentlich',
  taskDone: 'erledigt',
  taskOpen: 'offen',
  documentTitle: (reference) => `Fallbericht ${reference}`,
  exportedBy: (exporter, at) => `${exporter.name} (${exporter.role}), ${germanMoment(at)}`,
  watermark: (exporter, at) => `Exportiert von ${exporter.name} (${exporter.role}) am ${germanMoment(at)}`,
  confidentialHeader: (reference) => `Vertraulich — ${reference}`,
  exportNote: (exportId) => `Export ${exportId}`,
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
  dateTime: (moment) => formatDateTime(moment, 'de'),
  day: (day) => formatDay(day, 'de'),
  bytes: (byteLength) => formatBytes(byteLength, 'de'),
};

/** "06.12.2026 um 14:03 UTC": German puts "um" before a time of day. */
function germanMoment(at: Date): string {
  return formatDateTime(at, 'de').replace(' ', ' um ');
}

export function reportLabels(language: ReportLanguage): ReportLabels {
  return language === 'de' ? german : english;
}
