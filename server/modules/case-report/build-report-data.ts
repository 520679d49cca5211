import type { CaseDocument } from '../case-documents/schemas.ts';
import type { JournalEntry } from '../cases/journal.ts';
import type { CasePerson } from '../cases/persons.ts';
import type { CaseReportContents } from '../cases/report-contents.ts';
import { contentLabels, nameOf } from './content-labels.ts';
import { reportLabels } from './labels.ts';
import type { CaseReportData, ReportJournalEntry, ReportLanguage, StoredText } from './report-data.ts';

// The case file as the report prints it. Persons appear by pseudonym ("Person A") unless the exporter chose
// names; with pseudonyms, their details (which can identify someone as well as a name) stay out too.

export interface ReportOptions {
  language: ReportLanguage;
  /** Print persons' names and details; the caller has checked that the exporter may. */
  names: boolean;
  exportId: string;
  exportedAt: Date;
  exporter: { name: string; role: string };
}

export function buildReportData(
  contents: CaseReportContents,
  documents: readonly CaseDocument[],
  options: ReportOptions,
): CaseReportData {
  const labels = contentLabels(options.language);
  const { detail } = contents;
  const category = detail.category
    ? (contents.categoryNames?.[options.language] ?? nameOf(labels.categories, detail.category))
    : null;
  return {
    language: options.language,
    exportId: options.exportId,
    exportedAt: options.exportedAt,
    exportedBy: { name: options.exporter.name, role: nameOf(labels.userRoles, options.exporter.role) },
    case: {
      reference: detail.reference,
      title: detail.title,
      summary: detail.summary ?? '',
      status: detail.status,
      level: (detail.level ?? null) as 1 | 2 | 3 | 4 | null,
      category,
      tags: detail.tags,
      unit: detail.unit.name,
      owner: detail.owner?.name ?? null,
      openedAt: new Date(detail.createdAt),
      dueOn: detail.dueOn,
      closedAt: detail.closedAt ? new Date(detail.closedAt) : null,
    },
    persons: contents.persons.map((person) => ({
      label:
        options.names && person.name !== null ? `${person.name} (${person.pseudonym})` : person.pseudonym,
      role: nameOf(labels.personRoles, person.role),
      details: options.names ? personDetails(person.details) : '',
    })),
    reports: contents.reports.map((report) => ({
      reference: report.reference,
      receivedOn: report.receivedOn,
      channel: nameOf(labels.channels, report.channel),
      anonymous: report.anonymous,
    })),
    journal: contents.journal.map((entry) => journalEntry(entry, options.language)),
    tasks: contents.tasks.map((task) => ({
      title: task.title,
      assignee: task.assignee?.name ?? null,
      dueOn: task.dueOn,
      done: task.status === 'done',
    })),
    documents: documents.flatMap((document) => {
      const current = document.versions.at(-1);
      if (!current) return [];
      return [
        {
          title: document.title ?? reportLabels(options.language).unreadable,
          fileName: current.fileName ?? reportLabels(options.language).unreadable,
          version: current.version,
          addedAt: new Date(current.uploadedAt),
          byteLength: current.byteLength,
        },
      ];
    }),
  };
}

/** A person's details in one paragraph (none written and unreadable both come as null: printed as none). */
function personDetails(details: CasePerson['details']): StoredText {
  if (details === null) return '';
  return [details.jobTitle, details.organisation, details.contact, details.description]
    .filter((part) => part !== undefined && part.trim() !== '')
    .join(' · ');
}

/** A journal entry: its kind, and for the entries the case's actions write, what they were about. */
function journalEntry(entry: JournalEntry, language: ReportLanguage): ReportJournalEntry {
  const labels = contentLabels(language);
  const statuses = reportLabels(language).statusNames;
  const subject = [
    entry.person &&
      labels.subject.person(entry.person.pseudonym, nameOf(labels.personRoles, entry.person.role)),
    entry.task?.title && labels.subject.task(entry.task.title),
    entry.document?.title && labels.subject.document(entry.document.title, entry.document.version),
    entry.user && labels.subject.user(entry.user.name),
    entry.report && labels.subject.report(entry.report.reference),
    entry.facts.statusFrom &&
      entry.facts.statusTo &&
      labels.subject.status(nameOf(statuses, entry.facts.statusFrom), nameOf(statuses, entry.facts.statusTo)),
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  const kind = nameOf(labels.journalKinds, entry.kind);
  return {
    occurredAt: new Date(entry.occurredAt),
    kind: subject.length > 0 ? `${kind}: ${subject.join(' · ')}` : kind,
    author: entry.author?.name ?? null,
    text: entry.text === null && !entryHasText(entry) ? '' : entry.text,
    // Participants are optional everywhere: a missing value cannot be told from an unreadable one here.
    participants: entry.participants ?? '',
    managersOnly: entry.managersOnly,
  };
}

/** Whether the entry's kind always has text (so a null text failed verification). */
function entryHasText(entry: JournalEntry): boolean {
  return ['note', 'call', 'meeting', 'correction'].includes(entry.kind);
}
