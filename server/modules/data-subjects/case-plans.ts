import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { LEVELS } from '../assessment-models/model-definition.ts';
import { publishedModel } from '../assessment-models/registry-service.ts';
import type { Redactor } from './redaction.ts';
import { assessmentsOfCase, measuresOfCase } from './store.ts';

// What a case's assessments and measure plan hold about the data subject. An assessment judges the person
// of concern, and the measures are what the team does about them: when the subject is a person of concern
// of the case, all of them are theirs; otherwise those whose texts name the subject. Free text is redacted
// like the rest of the export, and an external instrument's assessor (a named professional, not a party of
// the case) appears by a label ("[Assessor]") in a redacted export.

interface Scope {
  cipher: ScopeCipher;
  redactor: Redactor;
  /** Whether a text names the data subject. */
  mentions: (text: string | null) => boolean;
  subjectIsPersonOfConcern: boolean;
  includeNames: boolean;
  /** What a redacted export shows for an external assessor. */
  assessorLabel: string;
}

interface StoredAnswer {
  value?: string | null;
  trend?: string | null;
  note?: string;
}

const levelCode = (level: number | null) => (level === null ? null : (LEVELS[level - 1] ?? null));

function openJson<T>(
  cipher: ScopeCipher,
  sealed: Sealed | null,
  at: { table: string; column: string; rowId: string },
): T | null {
  if (sealed === null) return null;
  return new UnreadableFields().open('value', () => JSON.parse(cipher.openText(sealed, at)) as T, null);
}

export async function assessmentsAboutSubject(trx: TenantTransaction, caseId: string, scope: Scope) {
  const { cipher, redactor, mentions } = scope;
  const result = [];
  for (const row of await assessmentsOfCase(trx, caseId)) {
    const at = (column: string) => ({ table: 'assessments', column, rowId: row.id });
    const answers =
      openJson<Record<string, StoredAnswer>>(cipher, row.answers_sealed, at('answers_sealed')) ?? {};
    const judgement = openJson<Record<string, unknown>>(cipher, row.judgement_sealed, at('judgement_sealed'));
    const texts = [
      ...Object.values(answers).map((answer) => answer.note ?? null),
      ...Object.values(judgement ?? {}).flatMap((value) =>
        typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [],
      ),
    ];
    if (!scope.subjectIsPersonOfConcern && !texts.some(mentions)) continue;
    const model =
      row.model_id && row.model_version
        ? await publishedModel(trx, { modelId: row.model_id, version: row.model_version })
        : undefined;
    const text = (value: unknown) => (typeof value === 'string' ? redactor.text(value) : null);
    result.push({
      kind: row.kind,
      status: row.status,
      model: row.model_id
        ? { id: row.model_id, version: row.model_version, title: model?.title ?? null }
        : null,
      startedAt: row.started_at.toISOString(),
      decidedAt: row.decided_at?.toISOString() ?? null,
      suggestedLevel: levelCode(row.suggested_level),
      finalLevel: levelCode(row.final_level),
      answers: Object.fromEntries(
        Object.entries(answers).map(([item, answer]) => [
          item,
          { value: answer.value ?? null, trend: answer.trend ?? null, note: text(answer.note) },
        ]),
      ),
      judgement:
        row.kind === 'model' && judgement
          ? {
              rationale: text(judgement.rationale),
              deviationReason: text(judgement.deviationReason),
              scenarios: Array.isArray(judgement.scenarios) ? judgement.scenarios.map(text) : [],
            }
          : null,
      external:
        row.kind === 'external' && judgement
          ? {
              instrument: judgement.instrumentName,
              instrumentVersion: judgement.instrumentVersion,
              assessedOn: judgement.assessedOn,
              result: judgement.result,
              resultLabel: judgement.resultLabel,
              assessor: scope.includeNames ? judgement.assessor : scope.assessorLabel,
              note: text(judgement.note),
            }
          : null,
    });
  }
  return result;
}

export async function measuresAboutSubject(trx: TenantTransaction, caseId: string, scope: Scope) {
  const { cipher, redactor, mentions } = scope;
  const result = [];
  for (const row of await measuresOfCase(trx, caseId)) {
    const open = (sealed: Sealed | null, column: string) =>
      sealed === null
        ? null
        : new UnreadableFields().open(
            'value',
            () => cipher.openText(sealed, { table: 'case_measures', column, rowId: row.id }),
            null,
          );
    const description = open(row.description_sealed, 'description_sealed');
    const outcome = open(row.outcome_sealed, 'outcome_sealed');
    const notes = open(row.notes_sealed, 'notes_sealed');
    if (!scope.subjectIsPersonOfConcern && ![description, outcome, notes].some(mentions)) continue;
    result.push({
      type: row.type_key,
      status: row.status,
      description: redactor.text(description),
      dueOn: row.due_on,
      outcome: redactor.text(outcome),
      notes: redactor.text(notes),
      effectiveness: row.effectiveness,
      plannedAt: row.created_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
    });
  }
  return result;
}
