// What the case report renderer is given: plain values, already decrypted and translated by whoever gathers
// them, so the renderer knows nothing of the database, keys or policies.

export type ReportLanguage = 'de' | 'en';

/**
 * Text that was stored encrypted. `null`: it is there but could not be read (the report prints a visible
 * placeholder rather than hide the gap); `''`: nothing was recorded.
 */
export type StoredText = string | null;

/** A calendar day as `YYYY-MM-DD`; anything else is printed as given. */
export type Day = string;

export interface ReportExporter {
  name: string;
  /** Display text of the exporter's role, in the report's language. */
  role: string;
}

export interface ReportCase {
  reference: string;
  title: StoredText;
  summary: StoredText;
  /** A status code (`intake` … `closed`, translated by the report) or display text. */
  status: string;
  level: 1 | 2 | 3 | 4 | null;
  /** Display name; null when no category is set. */
  category: string | null;
  tags: string[];
  unit: string;
  /** Display name; null when nobody owns the case. */
  owner: string | null;
  openedAt: Date;
  dueOn: Day | null;
  closedAt: Date | null;
}

export interface ReportPerson {
  /** A pseudonym such as "Person A", or the real name when the exporter chose names. */
  label: string;
  role: string;
  details: StoredText;
}

export interface ReportReport {
  reference: string;
  receivedOn: Day;
  channel: string;
  anonymous: boolean;
}

export interface ReportJournalEntry {
  occurredAt: Date;
  kind: string;
  /** Display name; null for entries written by the system. */
  author: string | null;
  text: StoredText;
  participants: StoredText;
  managersOnly: boolean;
}

export interface ReportTask {
  title: StoredText;
  /** Display name; null when unassigned. */
  assignee: string | null;
  dueOn: Day | null;
  done: boolean;
}

export interface ReportDocument {
  title: string;
  fileName: string;
  version: number;
  addedAt: Date;
  byteLength: number;
}

/**
 * A titled section for parts the renderer has no layout of its own for (assessments, measures): label and
 * value rows, then paragraphs. A value or paragraph may be `null` (unreadable) like any stored text.
 */
export interface ReportSection {
  title: string;
  rows: Array<[string, StoredText]>;
  paragraphs?: StoredText[];
}

export interface CaseReportData {
  language: ReportLanguage;
  exportId: string;
  exportedAt: Date;
  exportedBy: ReportExporter;
  case: ReportCase;
  persons: ReportPerson[];
  reports: ReportReport[];
  journal: ReportJournalEntry[];
  tasks: ReportTask[];
  documents: ReportDocument[];
  /** Printed in this order after the reports, before the tasks. */
  extraSections?: ReportSection[];
}
