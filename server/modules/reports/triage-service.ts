import { randomUUID } from 'node:crypto';
import type { TenantKeys } from '../../crypto/keyring.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Gone, Invalid } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { applyTemplate } from '../cases/apply-template.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { recordHandOver } from '../cases/hand-overs.ts';
import { appendJournal } from '../cases/journal.ts';
import { loadCase } from '../cases/load-case.ts';
import type { CaseDetail } from '../cases/schemas.ts';
import { openCase, readCaseDetail } from '../cases/service.ts';
import { offeredTemplate } from '../cases/template-service.ts';
import type { AuthContext } from '../identity/service.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { findUnitById } from '../units/service.ts';
import { dayOf } from './days.ts';
import { loadReport } from './load-report.ts';
import type { ReportAction } from './policy.ts';
import type { ReportingDependencies } from './portal-service.ts';
import {
  type AuditExtra,
  auditReportEvent,
  readReportDetail,
  reportNotFound,
  scopeOf,
} from './report-detail.ts';
import { field, openReporter } from './report-views.ts';
import type { CloseReason, DialogueMessage, OpenCase, ReportDetail } from './schemas.ts';
import { findReport, insertMessage, type ReportRow, takeMessageSeq, updateReportIf } from './store.ts';

/** A change to one report inside its transaction; says what to audit. */
type ReportChange = (
  trx: TenantTransaction,
  row: ReportRow,
  keys: TenantKeys,
) => Promise<{ audit: string } & AuditExtra>;

const changedMeanwhile = () =>
  new Conflict(
    'report_changed',
    'Someone else has just triaged this report. Reload it to see what was done.',
  );

/**
 * The threat managers' steps on a report: the dialogue with the reporter, acknowledging, opening a case or
 * attaching to one, closing, and handing over to another unit. Each step is audited in its transaction.
 */
export class TriageService {
  readonly #deps: ReportingDependencies;

  constructor(deps: ReportingDependencies) {
    this.#deps = deps;
  }

  /**
   * Runs a change on a report the actor may take `action` on, audits it, and answers with the new state, or
   * null when the actor can no longer see the report (a hand-over to a unit outside their scope).
   */
  async #apply(auth: AuthContext, id: string, action: ReportAction, requestId: string, change: ReportChange) {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    const detail = await withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const actor = await accessActor(trx, auth);
      const { row } = await loadReport(trx, actor, id, action);
      const done = await change(trx, row, keys);
      await auditReportEvent(trx, auth, done.audit, row.id, requestId, done);
      const updated = await findReport(trx, id);
      return updated
        ? readReportDetail(trx, keys, actor, updated, { auth, requestId, integrity: this.#deps.integrity })
        : null;
    });
    this.#deps.mailQueued?.();
    return detail;
  }

  async #change(
    auth: AuthContext,
    id: string,
    action: ReportAction,
    requestId: string,
    change: ReportChange,
  ): Promise<ReportDetail> {
    const detail = await this.#apply(auth, id, action, requestId, change);
    if (!detail) throw reportNotFound();
    return detail;
  }

  async #sendTeamMessage(
    trx: TenantTransaction,
    keys: TenantKeys,
    auth: AuthContext,
    row: ReportRow,
    body: string,
    kind: DialogueMessage['kind'],
  ): Promise<string> {
    const cipher = await keys.scope(trx, 'report', row.id);
    const now = this.#deps.now();
    const messageId = randomUUID();
    const seq = await takeMessageSeq(trx, row.id, 'team');
    await insertMessage(trx, {
      id: messageId,
      tenant_id: auth.tenantId,
      report_id: row.id,
      seq,
      author_type: 'team',
      author_id: auth.userId,
      kind,
      body_sealed: cipher.seal(body.trim(), field('report_messages', 'body_sealed', messageId)),
      sent_on: dayOf(now),
      sent_at: now,
    });
    const reporter = openReporter(cipher, row);
    if (reporter?.email)
      await enqueueEmail(trx, {
        to: reporter.email,
        locale: row.language,
        template: 'report.reply_waiting',
        params: { path: `/report/${auth.tenant.slug}/dialogue` },
        // The reporter's address waits in the outbox sealed with the report's key, never in clear.
        sealWith: cipher,
      });
    return messageId;
  }

  async reply(
    auth: AuthContext,
    id: string,
    input: { body: string; kind?: 'message' | 'feedback' },
    requestId: string,
  ): Promise<DialogueMessage> {
    let messageId = '';
    const detail = await this.#change(auth, id, 'reply', requestId, async (trx, row, keys) => {
      const kind = input.kind ?? 'message';
      messageId = await this.#sendTeamMessage(trx, keys, auth, row, input.body, kind);
      if (kind === 'feedback' && !row.feedback_given_at)
        await updateReportIf(trx, row.id, [row.status], { feedback_given_at: this.#deps.now() });
      return { audit: 'report.message_send', caseId: row.case_id, reason: kind };
    });
    const message = detail.messages.find((candidate) => candidate.id === messageId);
    if (!message) throw new Error('the new message is missing');
    return message;
  }

  async acknowledge(auth: AuthContext, id: string, body: string, requestId: string): Promise<ReportDetail> {
    return this.#change(auth, id, 'acknowledge', requestId, async (trx, row, keys) => {
      const acknowledgedAt = this.#deps.now();
      const nextStatus = row.status === 'new' ? 'acknowledged' : row.status;
      if (
        !(await updateReportIf(trx, row.id, [row.status], {
          status: nextStatus,
          acknowledged_at: acknowledgedAt,
          // A danger report's deadline and alert times tell its hour: needed no more (migration 0039).
          danger_due_at: null,
          danger_alerted_at: null,
        }))
      )
        throw changedMeanwhile();
      if (row.receipt_index || row.receipt_hash)
        await this.#sendTeamMessage(trx, keys, auth, row, body, 'acknowledgement');
      return { audit: 'report.acknowledge', caseId: row.case_id };
    });
  }

  /**
   * Opens a case from the report: the case gets its own key; the report keeps its own and links to it. With
   * a template, the case starts as the template says (apply-template.ts).
   */
  async openCase(auth: AuthContext, id: string, input: OpenCase, requestId: string): Promise<CaseDetail> {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const { row } = await loadReport(trx, await accessActor(trx, auth), id, 'triage');
      const template = input.templateKey ? await offeredTemplate(trx, input.templateKey) : null;
      const now = this.#deps.now();
      const caseId = await openCase(trx, keys, {
        tenantId: auth.tenantId,
        unitId: row.unit_id,
        title: input.title.trim(),
        ownerId: auth.userId,
        now,
        requestId,
        reportId: row.id,
      });
      if (template)
        await applyTemplate(trx, keys, auth, caseId, template, { now, requestId, language: input.language });
      if (
        !(await updateReportIf(trx, row.id, ['new', 'acknowledged'], {
          status: 'case_opened',
          case_id: caseId,
          // Someone took the danger report on: no more alerts (and its hour is forgotten, as below).
          danger_due_at: null,
          danger_alerted_at: null,
        }))
      )
        throw changedMeanwhile();
      await auditReportEvent(trx, auth, 'report.case_open', row.id, requestId, { caseId });
      return readCaseDetail(trx, keys, auth, caseId, requestId);
    });
  }

  async attachToCase(
    auth: AuthContext,
    id: string,
    caseId: string,
    requestId: string,
  ): Promise<ReportDetail> {
    return this.#change(auth, id, 'triage', requestId, async (trx, row) => {
      const { row: target } = await loadCase(
        trx,
        await accessActor(trx, auth),
        caseId,
        'attach_report',
      ).catch((error: unknown) => {
        // The case is named in the body: a deleted one is a wrong input here, not a gone resource.
        if (error instanceof Gone)
          throw new Invalid('case_deleted', 'This case was deleted; open a new case.', [
            { path: 'caseId', message: 'is a deleted case' },
          ]);
        throw error;
      });
      if (target.status === 'closed')
        throw new Invalid('case_closed', 'This case is closed; reopen it or open a new case.', [
          { path: 'caseId', message: 'is a closed case' },
        ]);
      if (
        !(await updateReportIf(trx, row.id, ['new', 'acknowledged'], {
          status: 'attached',
          case_id: target.id,
          danger_due_at: null,
          danger_alerted_at: null,
        }))
      )
        throw changedMeanwhile();
      await appendJournal(
        trx,
        null,
        { tenantId: auth.tenantId, caseId: target.id, authorId: auth.userId, now: this.#deps.now() },
        { kind: 'report_linked', facts: { reportId: row.id } },
      );
      await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: target.id, part: 'case' });
      return { audit: 'report.attach_case', caseId: target.id };
    });
  }

  async close(
    auth: AuthContext,
    id: string,
    input: { reason: CloseReason; note: string },
    requestId: string,
  ) {
    return this.#change(auth, id, 'triage', requestId, async (trx, row, keys) => {
      const cipher = await keys.scope(trx, 'report', row.id);
      const closed = await updateReportIf(trx, row.id, ['new', 'acknowledged'], {
        status: 'closed',
        closed_reason: input.reason,
        danger_due_at: null,
        danger_alerted_at: null,
        closed_note_sealed: cipher.seal(input.note.trim(), field('reports', 'closed_note_sealed', row.id)),
      });
      if (!closed) throw changedMeanwhile();
      return { audit: 'report.close', reason: input.reason };
    });
  }

  /**
   * Hands the report to another unit's team, with a reason: sealed with the report's key in `hand_overs`;
   * the audit event names that row and the unit (`unit:<slug>`). Answers the report in its new unit, or null
   * when that unit lies outside the actor's scope.
   */
  async handOver(
    auth: AuthContext,
    id: string,
    input: { unitId: string; reason: string },
    requestId: string,
  ): Promise<ReportDetail | null> {
    return this.#apply(auth, id, 'hand_over', requestId, async (trx, row, keys) => {
      const unit = await findUnitById(trx, input.unitId);
      if (!unit)
        throw new Invalid('unit_not_found', 'There is no such unit.', [
          { path: 'unitId', message: 'unknown unit' },
        ]);
      if (unit.id === row.unit_id)
        throw new Invalid('unit_unchanged', 'The report belongs to this unit already.', [
          { path: 'unitId', message: 'is the current unit' },
        ]);
      const handOverId = await recordHandOver(trx, await keys.scope(trx, 'report', row.id), {
        tenantId: auth.tenantId,
        subject: { reportId: row.id },
        fromUnitId: row.unit_id,
        toUnitId: unit.id,
        reason: input.reason,
        handedBy: auth.apiToken ? null : auth.userId,
        now: this.#deps.now(),
      });
      // The new unit may lie outside the sender's scope, which row-level security would refuse; the policy
      // has allowed the hand-over above.
      const moved = await withoutUserScope(trx, () =>
        updateReportIf(trx, row.id, ['new', 'acknowledged'], { unit_id: unit.id }),
      );
      if (!moved) throw changedMeanwhile();
      return {
        audit: 'report.hand_over',
        reason: `unit:${unit.slug}`,
        object: { type: 'hand_over', id: handOverId, ids: [row.id] },
      };
    });
  }
}
