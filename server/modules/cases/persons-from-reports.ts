import { type Static, Type } from 'typebox';
import { searchTokens } from '../../crypto/blind-index.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import type { PersonAnswer } from '../reports/form-definition.ts';
import { openAnswers } from '../reports/report-views.ts';
import { loadCase } from './load-case.ts';
import { PERSON_ROLES, type PersonRole } from './persons.ts';
import { listCasePersons } from './persons-store.ts';

// From report to case without retyping: the people a report names become case persons once a threat
// manager confirms each (POST …/persons with `fromReportId`). Until then they are suggestions, read from
// the reports' sealed answers with each report's key.

export const PersonSuggestion = Type.Object(
  {
    reportId: Type.String({ format: 'uuid' }),
    reportReference: Type.String(),
    role: Type.Enum(PERSON_ROLES),
    name: Type.String(),
    description: Type.String(),
  },
  { title: 'PersonSuggestion' },
);
export type PersonSuggestion = Static<typeof PersonSuggestion>;

const known = new Set<string>(PERSON_ROLES);
const sameName = (a: string, b: string) => searchTokens(a).join(' ') === searchTokens(b).join(' ');

/**
 * The people the case's reports name that are not case persons yet (`write`: whoever may add them).
 * Audited as `case.person_suggestions` naming the reports read.
 */
export async function suggestPersonsFromReports(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  requestId: string,
): Promise<PersonSuggestion[]> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const reports = await trx
    .selectFrom('reports')
    .select(['id', 'reference', 'answers_sealed'])
    .where('case_id', '=', row.id)
    .where('deleted_at', 'is', null)
    .orderBy('number')
    .execute();
  if (reports.length === 0) return [];
  const caseCipher = await keys.scope(trx, 'case', row.id);
  const taken = (await listCasePersons(trx, row.id)).flatMap((person) => {
    if (!person.from_report_id) return [];
    const unreadable = new UnreadableFields();
    const name = unreadable.open(
      'name',
      () =>
        caseCipher.openText(person.name_sealed, {
          table: 'case_persons',
          column: 'name_sealed',
          rowId: person.id,
        }),
      null,
    );
    return name === null ? [] : [{ reportId: person.from_report_id, name }];
  });
  const suggestions: PersonSuggestion[] = [];
  for (const report of reports) {
    const answers = openAnswers(await keys.scope(trx, 'report', report.id), report, new UnreadableFields());
    for (const value of Object.values(answers)) {
      if (!Array.isArray(value)) continue;
      for (const item of value as unknown[]) {
        if (typeof item !== 'object' || item === null || !('name' in item)) continue;
        const person = item as PersonAnswer;
        if (!person.name.trim()) continue;
        if (taken.some((t) => t.reportId === report.id && sameName(t.name, person.name))) continue;
        suggestions.push({
          reportId: report.id,
          reportReference: report.reference,
          role: known.has(person.role) ? (person.role as PersonRole) : 'other',
          name: person.name.trim(),
          description: person.description.trim(),
        });
      }
    }
  }
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.person_suggestions',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: reports.map((report) => report.id),
    requestId,
    outcome: 'success',
  });
  return suggestions;
}
