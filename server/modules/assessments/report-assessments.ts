import { type IntegrityAlarm, UnreadableFields } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { LEVELS, type Level } from '../assessment-models/model-definition.ts';
import { publishedModel } from '../assessment-models/registry-service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { userNames } from '../cases/comments.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { takesPartInAssessments } from './policy.ts';
import { settingsOf } from './settings.ts';
import { selectCaseAssessments } from './store.ts';

// The decided assessments of a case as its report prints them: only for an exporter who takes part in
// assessments (others get null, and the report says the part is left out), read in the exporter's
// transaction (row-level security applies), audited as `assessment.list` for the case.

export interface DecidedAssessment {
  kind: 'model' | 'external';
  status: 'awaiting_sign_off' | 'final';
  model: { title: { en: string; de: string }; version: string } | null;
  decidedAt: Date;
  decidedBy: string | null;
  signedOffBy: string | null;
  suggestedLevel: Level | null;
  finalLevel: Level;
  nextReviewOn: string | null;
  /** Null where the sealed value did not open. */
  rationale: string | null;
  deviationReason: string | null;
  scenarios: string[];
  external: {
    instrumentName: string;
    instrumentVersion: string;
    result: string;
    resultLabel: string;
    assessor: string;
  } | null;
}

const levelOf = (level: number | null): Level | null => (level === null ? null : (LEVELS[level - 1] ?? null));

export async function readDecidedAssessments(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<DecidedAssessment[] | null> {
  const actor = await accessActor(trx, auth);
  const settings = await settingsOf(trx);
  if (!takesPartInAssessments(actor, auth.user.specialty ?? null, settings.expertSpecialties)) return null;
  const rows = (await selectCaseAssessments(trx, caseId)).filter((row) => row.status !== 'draft');
  const cipher = await keys.scope(trx, 'case', caseId);
  const unreadable = new UnreadableFields();
  const names = await userNames(
    trx,
    rows.flatMap((row) => [row.decided_by, row.signed_off_by]).filter((id) => id !== null),
  );
  const decided: DecidedAssessment[] = [];
  for (const row of rows) {
    const opened = row.judgement_sealed
      ? unreadable.open(
          `assessments.${row.id}.judgement`,
          () =>
            JSON.parse(
              cipher.openText(row.judgement_sealed as NonNullable<typeof row.judgement_sealed>, {
                table: 'assessments',
                column: 'judgement_sealed',
                rowId: row.id,
              }),
            ) as Record<string, unknown>,
          null,
        )
      : null;
    const model =
      row.model_id && row.model_version
        ? await publishedModel(trx, { modelId: row.model_id, version: row.model_version })
        : undefined;
    decided.push({
      kind: row.kind,
      status: row.status as DecidedAssessment['status'],
      model: model ? { title: model.title, version: model.version } : null,
      decidedAt: row.decided_at ?? row.updated_at,
      decidedBy: row.decided_by ? (names.get(row.decided_by) ?? null) : null,
      signedOffBy: row.signed_off_by ? (names.get(row.signed_off_by) ?? null) : null,
      suggestedLevel: levelOf(row.suggested_level),
      finalLevel: levelOf(row.final_level) as Level,
      nextReviewOn: row.next_review_on,
      rationale: row.kind === 'model' ? ((opened?.rationale as string | undefined) ?? null) : null,
      deviationReason: (opened?.deviationReason as string | null | undefined) ?? null,
      scenarios: (opened?.scenarios as string[] | undefined) ?? [],
      external:
        row.kind === 'external' && opened
          ? (opened as unknown as NonNullable<DecidedAssessment['external']>)
          : null,
    });
  }
  await recordUnreadable(
    trx,
    auth,
    { action: 'assessment.list', objectType: 'case', caseId, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: caseId })),
    context.alarm,
  );
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    requestId: context.requestId,
    action: 'assessment.list',
    objectType: 'case',
    objectId: caseId,
    caseId,
    outcome: 'success',
  });
  return decided;
}
