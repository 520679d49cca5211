import { randomUUID } from 'node:crypto';
import { type IntegrityAlarm, UnreadableFields } from '../../crypto/integrity.ts';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { LEVELS, type Level, modelItems, scaleOf } from '../assessment-models/model-definition.ts';
import { activeModel, activeModels, publishedModel } from '../assessment-models/registry-service.ts';
import { type Evaluation, evaluateModel } from '../assessment-models/rule-engine.ts';
import { auditingIntegrity, recordDeniedRead, recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { userNames } from '../cases/comments.ts';
import { appendJournal } from '../cases/journal.ts';
import { caseExists, type LoadedCase, loadCase } from '../cases/load-case.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { compareAssessments } from './compare.ts';
import {
  type AssessmentAction,
  type AssessmentSubject,
  authorizeAssessment,
  serializeAssessment,
} from './policy.ts';
import type {
  AnswerInput,
  AnswersInput,
  AssessmentComparison,
  AssessmentDetail,
  AssessmentSummary,
  CaseAssessments,
  DueReviews,
  Judgement,
  NewExternalResult,
} from './schemas.ts';
import { settingsOf } from './settings.ts';
import {
  type AssessmentRow,
  deleteDraftAssessment,
  evidenceOfCase,
  findAssessment,
  insertAssessment,
  selectCaseAssessments,
  selectDueReviews,
  setCaseLevelFromAssessments,
  updateAssessment,
} from './store.ts';

// Assessments of a case (MODELS.md "Assessment record"): started with the organisation's active version of
// a model and pinned to it (id, version, content hash); answered with notes and evidence, the engine's
// suggestion recomputed and stored with every change; a person's final judgement (rationale always, a
// reason where it departs from the suggestion); four eyes where the organisation asks for them. A final
// assessment never changes: re-assessing starts a new one that supersedes it. Answers, the trace and the
// judgement's words are sealed with the case key; every read and change is audited.

export interface AssessmentDependencies {
  database: Database;
  keyring: Keyring;
  now?: () => Date;
  alarm?: IntegrityAlarm;
}

const levelCode = (level: number | null): Level | null =>
  level === null ? null : (LEVELS[level - 1] ?? null);
const levelNumber = (level: Level): number => LEVELS.indexOf(level) + 1;
const field = (id: string, column: 'answers_sealed' | 'computed_sealed' | 'judgement_sealed') => ({
  table: 'assessments',
  column,
  rowId: id,
});
const assessmentNotFound = () => new NotFound('assessment_not_found', 'No such assessment of this case.');

interface Context {
  trx: TenantTransaction;
  keys: TenantKeys;
  actor: AccessActor;
  loaded: LoadedCase;
  subject: AssessmentSubject;
}

type StoredJudgement = { rationale: string; deviationReason: string | null; scenarios: string[] };
type ExternalRecord = NonNullable<AssessmentDetail['external']>;

export class AssessmentService {
  readonly #deps: AssessmentDependencies;
  readonly #now: () => Date;

  constructor(deps: AssessmentDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Runs `work` for an actor allowed `action` on the case's assessments, audited as `auditAction`. */
  async #withCase<T>(
    auth: AuthContext,
    caseId: string,
    action: AssessmentAction,
    read: { auditAction: string; requestId: string },
    work: (context: Context) => Promise<T>,
  ): Promise<T> {
    const audit = {
      action: read.auditAction,
      objectType: 'case',
      objectId: caseId,
      caseId,
      requestId: read.requestId,
    } as const;
    try {
      return await auditingIntegrity(this.#deps.database, auth, audit, this.#deps.alarm, async () => {
        const keys = await this.#deps.keyring.forTenant(auth.tenantId);
        return withTenant(
          this.#deps.database,
          { tenantId: auth.tenantId, userId: auth.userId },
          async (trx) => {
            const actor = await accessActor(trx, auth);
            const loaded = await loadCase(trx, actor, caseId, 'read');
            const settings = await settingsOf(trx);
            const subject: AssessmentSubject = {
              tenantId: auth.tenantId,
              caseCan: loaded.can,
              specialty: auth.user.specialty ?? null,
              expertSpecialties: settings.expertSpecialties,
              decidedBy: null,
            };
            authorizeAssessment(actor, action, subject);
            return work({ trx, keys, actor, loaded, subject });
          },
        );
      });
    } catch (error) {
      if (error instanceof NotFound && error.code === 'case_not_found')
        await recordDeniedRead(this.#deps.database, auth, audit, (trx) => caseExists(trx, caseId));
      throw error;
    }
  }

  #audit(
    context: Context,
    auth: AuthContext,
    action: string,
    objectId: string,
    requestId: string,
    reason?: string,
  ) {
    return recordAuditEvent(context.trx, {
      ...auditActorOf(auth),
      requestId,
      action: `assessment.${action}`,
      objectType: objectId === context.loaded.row.id ? 'case' : 'assessment',
      objectId,
      caseId: context.loaded.row.id,
      outcome: 'success',
      ...(reason ? { reason } : {}),
    });
  }

  /** The case's assessments (summaries), the models to start with, and when the next one is due. */
  list(auth: AuthContext, caseId: string, requestId: string): Promise<CaseAssessments> {
    return this.#withCase(
      auth,
      caseId,
      'read',
      { auditAction: 'assessment.list', requestId },
      async (context) => {
        const { trx } = context;
        const rows = await selectCaseAssessments(trx, caseId);
        const summaries = await this.#summaries(trx, rows);
        const models = await activeModels(trx, auth.tenantId, this.#now());
        // The review the reminders follow: the latest decision, as the case's level (external results may be
        // recorded for an earlier day).
        const latestFinal = summaries
          .filter((summary) => summary.status === 'final' && summary.decidedAt !== null)
          .sort((a, b) => (b.decidedAt as string).localeCompare(a.decidedAt as string))[0];
        await this.#audit(context, auth, 'list', caseId, requestId);
        const can = serializeAssessment(context.actor, context.subject);
        return {
          assessments: summaries,
          models: models.map((model) => ({
            modelId: model.modelId,
            version: model.version,
            title: model.title,
          })),
          reviewDue: latestFinal?.nextReviewOn ?? null,
          can: { start: can.contribute, finalise: can.finalise },
        };
      },
    );
  }

  async #summaries(trx: TenantTransaction, rows: AssessmentRow[]): Promise<AssessmentSummary[]> {
    const names = await userNames(
      trx,
      rows.flatMap((row) => [row.started_by, row.decided_by, row.signed_off_by]).filter((id) => id !== null),
    );
    const titles = new Map<string, { en: string; de: string }>();
    for (const row of rows)
      if (row.model_id && row.model_version && !titles.has(`${row.model_id}|${row.model_version}`)) {
        const model = await publishedModel(trx, { modelId: row.model_id, version: row.model_version });
        if (model) titles.set(`${row.model_id}|${row.model_version}`, model.title);
      }
    const supersededBy = new Map(
      rows.filter((row) => row.supersedes_id).map((row) => [row.supersedes_id, row.id]),
    );
    return rows.map((row) => this.#summary(row, names, titles, supersededBy));
  }

  #summary(
    row: AssessmentRow,
    names: Map<string, string>,
    titles: Map<string, { en: string; de: string }>,
    supersededBy: Map<string | null, string>,
  ): AssessmentSummary {
    const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
    const key = `${row.model_id}|${row.model_version}`;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      model:
        row.model_id && row.model_version && row.content_hash
          ? {
              modelId: row.model_id,
              version: row.model_version,
              contentHash: row.content_hash,
              title: titles.get(key) ?? { en: row.model_id, de: row.model_id },
            }
          : null,
      suggestedLevel: levelCode(row.suggested_level),
      finalLevel: levelCode(row.final_level),
      agreesWithSuggestion: row.agrees_with_suggestion,
      nextReviewOn: row.next_review_on,
      supersedesId: row.supersedes_id,
      supersededById: supersededBy.get(row.id) ?? null,
      startedBy: person(row.started_by),
      startedAt: row.started_at.toISOString(),
      decidedBy: person(row.decided_by),
      decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
      signedOffBy: person(row.signed_off_by),
    };
  }

  async #detail(
    context: Context,
    auth: AuthContext,
    row: AssessmentRow,
    requestId: string,
  ): Promise<AssessmentDetail> {
    const { trx, keys } = context;
    const cipher = await keys.scope(trx, 'case', row.case_id);
    const unreadable = new UnreadableFields();
    const openJson = <T>(
      name: string,
      sealed: AssessmentRow['answers_sealed'],
      column: Parameters<typeof field>[1],
      fallback: T,
    ): T =>
      sealed === null
        ? fallback
        : unreadable.open(
            name,
            () => JSON.parse(cipher.openText(sealed, field(row.id, column))) as T,
            fallback,
          );
    const answers = openJson<Record<string, AnswerInput>>(
      'answers',
      row.answers_sealed,
      'answers_sealed',
      {},
    );
    const computed = openJson<Evaluation | null>('computed', row.computed_sealed, 'computed_sealed', null);
    const judgement = openJson<StoredJudgement | null>(
      'judgement',
      row.judgement_sealed,
      'judgement_sealed',
      null,
    );
    await recordUnreadable(
      trx,
      auth,
      { action: 'assessment.read', objectType: 'case', caseId: row.case_id, requestId },
      unreadable.failures.map((failure) => ({ ...failure, objectId: row.case_id })),
      this.#deps.alarm,
    );
    const [summary] = await this.#summaries(trx, [row]);
    const model =
      row.model_id && row.model_version
        ? await publishedModel(trx, { modelId: row.model_id, version: row.model_version })
        : undefined;
    const others = await selectCaseAssessments(trx, row.case_id);
    const subject = {
      ...context.subject,
      decidedBy: row.status === 'awaiting_sign_off' ? row.decided_by : null,
    };
    const can = serializeAssessment(context.actor, subject);
    return {
      ...(summary as AssessmentSummary),
      supersededById: others.find((other) => other.supersedes_id === row.id)?.id ?? null,
      answers,
      computed,
      judgement:
        row.kind === 'model' && judgement && row.final_level !== null
          ? { level: levelCode(row.final_level) as Level, ...judgement }
          : null,
      external: row.kind === 'external' ? (judgement as unknown as ExternalRecord | null) : null,
      definition: model ?? null,
      unreadable: unreadable.paths,
      can: {
        contribute: can.contribute && row.status === 'draft',
        finalise: can.finalise && row.status === 'draft',
        signOff: can.sign_off && row.status === 'awaiting_sign_off',
        returnToDraft: can.finalise && row.status === 'awaiting_sign_off',
        discard: can.contribute && row.status === 'draft',
      },
    };
  }

  async #row(context: Context, id: string, lock = false): Promise<AssessmentRow> {
    const row = await findAssessment(context.trx, context.loaded.row.id, id, { lock });
    if (!row) throw assessmentNotFound();
    return row;
  }

  /** One assessment with its answers, trace and judgement (audited as `assessment.read`). */
  get(auth: AuthContext, caseId: string, id: string, requestId: string): Promise<AssessmentDetail> {
    return this.#withCase(
      auth,
      caseId,
      'read',
      { auditAction: 'assessment.read', requestId },
      async (context) => {
        const row = await this.#row(context, id);
        await this.#audit(context, auth, 'read', id, requestId);
        return this.#detail(context, auth, row, requestId);
      },
    );
  }

  /**
   * Starts an assessment with the organisation's active version of the model; re-assessing a final one
   * copies its answers (where the items still exist) as a start. A journal entry; `assessment.start`.
   */
  start(
    auth: AuthContext,
    caseId: string,
    input: { modelId: string; supersedes?: string | undefined },
    requestId: string,
  ): Promise<AssessmentDetail> {
    return this.#withCase(
      auth,
      caseId,
      'contribute',
      { auditAction: 'assessment.start', requestId },
      async (context) => {
        const { trx } = context;
        const model = await activeModel(trx, auth.tenantId, input.modelId, this.#now());
        if (!model?.contentHash)
          throw new Invalid('model_not_active', 'The organisation has no active version of this model.', [
            { path: 'modelId', message: 'has no active version' },
          ]);
        const cipher = await context.keys.scope(trx, 'case', caseId);
        let answers: Record<string, AnswerInput> = {};
        if (input.supersedes) {
          const previous = await this.#row(context, input.supersedes);
          if (previous.status !== 'final')
            throw new Conflict(
              'assessment_not_final',
              'Only a final assessment is superseded by a re-assessment.',
            );
          if (previous.answers_sealed) {
            const old = JSON.parse(
              cipher.openText(previous.answers_sealed, field(previous.id, 'answers_sealed')),
            ) as Record<string, AnswerInput>;
            const itemIds = new Set(modelItems(model).map((item) => item.itemId));
            answers = Object.fromEntries(Object.entries(old).filter(([itemId]) => itemIds.has(itemId)));
          }
        }
        const id = randomUUID();
        const now = this.#now();
        const evaluation = evaluateModel(model, answers);
        await insertAssessment(trx, {
          id,
          tenant_id: auth.tenantId,
          case_id: caseId,
          kind: 'model',
          model_id: model.modelId,
          model_version: model.version,
          content_hash: model.contentHash,
          status: 'draft',
          answers_sealed: cipher.seal(JSON.stringify(answers), field(id, 'answers_sealed')),
          computed_sealed: cipher.seal(JSON.stringify(evaluation), field(id, 'computed_sealed')),
          suggested_level: levelNumber(evaluation.suggestedLevel),
          supersedes_id: input.supersedes ?? null,
          started_by: auth.userId,
          started_at: now,
          updated_at: now,
        });
        await appendJournal(
          trx,
          null,
          { tenantId: auth.tenantId, caseId, authorId: auth.userId, now },
          {
            kind: 'assessment_started',
            facts: { assessmentId: id },
          },
        );
        await this.#audit(context, auth, 'start', id, requestId, `${model.modelId}:${model.version}`);
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  /**
   * Replaces the answers of a draft and recomputes the suggestion with the version the assessment is
   * pinned to (the live suggestion while answering). Unknown items or codes are refused (422), evidence
   * must belong to the case. `assessment.answer`.
   */
  answer(auth: AuthContext, caseId: string, id: string, input: AnswersInput, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'contribute',
      { auditAction: 'assessment.answer', requestId },
      async (context) => {
        const { trx } = context;
        const row = await this.#draftRow(context, id);
        const model = await this.#model(trx, row);
        const problems: { path: string; message: string }[] = [];
        const items = new Map(modelItems(model).map((item) => [item.itemId, item]));
        for (const [itemId, answer] of Object.entries(input.answers)) {
          const item = items.get(itemId);
          if (!item) {
            problems.push({ path: `answers.${itemId}`, message: 'is not an item of the model' });
            continue;
          }
          const codes = scaleOf(model, item.scale)?.options.map((option) => option.code) ?? [];
          if (answer.value !== null && !codes.includes(answer.value))
            problems.push({ path: `answers.${itemId}.value`, message: `must be one of ${codes.join(', ')}` });
          const trends = item.trendScale
            ? (scaleOf(model, item.trendScale)?.options.map((o) => o.code) ?? [])
            : [];
          if (answer.trend != null && !trends.includes(answer.trend))
            problems.push({
              path: `answers.${itemId}.trend`,
              message: trends.length ? `must be one of ${trends.join(', ')}` : 'this item has no trend',
            });
        }
        const links = Object.values(input.answers).flatMap((answer) => answer.evidence ?? []);
        const found = await evidenceOfCase(trx, caseId, links);
        for (const [itemId, answer] of Object.entries(input.answers))
          (answer.evidence ?? []).forEach((link, index) => {
            if (!found.has(`${link.kind}:${link.id}`))
              problems.push({
                path: `answers.${itemId}.evidence.${index}`,
                message: `is not a ${link.kind} of this case`,
              });
          });
        if (problems.length > 0)
          throw new Invalid(
            'assessment_answers_invalid',
            `The answers do not fit the model (${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}).`,
            problems,
          );
        const cipher = await context.keys.scope(trx, 'case', caseId);
        const evaluation = evaluateModel(model, input.answers);
        await updateAssessment(trx, id, {
          answers_sealed: cipher.seal(JSON.stringify(input.answers), field(id, 'answers_sealed')),
          computed_sealed: cipher.seal(JSON.stringify(evaluation), field(id, 'computed_sealed')),
          suggested_level: levelNumber(evaluation.suggestedLevel),
          updated_at: this.#now(),
        });
        await this.#audit(context, auth, 'answer', id, requestId);
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  async #draftRow(context: Context, id: string): Promise<AssessmentRow> {
    const row = await this.#row(context, id, true);
    if (row.status !== 'draft')
      throw new Conflict(
        'assessment_final',
        'This assessment is decided and never changes; re-assess to record a new judgement.',
      );
    return row;
  }

  async #model(trx: TenantTransaction, row: AssessmentRow) {
    const model =
      row.model_id && row.model_version
        ? await publishedModel(trx, { modelId: row.model_id, version: row.model_version })
        : undefined;
    if (!model) throw new Error(`assessment ${row.id} names a model version that is not published`);
    return model;
  }

  /**
   * Records the final judgement: a level and a rationale always, a reason where the level departs from the
   * suggestion. Where the organisation wants four eyes for the level it waits for a second threat manager;
   * otherwise it is final at once and the case takes its level.
   * A journal entry; `assessment.finalise` with `agrees` or `differs`.
   */
  finalise(auth: AuthContext, caseId: string, id: string, judgement: Judgement, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'finalise',
      { auditAction: 'assessment.finalise', requestId },
      async (context) => {
        const { trx } = context;
        const row = await this.#draftRow(context, id);
        const model = await this.#model(trx, row);
        const cipher = await context.keys.scope(trx, 'case', caseId);
        const answers = row.answers_sealed
          ? (JSON.parse(cipher.openText(row.answers_sealed, field(id, 'answers_sealed'))) as Record<
              string,
              AnswerInput
            >)
          : {};
        const unsupported = modelItems(model).filter((item) => {
          if (item.evidence !== 'requiredIfPositive') return false;
          const answer = answers[item.itemId];
          const option = scaleOf(model, item.scale)?.options.find(
            (candidate) => candidate.code === answer?.value,
          );
          const positive = option !== undefined && !option.missing && (option.weight ?? 0) > 0;
          return positive && !answer?.note?.trim() && (answer?.evidence ?? []).length === 0;
        });
        if (unsupported.length > 0)
          throw new Invalid(
            'assessment_evidence_missing',
            `Record what supports every present or partly present warning behaviour before deciding (${unsupported.map((item) => item.itemId).join(', ')}).`,
            unsupported.map((item) => ({
              path: `answers.${item.itemId}`,
              message: 'needs a note or evidence: the model asks for it when the answer is positive',
            })),
          );
        const evaluation = evaluateModel(model, answers);
        const agrees = evaluation.suggestedLevel === judgement.level;
        const deviationReason = judgement.deviationReason?.trim() ?? '';
        if (!judgement.rationale.trim())
          throw new Invalid('judgement_rationale_missing', 'Say why you decide on this level.', [
            { path: 'rationale', message: 'is required' },
          ]);
        if (!agrees && !deviationReason)
          throw new Invalid(
            'judgement_deviation_unexplained',
            `The suggestion is ${evaluation.suggestedLevel}; explain why you decide on ${judgement.level}.`,
            [{ path: 'deviationReason', message: 'is required when the level differs from the suggestion' }],
          );
        const settings = await settingsOf(trx);
        const now = this.#now();
        const nextReviewOn =
          judgement.nextReviewOn ??
          new Date(now.getTime() + settings.reviewDays[judgement.level] * 86_400_000)
            .toISOString()
            .slice(0, 10);
        const stored: StoredJudgement = {
          rationale: judgement.rationale.trim(),
          deviationReason: agrees ? null : deviationReason,
          scenarios: judgement.scenarios.map((scenario) => scenario.trim()).filter(Boolean),
        };
        // Four eyes where the organisation wants them for the level, or where the model wants them for a
        // judgement that departs from its suggestion.
        const fourEyes =
          settings.signOffLevels.includes(judgement.level) ||
          (model.finalJudgement.overrideRequiresSecondReviewer && !agrees);
        await updateAssessment(trx, id, {
          status: fourEyes ? 'awaiting_sign_off' : 'final',
          computed_sealed: cipher.seal(JSON.stringify(evaluation), field(id, 'computed_sealed')),
          suggested_level: levelNumber(evaluation.suggestedLevel),
          final_level: levelNumber(judgement.level),
          judgement_sealed: cipher.seal(JSON.stringify(stored), field(id, 'judgement_sealed')),
          agrees_with_suggestion: agrees,
          next_review_on: nextReviewOn,
          decided_by: auth.userId,
          decided_at: now,
          updated_at: now,
        });
        if (!fourEyes) await this.#takeEffect(context, auth, id, judgement.level, now);
        await this.#audit(context, auth, 'finalise', id, requestId, agrees ? 'agrees' : 'differs');
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  async #takeEffect(context: Context, auth: AuthContext, id: string, level: Level, now: Date) {
    const caseId = context.loaded.row.id;
    await setCaseLevelFromAssessments(context.trx, caseId);
    await appendJournal(
      context.trx,
      null,
      { tenantId: auth.tenantId, caseId, authorId: auth.userId, now },
      {
        kind: 'assessment_finalised',
        facts: { assessmentId: id, level: levelNumber(level) },
      },
    );
    await announceCaseChange(context.trx, { tenantId: auth.tenantId, caseId, part: 'case' });
  }

  /** A second threat manager signs off a judgement waiting for four eyes: it becomes final; `assessment.sign_off`. */
  signOff(auth: AuthContext, caseId: string, id: string, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'read',
      { auditAction: 'assessment.sign_off', requestId },
      async (context) => {
        const row = await this.#row(context, id, true);
        if (row.status !== 'awaiting_sign_off')
          throw new Conflict(
            'assessment_not_awaiting_sign_off',
            'This assessment is not waiting for a sign-off.',
          );
        authorizeAssessment(context.actor, 'sign_off', { ...context.subject, decidedBy: row.decided_by });
        const now = this.#now();
        await updateAssessment(context.trx, id, {
          status: 'final',
          signed_off_by: auth.userId,
          signed_off_at: now,
          updated_at: now,
        });
        await this.#takeEffect(context, auth, id, levelCode(row.final_level) as Level, now);
        await this.#audit(context, auth, 'sign_off', id, requestId);
        await announceCaseChange(context.trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  /**
   * Compares two assessments of the case (older first): final levels, item by item within a major version
   * with the older answers re-scored under the newer rules (derived), by concept across majors and models.
   * Audited as `assessment.compare`.
   */
  compare(auth: AuthContext, caseId: string, ids: { a: string; b: string }, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'read',
      { auditAction: 'assessment.compare', requestId },
      async (context): Promise<AssessmentComparison> => {
        const rows = [await this.#row(context, ids.a), await this.#row(context, ids.b)].sort(
          (x, y) => x.started_at.getTime() - y.started_at.getTime() || x.seq - y.seq,
        );
        const cipher = await context.keys.scope(context.trx, 'case', caseId);
        const sides = [];
        for (const row of rows) {
          if (row.kind !== 'model')
            throw new Invalid(
              'assessment_not_comparable',
              'Only assessments with a model compare item by item.',
            );
          const answers = row.answers_sealed
            ? (JSON.parse(cipher.openText(row.answers_sealed, field(row.id, 'answers_sealed'))) as Record<
                string,
                AnswerInput
              >)
            : {};
          sides.push({ model: await this.#model(context.trx, row), answers });
        }
        const [older, newer] = sides as [(typeof sides)[number], (typeof sides)[number]];
        const summaries = await this.#summaries(context.trx, rows);
        for (const row of rows) await this.#audit(context, auth, 'compare', row.id, requestId);
        return {
          older: summaries[0] as AssessmentSummary,
          newer: summaries[1] as AssessmentSummary,
          ...compareAssessments(older, newer),
        };
      },
    );
  }

  /**
   * The cases whose re-assessment is due (today or overdue, or within `within` days) among those the user
   * assesses, earliest first; audited as `assessment.due_list`.
   */
  async due(auth: AuthContext, within: number, requestId: string): Promise<DueReviews> {
    const today = this.#now().toISOString().slice(0, 10);
    const until = new Date(this.#now().getTime() + within * 86_400_000).toISOString().slice(0, 10);
    return withTenant(this.#deps.database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const rows = await selectDueReviews(trx, until, 200);
      const names = await userNames(
        trx,
        rows.flatMap((row) => (row.owner_id ? [row.owner_id] : [])),
      );
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'assessment.due_list',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
      });
      return {
        reviews: rows.map((row) => ({
          caseId: row.case_id,
          reference: row.reference,
          level: row.level,
          assessmentId: row.id,
          dueOn: row.next_review_on as string,
          overdue: (row.next_review_on as string) < today,
          owner: row.owner_id ? { id: row.owner_id, name: names.get(row.owner_id) ?? '' } : null,
        })),
      };
    });
  }

  /**
   * Records the result of an external licensed instrument (e.g. DyRiAS): instrument, version, day, result and
   * assessor, mapped onto L1–L4 by the organisation's level map, final at once and on the same timeline; the
   * case's threat managers record it. Result, assessor and note sealed; `assessment.external`.
   */
  recordExternal(auth: AuthContext, caseId: string, input: NewExternalResult, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'finalise',
      { auditAction: 'assessment.external', requestId },
      async (context) => {
        const { trx } = context;
        const settings = await settingsOf(trx);
        const instrument = settings.externalInstruments.find(
          (candidate) => candidate.key === input.instrument,
        );
        if (!instrument)
          throw new Invalid('instrument_unknown', 'The organisation has not set up this instrument.', [
            { path: 'instrument', message: 'is not one of the organisation’s instruments' },
          ]);
        const mapped = instrument.levelMap.find((entry) => entry.result === input.result);
        if (!mapped)
          throw new Invalid(
            'instrument_result_unknown',
            `${instrument.name} has no result "${input.result}".`,
            [
              {
                path: 'result',
                message: `must be one of ${instrument.levelMap.map((entry) => entry.result).join(', ')}`,
              },
            ],
          );
        const today = this.#now().toISOString().slice(0, 10);
        if (input.assessedOn > today)
          throw new Invalid('assessed_on_in_future', 'The day of the assessment lies in the future.', [
            { path: 'assessedOn', message: 'must not be in the future' },
          ]);
        const id = randomUUID();
        const now = this.#now();
        const cipher = await context.keys.scope(trx, 'case', caseId);
        const record: ExternalRecord = {
          instrument: instrument.key,
          instrumentName: instrument.name,
          instrumentVersion: input.instrumentVersion.trim(),
          assessedOn: input.assessedOn,
          result: mapped.result,
          resultLabel: mapped.label,
          assessor: input.assessor.trim(),
          note: input.note?.trim() || null,
        };
        const decidedAt = new Date(`${input.assessedOn}T12:00:00Z`);
        await insertAssessment(trx, {
          id,
          tenant_id: auth.tenantId,
          case_id: caseId,
          kind: 'external',
          status: 'final',
          final_level: levelNumber(mapped.level),
          judgement_sealed: cipher.seal(JSON.stringify(record), field(id, 'judgement_sealed')),
          next_review_on: new Date(now.getTime() + settings.reviewDays[mapped.level] * 86_400_000)
            .toISOString()
            .slice(0, 10),
          started_by: auth.userId,
          started_at: now,
          updated_at: now,
          decided_by: auth.userId,
          decided_at: decidedAt,
        });
        await this.#takeEffect(context, auth, id, mapped.level, now);
        await this.#audit(context, auth, 'external', id, requestId, instrument.key);
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  /**
   * Sends a judgement waiting for sign-off back to a draft (the second threat manager does not agree, or the
   * one who decided wants to change it): the level and judgement are cleared, the answers stay.
   * `assessment.return`.
   */
  returnToDraft(auth: AuthContext, caseId: string, id: string, requestId: string) {
    return this.#withCase(
      auth,
      caseId,
      'finalise',
      { auditAction: 'assessment.return', requestId },
      async (context) => {
        const row = await this.#row(context, id, true);
        if (row.status !== 'awaiting_sign_off')
          throw new Conflict(
            'assessment_not_awaiting_sign_off',
            'Only a judgement waiting for a sign-off goes back to a draft.',
          );
        await updateAssessment(context.trx, id, {
          status: 'draft',
          final_level: null,
          judgement_sealed: null,
          agrees_with_suggestion: null,
          next_review_on: null,
          decided_by: null,
          decided_at: null,
          updated_at: this.#now(),
        });
        await this.#audit(context, auth, 'return', id, requestId);
        await announceCaseChange(context.trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
        return this.#detail(context, auth, await this.#row(context, id), requestId);
      },
    );
  }

  /** Discards a draft; `assessment.discard`. */
  discard(auth: AuthContext, caseId: string, id: string, requestId: string): Promise<void> {
    return this.#withCase(
      auth,
      caseId,
      'contribute',
      { auditAction: 'assessment.discard', requestId },
      async (context) => {
        await this.#draftRow(context, id);
        await deleteDraftAssessment(context.trx, id);
        await this.#audit(context, auth, 'discard', id, requestId);
        await announceCaseChange(context.trx, { tenantId: auth.tenantId, caseId, part: 'assessments' });
      },
    );
  }
}
