import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { CaseMeasuresTable } from '../../db/schema-measures.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { userNames } from '../cases/comments.ts';
import { appendJournal } from '../cases/journal.ts';
import { type LoadedCase, loadCase } from '../cases/load-case.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { dayOf } from '../reports/days.ts';
import { type Involvement, recordInvolvement, resolveInvolvement } from './experts.ts';
import { authorizeMeasure, canMeasure, type MeasureSubject, serializeMeasure } from './policy.ts';
import type { CaseMeasure, MeasureChange, MeasurePlan, MeasureStatus, NewMeasure } from './schemas.ts';
import {
  finalAssessmentOfCase,
  insertMeasure,
  type MeasureExpertRow,
  type MeasureRow,
  selectMeasureExperts,
  selectMeasures,
  updateMeasure,
} from './store.ts';
import { offeredMeasureType } from './type-service.ts';

// The measure plan of a case: what the team does to defuse the situation. What exactly is done, the outcome
// and the notes are sealed with the case's key; type, status, owner, due day and effectiveness are plain
// facts the dashboard, the overdue job and the statistics count. Planning and each change of status is a
// journal entry (ids and the type only); every read and write is audited.

export const measureField = (
  id: string,
  column: 'description_sealed' | 'outcome_sealed' | 'notes_sealed',
) => ({
  table: 'case_measures',
  column,
  rowId: id,
});

interface Context {
  now: Date;
  requestId: string;
}

const OPEN: readonly MeasureStatus[] = ['planned', 'in_progress'];

function subjectOf(
  loaded: LoadedCase,
  measure: MeasureRow | null,
  experts: readonly MeasureExpertRow[],
): MeasureSubject {
  return {
    tenantId: loaded.row.tenant_id,
    caseCan: loaded.can,
    ownerId: measure?.owner_id ?? null,
    acceptedExperts: experts
      .filter((expert) => expert.measure_id === measure?.id && expert.status === 'accepted')
      .map((expert) => expert.user_id),
  };
}

async function present(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  actor: AccessActor,
  loaded: LoadedCase,
  rows: readonly MeasureRow[],
  unreadable: UnreadableFields,
  now: Date,
): Promise<CaseMeasure[]> {
  const experts = await selectMeasureExperts(
    trx,
    rows.map((row) => row.id),
  );
  const names = await userNames(
    trx,
    rows.flatMap((row) => [row.owner_id, row.created_by, row.completed_by].filter((id) => id !== null)),
  );
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const open = (row: MeasureRow, column: 'outcome_sealed' | 'notes_sealed', name: string) => {
    const sealed = row[column];
    return sealed === null
      ? null
      : unreadable.open(
          `measures.${row.id}.${name}`,
          () => cipher.openText(sealed, measureField(row.id, column)),
          null,
        );
  };
  const today = dayOf(now);
  return rows.map((row) => {
    const can = serializeMeasure(actor, subjectOf(loaded, row, experts));
    return {
      id: row.id,
      typeKey: row.type_key,
      description: unreadable.open(
        `measures.${row.id}.description`,
        () => cipher.openText(row.description_sealed, measureField(row.id, 'description_sealed')),
        null,
      ),
      owner: person(row.owner_id),
      experts: experts
        .filter((expert) => expert.measure_id === row.id)
        .map((expert) => ({
          user: { id: expert.user_id, name: expert.display_name, specialty: expert.specialty },
          consent: expert.status,
          invitedAt: expert.invited_at.toISOString(),
          respondedAt: expert.responded_at?.toISOString() ?? null,
        })),
      dueOn: row.due_on,
      overdue: OPEN.includes(row.status) && row.due_on !== null && row.due_on < today,
      status: row.status,
      outcome: open(row, 'outcome_sealed', 'outcome'),
      notes: open(row, 'notes_sealed', 'notes'),
      effectiveness: row.effectiveness,
      assessmentId: row.assessment_id,
      scenarioIndexes: row.scenario_indexes,
      createdBy: person(row.created_by),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      startedAt: row.started_at?.toISOString() ?? null,
      completedAt: row.completed_at?.toISOString() ?? null,
      completedBy: person(row.completed_by),
      can: { change: can.change, carry_out: can.carry_out },
    };
  });
}

async function audited(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  measures: readonly CaseMeasure[],
  unreadable: UnreadableFields,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<void> {
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.measure_read',
    objectType: 'case',
    objectId: caseId,
    caseId,
    objectIds: measures.length > 0 ? measures.map((measure) => measure.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.measure_read', objectType: 'case', caseId, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: caseId })),
    context.alarm,
  );
}

/** The case's measure plan (`read`), open measures first; audited as `case.measure_read`. */
export async function readMeasurePlan(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; now: Date; alarm?: IntegrityAlarm | undefined },
): Promise<MeasurePlan> {
  const actor = await accessActor(trx, auth);
  const loaded = await loadCase(trx, actor, caseId, 'read');
  authorizeMeasure(actor, 'read', subjectOf(loaded, null, []));
  const cipher = await keys.scope(trx, 'case', loaded.row.id);
  const unreadable = new UnreadableFields();
  const measures = await present(
    trx,
    cipher,
    actor,
    loaded,
    await selectMeasures(trx, loaded.row.id),
    unreadable,
    context.now,
  );
  await audited(trx, auth, loaded.row.id, measures, unreadable, context);
  return { measures, can: { plan: canMeasure(actor, 'plan', subjectOf(loaded, null, [])) } };
}

function requireText(value: string, path: string): string {
  const trimmed = value.trim();
  if (!trimmed)
    throw new Invalid(`${path}_required`, `The ${path} must not be empty.`, [{ path, message: 'is empty' }]);
  return trimmed;
}

async function checkAssessmentLink(
  trx: TenantTransaction,
  caseId: string,
  assessmentId: string | null | undefined,
  scenarioIndexes: readonly number[] | undefined,
): Promise<{ assessmentId: string | null; scenarioIndexes: number[] } | undefined> {
  if (assessmentId === undefined && scenarioIndexes === undefined) return undefined;
  if (assessmentId === null || assessmentId === undefined) {
    if (scenarioIndexes && scenarioIndexes.length > 0)
      throw new Invalid('scenarios_need_assessment', 'Scenarios belong to an assessment: name it.', [
        { path: 'assessmentId', message: 'is missing' },
      ]);
    return { assessmentId: null, scenarioIndexes: [] };
  }
  const id = assessmentId.toLowerCase();
  if (!(await finalAssessmentOfCase(trx, caseId, id)))
    throw new Invalid('assessment_not_final', 'A measure answers a final assessment of the same case.', [
      { path: 'assessmentId', message: 'is not a final assessment of this case' },
    ]);
  return { assessmentId: id, scenarioIndexes: [...new Set(scenarioIndexes ?? [])].sort((a, b) => a - b) };
}

/**
 * Plans a measure of a type the organisation offers (`plan`): a journal entry, experts involved (those not
 * on the team invited, to join it by accepting), the owner told; audited as `case.measure_create`.
 */
export async function planMeasure(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: NewMeasure,
  context: Context,
): Promise<string> {
  const actor = await accessActor(trx, auth);
  const loaded = await loadCase(trx, actor, caseId, 'read');
  authorizeMeasure(actor, 'plan', subjectOf(loaded, null, []));
  const type = await offeredMeasureType(trx, input.typeKey);
  const description = requireText(input.description, 'description');
  const link = await checkAssessmentLink(trx, loaded.row.id, input.assessmentId, input.scenarioIndexes);
  const id = randomUUID();
  const cipher = await keys.scope(trx, 'case', loaded.row.id);
  const involvement = await resolveInvolvement(trx, loaded.row, {
    ownerId: input.ownerId?.toLowerCase() ?? null,
    expertIds: input.expertIds ?? [],
    now: context.now,
  });
  await insertMeasure(trx, {
    id,
    tenant_id: auth.tenantId,
    case_id: loaded.row.id,
    type_key: type.key,
    description_sealed: cipher.seal(description, measureField(id, 'description_sealed')),
    owner_id: involvement.ownerId,
    due_on: input.dueOn ?? null,
    status: 'planned',
    outcome_sealed: null,
    notes_sealed: null,
    effectiveness: null,
    assessment_id: link?.assessmentId ?? null,
    scenario_indexes: link?.scenarioIndexes ?? [],
    created_by: auth.userId,
    created_at: context.now,
    updated_at: context.now,
    started_at: null,
    completed_at: null,
    completed_by: null,
    escalated_on: null,
  });
  await recordInvolvement(trx, cipher, auth, {
    caseId: loaded.row.id,
    measureId: id,
    involvement,
    now: context.now,
  });
  await appendJournal(
    trx,
    null,
    { tenantId: auth.tenantId, caseId: loaded.row.id, authorId: auth.userId, now: context.now },
    {
      kind: 'measure_planned',
      facts: {
        measureId: id,
        measureType: type.key,
        ...(involvement.ownerId ? { userId: involvement.ownerId } : {}),
      },
    },
  );
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: loaded.row.id, part: 'measures' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.measure_create',
    objectType: 'measure',
    objectId: id,
    caseId: loaded.row.id,
    requestId: context.requestId,
    outcome: 'success',
    reason: `type=${type.key}`,
  });
  return id;
}

const PLANNING_FIELDS = [
  'description',
  'ownerId',
  'dueOn',
  'addExpertIds',
  'assessmentId',
  'scenarioIndexes',
] as const;

/** The journal kind a status change writes (from `from` to `to`). */
function journalKindOf(from: MeasureStatus, to: MeasureStatus) {
  if (OPEN.includes(to) && !OPEN.includes(from)) return 'measure_reopened' as const;
  switch (to) {
    case 'in_progress':
      return 'measure_started' as const;
    case 'done':
      return 'measure_done' as const;
    case 'cancelled':
      return 'measure_cancelled' as const;
    default:
      return null;
  }
}

/**
 * Changes a measure. Planning fields, cancelling and reopening need `change` (the case's threat managers);
 * starting, notes, outcome, effectiveness and completing need `carry_out` (also its owner and accepted
 * experts). Completing (`done`) needs an outcome and an effectiveness rating. Audited as
 * `case.measure_update` with the fields changed. Answers the measure.
 */
export async function changeMeasure(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  measureId: string,
  change: MeasureChange,
  context: Context,
): Promise<CaseMeasure> {
  const actor = await accessActor(trx, auth);
  const loaded = await loadCase(trx, actor, caseId, 'read');
  const [measure] = await selectMeasures(trx, loaded.row.id, measureId);
  if (!measure) throw new NotFound('measure_not_found', 'No such measure on this case.');
  const experts = await selectMeasureExperts(trx, [measure.id]);
  const subject = subjectOf(loaded, measure, experts);
  const status = change.status;
  const closing = status === 'done' || status === 'cancelled';
  const reopening = status !== undefined && OPEN.includes(status) && !OPEN.includes(measure.status);
  const needsChange =
    PLANNING_FIELDS.some((field) => change[field] !== undefined) || status === 'cancelled' || reopening;
  authorizeMeasure(actor, needsChange ? 'change' : 'carry_out', subject);

  const cipher = await keys.scope(trx, 'case', loaded.row.id);
  const values: Updateable<CaseMeasuresTable> = {};
  const changed: string[] = [];
  const sealOrNull = (value: string | null, column: 'outcome_sealed' | 'notes_sealed') =>
    value === null || value.trim() === ''
      ? null
      : cipher.seal(value.trim(), measureField(measure.id, column));

  if (change.description !== undefined) {
    values.description_sealed = cipher.seal(
      requireText(change.description, 'description'),
      measureField(measure.id, 'description_sealed'),
    );
    changed.push('description');
  }
  let involvement: Involvement | null = null;
  if (change.ownerId !== undefined || change.addExpertIds !== undefined) {
    const wantedOwner =
      change.ownerId === undefined ? measure.owner_id : (change.ownerId?.toLowerCase() ?? null);
    involvement = await resolveInvolvement(trx, loaded.row, {
      ownerId: wantedOwner === measure.owner_id ? null : wantedOwner,
      expertIds: change.addExpertIds ?? [],
      known: experts.map((expert) => expert.user_id),
      now: context.now,
    });
    if (wantedOwner !== measure.owner_id) {
      values.owner_id = wantedOwner;
      changed.push('owner');
    }
    if ((change.addExpertIds ?? []).length > 0) changed.push('experts');
  }
  if (change.dueOn !== undefined && change.dueOn !== measure.due_on) {
    values.due_on = change.dueOn;
    // A new due day is escalated anew when it passes.
    values.escalated_on = null;
    changed.push('dueon');
  }
  const link = await checkAssessmentLink(
    trx,
    loaded.row.id,
    change.assessmentId === undefined
      ? change.scenarioIndexes
        ? measure.assessment_id
        : undefined
      : change.assessmentId,
    change.scenarioIndexes,
  );
  if (link) {
    values.assessment_id = link.assessmentId;
    values.scenario_indexes = link.scenarioIndexes;
    changed.push('scenarios');
  }
  if (change.outcome !== undefined) {
    values.outcome_sealed = sealOrNull(change.outcome, 'outcome_sealed');
    changed.push('outcome');
  }
  if (change.notes !== undefined) {
    values.notes_sealed = sealOrNull(change.notes, 'notes_sealed');
    changed.push('notes');
  }
  if (change.effectiveness !== undefined) {
    values.effectiveness = change.effectiveness;
    changed.push('effectiveness');
  }
  if (status !== undefined && status !== measure.status) {
    values.status = status;
    if (status === 'in_progress' && measure.started_at === null) values.started_at = context.now;
    values.completed_at = closing ? context.now : null;
    values.completed_by = closing ? auth.userId : null;
    changed.push('status');
  }
  const outcomeAfter = change.outcome !== undefined ? values.outcome_sealed : measure.outcome_sealed;
  const effectivenessAfter =
    change.effectiveness !== undefined ? change.effectiveness : measure.effectiveness;
  if ((status ?? measure.status) === 'done' && (outcomeAfter === null || effectivenessAfter === null))
    throw new Invalid(
      'outcome_required',
      'A completed measure records its outcome and how effective it was.',
      [
        ...(outcomeAfter === null
          ? [{ path: 'outcome', message: 'is required to complete the measure' }]
          : []),
        ...(effectivenessAfter === null
          ? [{ path: 'effectiveness', message: 'is required to complete the measure' }]
          : []),
      ],
    );

  if (changed.length > 0) {
    values.updated_at = context.now;
    await updateMeasure(trx, measure.id, values);
    if (involvement)
      await recordInvolvement(trx, cipher, auth, {
        caseId: loaded.row.id,
        measureId: measure.id,
        involvement,
        now: context.now,
      });
    const kind =
      status !== undefined && status !== measure.status ? journalKindOf(measure.status, status) : null;
    if (kind)
      await appendJournal(
        trx,
        null,
        { tenantId: auth.tenantId, caseId: loaded.row.id, authorId: auth.userId, now: context.now },
        { kind, facts: { measureId: measure.id, measureType: measure.type_key } },
      );
    await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: loaded.row.id, part: 'measures' });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'case.measure_update',
      objectType: 'measure',
      objectId: measure.id,
      caseId: loaded.row.id,
      requestId: context.requestId,
      outcome: 'success',
      reason: `fields:${changed.join('.')}${status && status !== measure.status ? `:${status}` : ''}`,
    });
  }
  const [updated] = await selectMeasures(trx, loaded.row.id, measure.id);
  const unreadable = new UnreadableFields();
  const [answer] = await present(
    trx,
    cipher,
    actor,
    loaded,
    updated ? [updated] : [],
    unreadable,
    context.now,
  );
  if (!answer) throw new NotFound('measure_not_found', 'No such measure on this case.');
  return answer;
}
