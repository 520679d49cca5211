import { FileDecryptionError } from '../../crypto/file-encryption.ts';
import { IntegrityError, integrityReason } from '../../crypto/integrity.ts';
import { ScopeShreddedError } from '../../crypto/keyring.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { auditingIntegrity, recordDeniedRead } from '../audit/content-reads.ts';
import { recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { visibleUnitIds } from '../units/service.ts';
import { readAttachment } from './attachment-files.ts';
import { loadReport, reportGone } from './load-report.ts';
import { mayTriage } from './policy.ts';
import type { ReportingDependencies } from './portal-service.ts';
import { auditReportEvent, inboxItem, readReportDetail, scopeOf } from './report-detail.ts';
import { toAttachmentSummary } from './report-views.ts';
import type { InboxQuery, ReportDetail } from './schemas.ts';
import { findAttachment, inboxKeysets, listInbox, reportExists, reportSettings } from './store.ts';

/** The owner an `assignee` filter names: a user id, `me` for the caller, `none` (null) for no one. */
const assigneeOf = (auth: AuthContext, assignee: string): string | null =>
  assignee === 'none' ? null : assignee === 'me' ? auth.userId : assignee.toLowerCase();

/** A read of report content, as the audit log names it. */
type ContentRead = { action: string; objectType: 'report'; objectId: string; requestId: string };

/**
 * The threat managers' reading side of reports: the inbox, a report, and its attachments. Every read of
 * content is audited; the steps that change a report are in triage-service.ts.
 */
export class InboxService {
  readonly #deps: ReportingDependencies;

  constructor(deps: ReportingDependencies) {
    this.#deps = deps;
  }

  /**
   * One page of the inbox (keyset: `nextCursor` of one page is `after` of the next), in the order asked for,
   * the view and the filters kept. Search covers clear columns only (reference, unit name): content is sealed.
   */
  async list(auth: AuthContext, query: InboxQuery) {
    if (!mayTriage(auth))
      throw new Forbidden('forbidden', 'Only threat managers work with the report inbox.');
    const sort = query.sort ?? 'danger';
    const page = readPage(inboxKeysets[sort], query);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const settings = await reportSettings(trx, auth.tenantId);
      const actor = await accessActor(trx, auth);
      // Row-level security narrows the rows to the user's units; `unitIds` (the same rule, from the units
      // store) says it in SQL for the planner, and each item carries the policy's answer for its report.
      const unitIds = await visibleUnitIds(trx, auth);
      const search = query.q?.trim();
      const { rows, next } = await listInbox(
        trx,
        {
          view: query.view ?? 'open',
          unitIds,
          sort,
          periods: { acknowledgeDays: settings.acknowledge_days, feedbackMonths: settings.feedback_months },
          ...(search ? { search } : {}),
          ...(query.unit === undefined ? {} : { unitId: query.unit }),
          ...(query.channel === undefined ? {} : { channel: query.channel }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.danger === undefined ? {} : { danger: query.danger === 'true' }),
          ...(query.awaitingReply === undefined ? {} : { awaitingReply: true }),
          ...(query.assignee === undefined ? {} : { assignee: assigneeOf(auth, query.assignee) }),
        },
        page,
      );
      return {
        reports: rows.map((row) => inboxItem(actor, row, settings)),
        nextCursor: encodeCursor(inboxKeysets[sort], next),
      };
    });
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
        await auditReportEvent(trx, auth, 'report.read', row.id, requestId, {
          caseId: row.case_id,
          ...(can.read ? {} : { reason: 'metadata_only' }),
        });
        try {
          return await readReportDetail(trx, keys, actor, row, {
            auth,
            requestId,
            integrity: this.#deps.integrity,
          });
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
  async #auditedRead<T>(auth: AuthContext, read: ContentRead, run: () => Promise<T>): Promise<T> {
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
