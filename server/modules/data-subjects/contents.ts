import { searchTokens } from '../../crypto/blind-index.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { documentField, fileNameField } from '../case-documents/fields.ts';
import { pseudonymOf } from '../cases/person-labels.ts';
import type { PersonAnswer } from '../reports/form-definition.ts';
import { openAnswers, openReporter } from '../reports/report-views.ts';
import { assessmentsAboutSubject, measuresAboutSubject } from './case-plans.ts';
import {
  EXPORT_WORDS,
  type ExportLanguage,
  nameMatches,
  Redactor,
  ROLE_LABELS,
  RoleLabels,
} from './redaction.ts';
import { namedPersons } from './search.ts';
import {
  caseOf,
  commentsOfCase,
  documentsOfCase,
  type ExportReportRow,
  journalOfCase,
  messagesOfReport,
  personsById,
  personsOfCase,
  reportsById,
  reportsOfCase,
  tasksOfCase,
} from './store.ts';

// What an export holds about the data subject, read with each case's and report's key: per case the
// subject's own person records, the case's metadata, and what of the case file concerns them (journal
// entries about their person record or naming them, comments and tasks naming them, the assessments and
// measures about them (case-plans.ts), documents whose title, description or file name names them); per
// confirmed report what it says. Other people appear by role
// label unless the officer chose to include names (redaction.ts).

export interface ExportFile {
  path: string;
  json: unknown;
}

export interface ExportDocument {
  path: string;
  caseId: string;
  versionId: string;
  blobId: string;
  byteLength: number;
  cipher: ScopeCipher;
}

export interface ExportContents {
  files: ExportFile[];
  documents: ExportDocument[];
  caseIds: string[];
  reportIds: string[];
  summary: {
    cases: Array<{ reference: string; file: string; documents: number }>;
    reports: Array<{ reference: string; file: string }>;
  };
}

const open = (
  cipher: ScopeCipher,
  sealed: Sealed | null,
  at: { table: string; column: string; rowId: string },
) => {
  if (sealed === null) return null;
  return new UnreadableFields().open('value', () => cipher.openText(sealed, at), null);
};

const safeName = (name: string) =>
  name
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^\.+/u, '_')
    .slice(0, 120) || 'file';

type Details = Record<string, string | undefined> | null;

export async function readExportContents(
  trx: TenantTransaction,
  keys: TenantKeys,
  input: {
    name: string;
    personIds: readonly string[];
    reportIds: readonly string[];
    includeNames: boolean;
    language: ExportLanguage;
  },
): Promise<ExportContents> {
  const words = searchTokens(input.name);
  const subjectPersons = await personsById(trx, input.personIds);
  const byCase = new Map<string, string[]>();
  for (const person of subjectPersons)
    byCase.set(person.case_id, [...(byCase.get(person.case_id) ?? []), person.id]);
  const result: ExportContents = {
    files: [],
    documents: [],
    caseIds: [],
    reportIds: [],
    summary: { cases: [], reports: [] },
  };
  for (const [caseId, personIds] of byCase)
    await addCase(trx, keys, caseId, new Set(personIds), words, input, result);
  for (const report of await reportsById(trx, input.reportIds))
    await addReport(trx, keys, report, words, new Set(input.personIds), input, result);
  return result;
}

async function addCase(
  trx: TenantTransaction,
  keys: TenantKeys,
  caseId: string,
  subjectIds: Set<string>,
  words: string[],
  { includeNames, language }: { includeNames: boolean; language: ExportLanguage },
  result: ExportContents,
) {
  const row = await caseOf(trx, caseId);
  if (!row) return;
  const cipher = await keys.scope(trx, 'case', caseId).catch(() => null);
  if (!cipher) return;
  const persons = (await personsOfCase(trx, caseId)).map((person) => {
    const name = open(cipher, person.name_sealed, {
      table: 'case_persons',
      column: 'name_sealed',
      rowId: person.id,
    });
    const detailsText = open(cipher, person.details_sealed, {
      table: 'case_persons',
      column: 'details_sealed',
      rowId: person.id,
    });
    return { ...person, name, details: detailsText ? (JSON.parse(detailsText) as Details) : null };
  });
  const subjects = persons.filter((person) => subjectIds.has(person.id));
  const keep = new Set([...words, ...subjects.flatMap((person) => searchTokens(person.name ?? ''))]);
  const redactor = new Redactor(keep, !includeNames);
  const labels = new RoleLabels(language);
  const others = persons
    .filter((person) => !subjectIds.has(person.id))
    .map((person) => {
      const label = labels.next(person.role);
      redactor.add(label, person.name, detailLiterals(person.details));
      return { ...person, label };
    });
  const reports = await reportsOfCase(trx, caseId);
  const reportViews = [];
  for (const report of reports) {
    const reportCipher = await keys.scope(trx, 'report', report.id).catch(() => null);
    const reporter =
      reportCipher && !report.anonymous ? openReporter(reportCipher, report, new UnreadableFields()) : null;
    let reporterLabel: string | null = null;
    if (reporter) {
      const isSubject = nameMatches(reporter.name, words);
      const taken = others.find((other) => other.role === 'reporter' && other.from_report_id === report.id);
      reporterLabel = isSubject ? null : (taken?.label ?? labels.next('reporter'));
      if (reporterLabel) redactor.add(reporterLabel, reporter.name, [reporter.email, reporter.phone]);
    }
    if (reportCipher && report.answers_sealed)
      for (const person of namedPersons(openAnswers(reportCipher, report, new UnreadableFields())))
        if (!nameMatches(person.name, words)) redactor.add(labelFor(person, others, labels), person.name);
    reportViews.push({
      reference: report.reference,
      receivedOn: report.received_on,
      channel: report.channel,
      anonymous: report.anonymous,
      reporter:
        reporter === null
          ? null
          : reporterLabel === null
            ? EXPORT_WORDS[language].dataSubject
            : includeNames
              ? reporter
              : reporterLabel,
    });
  }
  const mentions = (text: string | null) => text !== null && nameMatches(text, words);
  const journal = (await journalOfCase(trx, caseId)).flatMap((entry) => {
    const text = open(cipher, entry.body_sealed, {
      table: 'case_journal',
      column: 'body_sealed',
      rowId: entry.id,
    });
    const participants = open(cipher, entry.participants_sealed, {
      table: 'case_journal',
      column: 'participants_sealed',
      rowId: entry.id,
    });
    const about = typeof entry.facts.personId === 'string' && subjectIds.has(entry.facts.personId);
    if (!about && !mentions(text) && !mentions(participants)) return [];
    return [
      {
        kind: entry.kind,
        occurredAt: entry.occurred_at.toISOString(),
        text: redactor.text(text),
        participants: redactor.text(participants),
      },
    ];
  });
  const comments = (await commentsOfCase(trx, caseId)).flatMap((comment) => {
    const text = open(cipher, comment.body_sealed, {
      table: 'case_comments',
      column: 'body_sealed',
      rowId: comment.id,
    });
    return mentions(text) ? [{ createdAt: comment.created_at.toISOString(), text: redactor.text(text) }] : [];
  });
  const tasks = (await tasksOfCase(trx, caseId)).flatMap((task) => {
    const title = open(cipher, task.title_sealed, {
      table: 'case_tasks',
      column: 'title_sealed',
      rowId: task.id,
    });
    return mentions(title) ? [{ title: redactor.text(title), status: task.status, dueOn: task.due_on }] : [];
  });
  const plans = {
    cipher,
    redactor,
    mentions,
    subjectIsPersonOfConcern: subjects.some((person) => person.role === 'person_of_concern'),
    includeNames,
    assessorLabel: `[${EXPORT_WORDS[language].assessor}]`,
  };
  const assessments = await assessmentsAboutSubject(trx, caseId, plans);
  const measures = await measuresAboutSubject(trx, caseId, plans);
  const folder = `cases/${safeName(row.reference)}`;
  const documents: Array<Record<string, unknown>> = [];
  let notIncluded = 0;
  for (const document of await documentsOfCase(trx, caseId)) {
    const title = open(cipher, document.title_sealed, documentField(document.id, 'title_sealed'));
    const description = open(
      cipher,
      document.description_sealed,
      documentField(document.id, 'description_sealed'),
    );
    const fileName = open(cipher, document.file_name_sealed, fileNameField(document.version_id));
    if (!mentions(title) && !mentions(description) && !mentions(fileName)) {
      notIncluded += 1;
      continue;
    }
    const path = `${folder}/documents/${documents.length + 1}-${safeName(redactor.text(fileName ?? 'document'))}`;
    documents.push({
      title: redactor.text(title),
      description: redactor.text(description),
      fileName: redactor.text(fileName),
      contentType: document.content_type,
      byteLength: Number(document.byte_length),
      version: document.version,
      file: path.slice(folder.length + 1),
    });
    result.documents.push({
      path,
      caseId,
      versionId: document.version_id,
      blobId: document.blob_id,
      byteLength: Number(document.byte_length),
      cipher,
    });
  }
  const title = open(cipher, row.title_sealed, { table: 'cases', column: 'title_sealed', rowId: caseId });
  const summary = open(cipher, row.summary_sealed, {
    table: 'cases',
    column: 'summary_sealed',
    rowId: caseId,
  });
  const file = `${folder}/case.json`;
  result.files.push({
    path: file,
    json: {
      case: {
        reference: row.reference,
        title: redactor.text(title),
        summary: redactor.text(summary),
        status: row.status,
        unit: row.unit_name,
        category: row.category,
        tags: row.tags,
        level: row.level,
        openedAt: row.created_at.toISOString(),
        closedAt: row.closed_at?.toISOString() ?? null,
      },
      dataSubject: subjects.map((person) => ({
        role: person.role,
        pseudonym: pseudonymOf(person.pseudonym_number),
        name: person.name,
        details: person.details,
      })),
      otherPersons: others.map((other) => ({
        label: other.label,
        role: other.role,
        ...(includeNames ? { name: other.name, details: other.details } : {}),
      })),
      reports: reportViews,
      journal,
      comments,
      tasks,
      assessments,
      measures,
      documents,
      documentsNotIncluded: notIncluded,
    },
  });
  result.caseIds.push(caseId);
  result.summary.cases.push({ reference: row.reference, file, documents: documents.length });
}

function labelFor(
  person: PersonAnswer,
  others: ReadonlyArray<{ name: string | null; role: string; label: string }>,
  labels: RoleLabels,
): string {
  const tokens = searchTokens(person.name).join(' ');
  const same = others.find((other) => other.name !== null && searchTokens(other.name).join(' ') === tokens);
  return same?.label ?? labels.next(person.role in ROLE_LABELS ? person.role : 'other');
}

function detailLiterals(details: Details): string[] {
  return details?.contact ? [details.contact] : [];
}

async function addReport(
  trx: TenantTransaction,
  keys: TenantKeys,
  report: ExportReportRow,
  words: string[],
  subjectIds: ReadonlySet<string>,
  { includeNames, language }: { includeNames: boolean; language: ExportLanguage },
  result: ExportContents,
) {
  const cipher = await keys.scope(trx, 'report', report.id).catch(() => null);
  if (!cipher) return;
  const unreadable = new UnreadableFields();
  const reporter = report.anonymous ? null : openReporter(cipher, report, unreadable);
  const answers = report.answers_sealed ? openAnswers(cipher, report, unreadable) : {};
  const subjectIsReporter = reporter !== null && nameMatches(reporter.name, words);
  const redactor = new Redactor(words, !includeNames);
  const labels = new RoleLabels(language);
  const reporterLabel = reporter && !subjectIsReporter ? labels.next('reporter') : null;
  if (reporter && reporterLabel) redactor.add(reporterLabel, reporter.name, [reporter.email, reporter.phone]);
  const personLabels = new Map<PersonAnswer, string>();
  for (const person of namedPersons(answers))
    if (!nameMatches(person.name, words)) {
      const label = labels.next(person.role in ROLE_LABELS ? person.role : 'other');
      personLabels.set(person, label);
      redactor.add(label, person.name);
    }
  // The report's text may name people the case recorded since: they are redacted too.
  const caseCipher = report.case_id ? await keys.scope(trx, 'case', report.case_id).catch(() => null) : null;
  if (report.case_id && caseCipher)
    for (const person of await personsOfCase(trx, report.case_id)) {
      if (subjectIds.has(person.id)) continue;
      const name = open(caseCipher, person.name_sealed, {
        table: 'case_persons',
        column: 'name_sealed',
        rowId: person.id,
      });
      if (name === null || nameMatches(name, words)) continue;
      redactor.add(labels.next(person.role), name);
    }
  const shownAnswers = Object.fromEntries(
    Object.entries(answers).map(([item, value]) => {
      if (typeof value === 'string') return [item, redactor.text(value)];
      if (Array.isArray(value) && value.some((entry) => typeof entry === 'object'))
        return [
          item,
          (value as PersonAnswer[]).map((person) => {
            const label = personLabels.get(person);
            if (label === undefined || includeNames) return person;
            return { role: person.role, label };
          }),
        ];
      return [item, value];
    }),
  );
  const messages = subjectIsReporter
    ? (await messagesOfReport(trx, report.id)).map((message) => ({
        from: message.author_type,
        kind: message.kind,
        sentOn: message.sent_on,
        text: redactor.text(
          open(cipher, message.body_sealed, {
            table: 'report_messages',
            column: 'body_sealed',
            rowId: message.id,
          }),
        ),
      }))
    : undefined;
  const subjectRole = subjectIsReporter
    ? 'reporter'
    : (namedPersons(answers).find((person) => nameMatches(person.name, words))?.role ?? 'other');
  const file = `reports/${safeName(report.reference)}/report.json`;
  result.files.push({
    path: file,
    json: {
      report: {
        reference: report.reference,
        caseReference: report.case_reference,
        channel: report.channel,
        anonymous: report.anonymous,
        receivedOn: report.received_on,
        status: report.status,
        language: report.language,
      },
      subjectRole,
      reporter: reporter === null ? null : subjectIsReporter || includeNames ? reporter : reporterLabel,
      answers: shownAnswers,
      ...(messages ? { messages } : {}),
    },
  });
  result.reportIds.push(report.id);
  result.summary.reports.push({ reference: report.reference, file });
}
