import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { unitAccess } from '../access/unit-access.ts';
import type { AuthContext } from '../identity/service.ts';
import { findUnitById } from '../units/service.ts';
import { indicatesDanger, validateAnswers } from './answers.ts';
import { discardAttachments, type StoredAttachment, storeAttachments } from './attachment-files.ts';
import { dayOf } from './days.ts';
import { currentReportForm } from './forms.ts';
import { mayTriage } from './policy.ts';
import type { PortalService, ReportingDependencies, UploadedFile } from './portal-service.ts';
import {
  formatReceipt,
  loadReceiptIndexKey,
  newReceipt,
  receiptIndex as receiptIndexOf,
} from './receipts.ts';
import { receiveReport } from './receive-report.ts';
import { auditReportEvent, readReportDetail, scopeOf } from './report-detail.ts';
import type { StaffReport } from './schemas.ts';
import { findReport } from './store.ts';

/** Reports that reach the team by other ways than the portal, recorded by a threat manager. */
export class StaffReportService {
  readonly #deps: ReportingDependencies;
  readonly #portal: PortalService;

  constructor(deps: ReportingDependencies, portal: PortalService) {
    this.#deps = deps;
    this.#portal = portal;
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
          arrivedAt: now(),
          recordedBy: auth.userId,
          language: input.language ?? 'de',
          form: prepared.form,
          answers: prepared.answers,
          danger: indicatesDanger(prepared.form, prepared.answers),
          reporter: input.anonymous ? null : (input.reporter ?? null),
          receiptIndex,
          attachments: stored,
        });
        await auditReportEvent(trx, auth, 'report.record', reportId, requestId, { reason: input.channel });
        const row = await findReport(trx, reportId);
        if (!row) throw new Error('the recorded report is missing');
        return readReportDetail(trx, keys, await accessActor(trx, auth), row, {
          auth,
          requestId,
          integrity: this.#deps.integrity,
        });
      });
      this.#deps.mailQueued?.();
      return { report, receipt: receipt ? formatReceipt(receipt) : null };
    } catch (error) {
      await discardAttachments(blobStore, auth.tenantId, stored);
      throw error;
    }
  }
}
