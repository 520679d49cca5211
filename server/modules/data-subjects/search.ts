import { searchTokens } from '../../crypto/blind-index.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { SEARCH_FIELDS } from '../cases/case-list-filters.ts';
import { pseudonymOf } from '../cases/person-labels.ts';
import type { PersonAnswer } from '../reports/form-definition.ts';
import { openAnswers, openReporter } from '../reports/report-views.ts';
import { nameMatches } from './redaction.ts';
import type { DataSubjectMatch } from './schemas.ts';
import { type PersonRow, personsById, personsWithName, reportsToScan } from './store.ts';

// Where a person appears: as a person of a case, found by the blind index of persons' names (keyed hashes
// of the normalised words; every word of the searched name must match, nothing is decrypted to find
// them), and in reports. Reporters' names and the people a report's answers name have no blind index
// (they are sealed with each report's own key, and a report names people before anyone judged who they
// are): the search opens the live reports one by one with their keys and compares the words in memory.
// That costs one local key unwrap and two decryptions per report, seconds for tens of thousands, and a
// request is rare; an index would keep a keyed hash of every reporter's name beside the report, which
// anonymity argues against. Names found are shown to the officer only, who confirms which are the data
// subject; the export includes only what was confirmed.

export interface SubjectQuery {
  name: string;
  email: string | null;
}

const MAX_PERSONS = 500;
const REPORT_PAGE = 500;

const personField = (id: string, column: 'name_sealed' | 'details_sealed') => ({
  table: 'case_persons',
  column,
  rowId: id,
});

export function openPersonRow(cipher: ScopeCipher | Error | undefined, row: PersonRow) {
  if (!cipher || cipher instanceof Error) return { name: null, details: null };
  const unreadable = new UnreadableFields();
  const name = unreadable.open(
    'name',
    () => cipher.openText(row.name_sealed, personField(row.id, 'name_sealed')),
    null,
  );
  const sealed = row.details_sealed;
  const details = sealed
    ? unreadable.open(
        'details',
        () =>
          JSON.parse(cipher.openText(sealed, personField(row.id, 'details_sealed'))) as Record<
            string,
            string | undefined
          >,
        null,
      )
    : null;
  return { name, details };
}

function hintOf(details: Record<string, string | undefined> | null): string | null {
  const parts = [details?.organisation, details?.jobTitle].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Every match of the searched name (and e-mail) in the tenant's live cases and reports, confirmed marked. */
export async function findMatches(
  trx: TenantTransaction,
  keys: TenantKeys,
  query: SubjectQuery,
  confirmed: { personIds: readonly string[]; reportIds: readonly string[] },
): Promise<DataSubjectMatch[]> {
  const words = searchTokens(query.name);
  const index = await keys.blindIndex(trx);
  const terms = index.entries(SEARCH_FIELDS.personNames, query.name);
  const found = terms.length > 0 ? await personsWithName(trx, terms, MAX_PERSONS) : [];
  // Confirmed persons stay listed even if their name was changed since.
  const known = new Set(found.map((row) => row.id));
  const extra = await personsById(
    trx,
    confirmed.personIds.filter((id) => !known.has(id)),
  );
  const persons = [...found, ...extra];
  const ciphers =
    persons.length > 0
      ? await keys.scopes(trx, 'case', [...new Set(persons.map((p) => p.case_id))])
      : new Map();
  const confirmedPersons = new Set(confirmed.personIds);
  const matches: DataSubjectMatch[] = persons.map((row) => {
    const { name, details } = openPersonRow(ciphers.get(row.case_id), row);
    return {
      kind: 'person',
      id: row.id,
      caseId: row.case_id,
      caseReference: row.reference,
      reportReference: null,
      role: row.role,
      pseudonym: pseudonymOf(row.pseudonym_number),
      name,
      hint: hintOf(details),
      processingRestrictedAt: row.restricted_at?.toISOString() ?? null,
      confirmed: confirmedPersons.has(row.id),
    };
  });
  const confirmedReports = new Set(confirmed.reportIds);
  const email = query.email?.trim().toLowerCase() || null;
  let after = 0;
  for (;;) {
    const page = await reportsToScan(trx, after, REPORT_PAGE);
    if (page.length === 0) break;
    after = page.at(-1)?.number ?? after;
    const reportCiphers = await keys.scopes(
      trx,
      'report',
      page.map((report) => report.id),
    );
    for (const report of page) {
      const cipher = reportCiphers.get(report.id);
      if (!cipher || cipher instanceof Error) continue;
      const unreadable = new UnreadableFields();
      const base = {
        kind: 'report' as const,
        id: report.id,
        caseId: report.case_id,
        caseReference: report.case_reference,
        reportReference: report.reference,
        pseudonym: null,
        processingRestrictedAt: null,
        confirmed: confirmedReports.has(report.id),
      };
      const reporter = report.anonymous ? null : openReporter(cipher, report, unreadable);
      if (
        reporter &&
        (nameMatches(reporter.name, words) ||
          (email !== null && reporter.email?.trim().toLowerCase() === email) ||
          confirmedReports.has(report.id))
      ) {
        matches.push({ ...base, role: 'reporter', name: reporter.name, hint: null });
        continue;
      }
      if (!report.answers_sealed) continue;
      const answers = openAnswers(cipher, report, unreadable);
      const named = namedPersons(answers).find((person) => nameMatches(person.name, words));
      if (named) matches.push({ ...base, role: named.role, name: named.name, hint: null });
      else if (confirmedReports.has(report.id))
        matches.push({ ...base, role: 'other', name: null, hint: null });
    }
    if (page.length < REPORT_PAGE) break;
  }
  return matches;
}

/** The people a report's answers name (items of type `persons`). */
export function namedPersons(answers: Record<string, unknown>): PersonAnswer[] {
  const people: PersonAnswer[] = [];
  for (const value of Object.values(answers)) {
    if (!Array.isArray(value)) continue;
    for (const item of value as unknown[])
      if (typeof item === 'object' && item !== null && 'name' in item && 'role' in item)
        people.push(item as PersonAnswer);
  }
  return people;
}
