import { randomUUID } from 'node:crypto';
import { FileDecryptionError } from '../../crypto/file-encryption.ts';
import { IntegrityError, integrityReason, UnreadableFields } from '../../crypto/integrity.ts';
import { ScopeShreddedError, type TenantKeys } from '../../crypto/keyring.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Forbidden, Gone, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { type AccessActor, unitAccess } from '../access/unit-access.ts';
import { auditingIntegrity, recordDeniedRead, recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { listHandOvers, recordHandOver } from '../cases/hand-overs.ts';
import { loadCase } from '../cases/load-case.ts';
import type { CaseDetail } from '../cases/schemas.ts';
import { caseLink, openCase, readCaseDetail } from '../cases/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { findUnitById, visibleUnitIds } from '../units/service.ts';
import { indicatesDanger, validateAnswers } from './answers.ts';
import {
  discardAttachments,
  readAttachment,
  type StoredAttachment,
  storeAttachments,
} from './attachment-files.ts';
import { dayOf } from './days.ts';
import { currentReportForm, reportFormVersion } from './forms.ts';
import { loadReport, reportGone, reportSubject } from './load-report.ts';
import { mayTriage, type ReportAction, serializeReport } from './policy.ts';
import type { PortalService, ReportingDependencies, UploadedFile } from './portal-service.ts';
import {
  formatReceipt,
  loadReceiptIndexKey,
  newReceipt,
  receiptIndex as receiptIndexOf,
} from './receipts.ts';
import { receiveReport } from './receive-report.ts';
import {
  field,
  openAnswers,
  openClosedNote,
  openReporter,
  toAttachmentSummary,
  toDialogue,
  toInboxItem,
} from './report-views.ts';
import type { CloseReason, DialogueMessage, InboxItem, ReportDetail, StaffReport } from './schemas.ts';
import {
  findAttachment,
  findReport,
  type InboxView,
  inboxKeyset,
  insertMessage,
  listAttachments,
  listInbox,
  listMessages,
  type ReportRow,
  reportExists,
  reportSettings,
  type SettingsRow,
  takeMessageSeq,
  updateReportIf,
} from './store.ts';

/** A change to one report inside its transaction; says what to audit. */
type ReportChange = (
  trx: TenantTransaction,
  row: ReportRow,
  keys: TenantKeys,
) => Promise<{ audit: string } & AuditExtra>;

/** What an audit event says besides the action; by default it is about the report itself. */
interface AuditExtra {
  caseId?: string | null;
  reason?: string;
  object?: { type: string; id: string; ids?: string[] | null };
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });
const notFound = () => new NotFound('report_not_found', 'No such report.');
/** An inbox item, with what the actor may do with the report. */
const inboxItem = (actor: AccessActor, row: ReportRow, settings: SettingsRow): InboxItem =>
  toInboxItem(row, settings, serializeReport(actor, reportSubject(row)));
const changedMeanwhile = () =>
  new Conflict(
    'report_changed',
    'Someone else has just triaged this report. Reload it to see what was done.',
  );

/** The threat managers' side of reports: the inbox, reading, the dialogue and triage. */
export class InboxService {
  readonly #deps: ReportingDependencies;
  readonly #portal: PortalService;

  constructor(deps: ReportingDependencies, portal: PortalService) {
    this.#deps = deps;
    this.#portal = portal;
  }

  async #audit(
    trx: TenantTransaction,
    auth: AuthContext,
    action: string,
    reportId: string,
    requestId: string,
    extra: AuditExtra = {},
  ) {
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action,
      objectType: extra.object?.type ?? 'report',
      objectId: extra.object?.id ?? reportId,
      objectIds: extra.object?.ids ?? null,
      caseId: extra.caseId ?? null,
      requestId,
      outcome: 'success',
      reason: extra.reason ?? null,
    });
  }

  /** One page of the inbox (keyset: `nextCursor` of one page is `after` of the next), the view's filter kept. */
  async list(auth: AuthContext, query: { view?: InboxView; after?: string; limit?: string }) {
    if (!mayTriage(auth))
      throw new Forbidden('forbidden', 'Only threat managers work with the report inbox.');
    const page = readPage(inboxKeyset, query);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const settings = await reportSettings(trx, auth.tenantId);
      const actor = await accessActor(trx, auth);
      // Row-level security narrows the rows to the user's units; `unitIds` (the same rule, from the units
      // store) says it in SQL for the planner, and each item carries the policy's answer for its report.
      const unitIds = await visibleUnitIds(trx, auth);
      const { rows, next } = await listInbox(trx, { view: query.view ?? 'open', unitIds }, page);
      return {
        reports: rows.map((row) => inboxItem(actor, row, settings)),
        nextCursor: encodeCursor(inboxKeyset, next),
      };
    });
  }

  /**
   * The report as the team sees it. A sealed field that fails verification is left out and named in
   * `unreadableFields`, audited as a `report.read` failure for `audit.auth`, and the operator alerted.
   * Whoever may only see the report (`can.read` false) gets its metadata: its key stays closed.
   */
  async #detail(
    trx: TenantTransaction,
    keys: TenantKeys,
    actor: AccessActor,
    row: ReportRow,
    audit?: { auth: AuthContext; requestId: string },
  ): Promise<ReportDetail> {
    const settings = await reportSettings(trx, row.tenant_id);
    const linkedCase = row.case_id ? await caseLink(trx, row.case_id) : undefined;
    const recorder = row.recorded_by
      ? await trx
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', row.recorded_by)
          .executeTakeFirst()
      : undefined;
    const metadata = {
      ...inboxItem(actor, row, settings),
      form: await reportFormVersion(trx, row.form_id, row.form_version),
      recordedBy: recorder?.display_name ?? null,
      closedReason: row.closed_reason,
      case: linkedCase ? { id: linkedCase.id, reference: linkedCase.reference } : null,
    };
    if (!metadata.can.read)
      return {
        ...metadata,
        answers: null,
        reporter: null,
        attachments: [],
        messages: [],
        closedNote: null,
        handOvers: [],
        unreadableFields: [],
      };
    const unreadable = new UnreadableFields();
    const cipher = await keys.scope(trx, 'report', row.id);
    const attachments = await listAttachments(trx, row.id);
    const detail: ReportDetail = {
      ...metadata,
      answers: openAnswers(cipher, row, unreadable),
      reporter: openReporter(cipher, row, unreadable),
      attachments: attachments
        .filter((attachment) => attachment.message_id === null)
        .map((attachment) => toAttachmentSummary(cipher, attachment, unreadable)),
      messages: toDialogue(cipher, await listMessages(trx, row.id), attachments, true, unreadable),
      closedNote: openClosedNote(cipher, row, unreadable),
      handOvers: await listHandOvers(trx, cipher, { reportId: row.id }, unreadable),
      unreadableFields: unreadable.paths,
    };
    if (audit)
      await recordUnreadable(
        trx,
        audit.auth,
        { action: 'report.read', objectType: 'report', caseId: row.case_id, requestId: audit.requestId },
        unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
        this.#deps.integrity,
      );
    return detail;
  }

  /**
   * A report with its answers and dialogue; audited as report.read (with reason `metadata_only` for whoever
   * sees its metadata only). A report the user may not see answers 404 like a missing one, and the audit
   * log records it as denied.
   */
  async detail(auth: AuthContext, id: string, requestId: string): Promise<ReportDetail> {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    const read = { action: 'report.read', objectType: 'report', objectId: id, requestId } as const;
    return this.#auditedRead(auth, read, () =>
      withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
        const actor = await accessActor(trx, auth);
        const { row, can } = await loadReport(trx, actor, id, 'see');
        await this.#audit(trx, auth, 'report.read', row.id, requestId, {
          caseId: row.case_id,
          ...(can.read ? {} : { reason: 'metadata_only' }),
        });
        try {
          return await this.#detail(trx, keys, actor, row, { auth, requestId });
        } catch (error) {
          // Shredded (not damaged): the report is gone, like one deleted through TMA.
          if (error instanceof ScopeShreddedError) throw reportGone(row);
          throw error;
        }
      }),
    );
  }

  /**
   * Runs a read of report content; a 404 is audited as denied (`not_visible`), as is a 403 for content the
   * actor sees but may not read (`content_withheld`); a value that fails verification as a failure.
   */
  async #auditedRead<T>(
    auth: AuthContext,
    read: { action: string; objectType: 'report'; objectId: string; requestId: string },
    run: () => Promise<T>,
  ): Promise<T> {
    const { database, integrity } = this.#deps;
    try {
      return await auditingIntegrity(database, auth, read, integrity, run);
    } catch (error) {
      if (error instanceof NotFound && error.code === 'report_not_found')
        await recordDeniedRead(database, auth, read, (trx) => reportExists(trx, read.objectId));
      // Seen but not to be read (an admin's metadata-only access): denied as well, and said so.
      if (error instanceof Forbidden && error.code === 'report_action_not_allowed')
        await recordAuditEventInOwnTransaction(database, scopeOf(auth), {
          ...auditActorOf(auth),
          action: read.action,
          objectType: read.objectType,
          objectId: read.objectId,
          requestId: read.requestId,
          outcome: 'denied',
          reason: 'content_withheld',
        });
      throw error;
    }
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
      await this.#audit(trx, auth, done.audit, row.id, requestId, done);
      const updated = await findReport(trx, id);
      return updated ? this.#detail(trx, keys, actor, updated, { auth, requestId }) : null;
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
    if (!detail) throw notFound();
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
        }))
      )
        throw changedMeanwhile();
      if (row.receipt_index || row.receipt_hash)
        await this.#sendTeamMessage(trx, keys, auth, row, body, 'acknowledgement');
      return { audit: 'report.acknowledge', caseId: row.case_id };
    });
  }

  /** Opens a case from the report: the case gets its own key; the report keeps its own and links to it. */
  async openCase(auth: AuthContext, id: string, title: string, requestId: string): Promise<CaseDetail> {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const { row } = await loadReport(trx, await accessActor(trx, auth), id, 'triage');
      const caseId = await openCase(trx, keys, {
        tenantId: auth.tenantId,
        unitId: row.unit_id,
        title: title.trim(),
        ownerId: auth.userId,
        now: this.#deps.now(),
        requestId,
      });
      if (
        !(await updateReportIf(trx, row.id, ['new', 'acknowledged'], {
          status: 'case_opened',
          case_id: caseId,
        }))
      )
        throw changedMeanwhile();
      await this.#audit(trx, auth, 'report.case_open', row.id, requestId, { caseId });
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
        }))
      )
        throw changedMeanwhile();
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

  /** A report received by phone, in person, by letter or e-mail, recorded by a threat manager. */
  async record(auth: AuthContext, input: StaffReport, files: UploadedFile[], requestId: string) {
    const { database, keyring, blobStore, now } = this.#deps;
    if (!mayTriage(auth)) throw new Forbidden('forbidden', 'Only threat managers record reports.');
    if (!input.anonymous && !input.reporter)
      throw new Invalid('reporter_required', 'A named report needs the reporter’s name.', [
        { path: 'reporter.name', message: 'is required for a named report' },
      ]);
    const today = dayOf(now());
    if (input.receivedOn > today)
      throw new Invalid('report_received_in_future', 'The day received cannot be in the future.', [
        { path: 'receivedOn', message: 'is in the future' },
      ]);
    const cleaned = await this.#portal.cleanFiles(files);
    const keys = await keyring.forTenant(auth.tenantId);
    const reportId = randomUUID();
    const prepared = await withTenant(database, scopeOf(auth), async (trx) => {
      const actor = await accessActor(trx, auth);
      const unit = await findUnitById(trx, input.unitId);
      // A unit whose reports one sees: recording needs no content access (one has the content in hand).
      const placement = {
        tenantId: auth.tenantId,
        unitId: unit?.id ?? '',
        unitParentId: unit?.parent_id ?? null,
      };
      if (!unit || !unitAccess(actor, placement))
        throw new Invalid('unit_not_found', 'There is no such unit among yours.', [
          { path: 'unitId', message: 'not one of your units' },
        ]);
      const form = await currentReportForm(trx);
      const answers = validateAnswers(form, input.answers, today);
      const cipher = await keys.scope(trx, 'report', reportId);
      const indexKey = input.issueReceipt ? await loadReceiptIndexKey(trx, keys) : null;
      return { unit, form, answers, indexKey, cipher };
    });
    const receipt = prepared.indexKey ? newReceipt() : null;
    const receiptIndex = receipt && prepared.indexKey ? receiptIndexOf(prepared.indexKey, receipt) : null;
    const stored: StoredAttachment[] = await storeAttachments(
      blobStore,
      auth.tenantId,
      reportId,
      prepared.cipher,
      cleaned,
    );
    try {
      const report = await withTenant(database, scopeOf(auth), async (trx) => {
        const cipher = await keys.scope(trx, 'report', reportId);
        await receiveReport(trx, cipher, {
          id: reportId,
          tenantId: auth.tenantId,
          unit: { id: prepared.unit.id, name: prepared.unit.name },
          channel: input.channel,
          anonymous: input.anonymous,
          receivedOn: input.receivedOn,
          recordedBy: auth.userId,
          language: input.language ?? 'de',
          form: prepared.form,
          answers: prepared.answers,
          danger: indicatesDanger(prepared.form, prepared.answers),
          reporter: input.anonymous ? null : (input.reporter ?? null),
          receiptIndex,
          attachments: stored,
        });
        await this.#audit(trx, auth, 'report.record', reportId, requestId, { reason: input.channel });
        const row = await findReport(trx, reportId);
        if (!row) throw new Error('the recorded report is missing');
        return this.#detail(trx, keys, await accessActor(trx, auth), row, { auth, requestId });
      });
      this.#deps.mailQueued?.();
      return { report, receipt: receipt ? formatReceipt(receipt) : null };
    } catch (error) {
      await discardAttachments(blobStore, auth.tenantId, stored);
      throw error;
    }
  }

  /**
   * An attachment's plaintext as a stream, after the policy check. Audited as report.attachment_read (the
   * attachment in `objectIds`) when the stream has ended, in a transaction of its own: success only when
   * all of it was read and verified; failure when it did not verify (`integrity:…`, the operator alerted)
   * or broke off (`interrupted`); a report the user may not see as denied.
   */
  async attachment(auth: AuthContext, id: string, attachmentId: string, requestId: string) {
    const { database, keyring, blobStore, integrity } = this.#deps;
    const keys = await keyring.forTenant(auth.tenantId);
    const read = { action: 'report.attachment_read', objectType: 'report', objectId: id, requestId } as const;
    const found = await this.#auditedRead(auth, read, () =>
      withTenant(database, scopeOf(auth), async (trx) => {
        const { row } = await loadReport(trx, await accessActor(trx, auth), id, 'read');
        const attachment = await findAttachment(trx, row.id, attachmentId);
        if (!attachment) throw new NotFound('attachment_not_found', 'No such attachment.');
        const cipher = await keys.scope(trx, 'report', row.id);
        return {
          summary: toAttachmentSummary(cipher, attachment),
          blobId: attachment.blob_id,
          cipher,
          caseId: row.case_id,
        };
      }),
    );
    const content = readAttachment(blobStore, auth.tenantId, id, found.cipher, {
      id: found.summary.id,
      blobId: found.blobId,
    });
    const failure = {
      tenantId: auth.tenantId,
      scope: 'report',
      scopeId: id,
      table: 'report_attachments',
      column: 'content',
      rowId: found.summary.id,
    };
    const record = (outcome: 'success' | 'failure', reason: string) =>
      recordAuditEventInOwnTransaction(database, scopeOf(auth), {
        ...auditActorOf(auth),
        action: 'report.attachment_read',
        objectType: 'report',
        objectId: id,
        objectIds: [found.summary.id],
        caseId: found.caseId,
        requestId,
        outcome,
        reason,
      });
    async function* audited(): AsyncGenerator<Buffer> {
      let reason = 'interrupted';
      try {
        yield* content;
        reason = found.summary.id;
      } catch (error) {
        if (!(error instanceof FileDecryptionError)) {
          reason = 'read_error';
          throw error;
        }
        // Altered, moved or cut short: an integrity failure like a sealed field's.
        reason = integrityReason(failure);
        integrity?.raise(failure, { requestId });
        const damaged = new IntegrityError(failure, { cause: error });
        damaged.alerted = integrity !== undefined;
        throw damaged;
      } finally {
        await record(reason === found.summary.id ? 'success' : 'failure', reason);
      }
    }
    return { ...found.summary, content: audited() };
  }
}
