import { randomUUID } from 'node:crypto';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { type Keyring, type ScopeCipher, ScopeShreddedError } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid, NotFound, Unauthorized } from '../../errors.ts';
import { ALLOWED_ATTACHMENT_TYPES } from '../attachments/allowed-types.ts';
import { type SanitizedAttachment, sanitizeAttachment } from '../attachments/sanitize.ts';
import type { Vacuum } from '../deletion/vacuum.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { notifyReporterMessage } from '../notifications/service.ts';
import {
  createPortalChallenge,
  loadPortalSecret,
  type PortalChallenge,
  verifyPortalSolution,
} from '../proof-of-work/proof-of-work.ts';
import { findTenantBySlug } from '../tenants/service.ts';
import { listTenantUnits } from '../units/service.ts';
import { indicatesDanger, validateAnswers } from './answers.ts';
import {
  discardAttachments,
  recordAttachments,
  type StoredAttachment,
  storeAttachments,
} from './attachment-files.ts';
import { dayOf } from './days.ts';
import { currentReportForm, reportFormVersion } from './forms.ts';
import { ReceiptThrottle, type ReceiptThrottleOptions } from './receipt-throttle.ts';
import {
  formatReceipt,
  hashReceipt,
  isLegacyReceipt,
  newReceipt,
  normaliseReceipt,
  receiptIndex,
} from './receipts.ts';
import { receiveReport } from './receive-report.ts';
import { field, openAnswers, toAttachmentSummary, toDialogue } from './report-views.ts';
import { issueReporterToken, verifyReporterToken } from './reporter-token.ts';
import type { DialogueMessage, PortalInfo, PortalSubmission, ReporterView } from './schemas.ts';
import {
  backfillReceiptIndex,
  findReport,
  findReportByReceiptHash,
  findReportByReceiptIndex,
  insertMessage,
  listAttachments,
  listMessages,
  reportSettings,
  takeMessageSeq,
} from './store.ts';

/** What the reporting side needs; the same for the portal and the team's inbox. */
export interface ReportingDependencies {
  database: Database;
  keyring: Keyring;
  blobStore: BlobStore;
  now: () => Date;
  attachments: { maxBytes: number; maxFiles: number };
  receiptThrottle?: Partial<ReceiptThrottleOptions>;
  /** Called after a commit that queued e-mail, so it goes out at once (the mail dispatcher's wake()). */
  mailQueued?: () => void;
  /** VACUUM after a deletion, as the tables' owner (server/modules/deletion/vacuum.ts); default: own connection. */
  vacuum?: Vacuum;
  /** Alerts the operator of stored values that fail verification (the app passes its log and metric). */
  integrity?: IntegrityAlarm;
}

/** A file as it arrived, before it is checked. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

const noPortal = () => new NotFound('portal_not_found', 'There is no reporting portal at this address.');
const invalidReceipt = () => new Unauthorized('receipt_invalid', 'This receipt is not valid.');
const invalidSession = () =>
  new Unauthorized('receipt_session_invalid', 'Your session has ended. Enter your receipt again.');
const reporterScope = (tenantId: string) => ({ tenantId, userId: null });
const reportClosed = () =>
  new Invalid('report_closed', 'This report is closed: no more messages can be sent.', [
    { path: 'body', message: 'the report is closed' },
  ]);

async function activeTenant(database: Database, slug: string) {
  const tenant = await findTenantBySlug(database.db, slug);
  if (tenant?.status !== 'active') throw noPortal();
  return tenant;
}

/** The portal's questions, in a service the portal routes and the inbox share. */
export class PortalService {
  readonly #deps: ReportingDependencies;
  readonly #throttle: ReceiptThrottle;

  constructor(deps: ReportingDependencies) {
    this.#deps = deps;
    this.#throttle = new ReceiptThrottle(deps.receiptThrottle);
  }

  /** The organisation, its units, the current form and the emergency notice. */
  async info(slug: string): Promise<PortalInfo> {
    const { database, attachments } = this.#deps;
    const tenant = await activeTenant(database, slug);
    return withTenant(database, reporterScope(tenant.id), async (trx) => {
      const units = await listTenantUnits(trx);
      const slugById = new Map(units.map((unit) => [unit.id, unit.slug]));
      const settings = await reportSettings(trx, tenant.id);
      return {
        tenant: { slug: tenant.slug, name: tenant.name },
        units: units.map((unit) => ({
          slug: unit.slug,
          name: unit.name,
          parentSlug: unit.parent_id ? (slugById.get(unit.parent_id) ?? null) : null,
        })),
        form: await currentReportForm(trx),
        emergencyNotice: (settings.emergency_notice as PortalInfo['emergencyNotice']) ?? null,
        attachments: {
          maxBytes: attachments.maxBytes,
          maxFiles: attachments.maxFiles,
          types: ALLOWED_ATTACHMENT_TYPES.map((type) => type.contentType.split(';')[0] as string),
        },
      };
    });
  }

  /**
   * A fresh proof-of-work challenge, one per submission or receipt login. A receipt login's asks for the
   * work that recent wrong receipts have made due (receipt-throttle.ts); a report's for the base work.
   */
  async challenge(slug: string, purpose: 'report' | 'receipt' = 'report'): Promise<PortalChallenge> {
    const { database, keyring, now } = this.#deps;
    const tenant = await activeTenant(database, slug);
    const keys = await keyring.forTenant(tenant.id);
    const { secret, maxNumber } = await withTenant(database, reporterScope(tenant.id), async (trx) => ({
      secret: await loadPortalSecret(trx, keys),
      maxNumber:
        purpose === 'receipt'
          ? await this.#throttle.requiredWork(trx, now())
          : this.#throttle.options.baseMaxNumber,
    }));
    return createPortalChallenge(secret, { now, maxNumber });
  }

  /** Checks and cleans uploaded files before anything is stored; the first bad file refuses the whole lot. */
  async cleanFiles(files: UploadedFile[]): Promise<SanitizedAttachment[]> {
    const { maxBytes, maxFiles } = this.#deps.attachments;
    if (files.length > maxFiles)
      throw new Invalid('attachments_too_many', `At most ${maxFiles} attachments can be sent at once.`, [
        { path: 'attachments', message: `at most ${maxFiles} files` },
      ]);
    const cleaned: SanitizedAttachment[] = [];
    for (const [index, file] of files.entries()) {
      try {
        cleaned.push(await sanitizeAttachment(file, { maxBytes }));
      } catch (error) {
        if (error instanceof Invalid)
          throw new Invalid(
            error.code,
            `${file.fileName.slice(0, 120) || 'An attachment'}: ${error.message}`,
            [{ path: `attachments.${index}`, message: error.message }],
          );
        throw error;
      }
    }
    return cleaned;
  }

  /**
   * Takes a report from the portal. Order matters: everything is checked first (answers, unit, the bot
   * check), then the attachments are encrypted and stored, then one transaction saves the report, its
   * notices and e-mails; if that fails, the stored attachments are removed again. Without attachments the
   * checks and the save are one transaction. The receipt is returned once and kept only as its keyed index.
   */
  async submit(slug: string, submission: PortalSubmission, files: UploadedFile[]) {
    const { database, keyring, blobStore, now } = this.#deps;
    const tenant = await activeTenant(database, slug);
    if (!submission.anonymous && !submission.reporter)
      throw new Invalid('reporter_required', 'A named report needs the reporter’s name.', [
        { path: 'reporter.name', message: 'is required for a named report' },
      ]);
    const cleaned = await this.cleanFiles(files);
    const keys = await keyring.forTenant(tenant.id);
    const reportId = randomUUID();
    const receivedOn = dayOf(now());
    const receipt = newReceipt();
    const scope = reporterScope(tenant.id);

    const check = async (trx: TenantTransaction) => {
      const form = await currentReportForm(trx);
      if (submission.formVersion !== form.version)
        throw new Invalid(
          'report_form_changed',
          'The form has changed since the page was loaded. Reload the page; your answers are kept in this window.',
        );
      const answers = validateAnswers(form, submission.answers, receivedOn);
      const unit = await this.#unitFor(trx, submission.unit);
      // The portal's data key, looked up once for both of its keys (loadPortalSecret() derives the same).
      const portal = await keys.scope(trx, 'portal', tenant.id);
      await verifyPortalSolution(trx, portal.deriveKey('portal.proof_of_work'), submission.proof, now());
      return { form, answers, unit, indexKey: portal.deriveKey('portal.receipt_index') };
    };
    const save = async (
      trx: TenantTransaction,
      cipher: ScopeCipher,
      checked: Awaited<ReturnType<typeof check>>,
      attachments: StoredAttachment[],
    ) => {
      await receiveReport(trx, cipher, {
        id: reportId,
        tenantId: tenant.id,
        unit: checked.unit,
        channel: 'portal',
        anonymous: submission.anonymous,
        receivedOn,
        arrivedAt: now(),
        recordedBy: null,
        language: submission.language,
        form: checked.form,
        answers: checked.answers,
        danger: indicatesDanger(checked.form, checked.answers),
        reporter: submission.anonymous ? null : (submission.reporter ?? null),
        receiptIndex: receiptIndex(checked.indexKey, receipt),
        attachments,
      });
    };

    if (cleaned.length === 0) {
      await withTenant(database, scope, async (trx) => {
        const checked = await check(trx);
        await save(trx, await keys.scope(trx, 'report', reportId), checked, []);
      });
    } else {
      const checked = await withTenant(database, scope, async (trx) => ({
        ...(await check(trx)),
        cipher: await keys.scope(trx, 'report', reportId),
      }));
      const stored = await storeAttachments(blobStore, tenant.id, reportId, checked.cipher, cleaned);
      try {
        await withTenant(database, scope, async (trx) =>
          save(trx, await keys.scope(trx, 'report', reportId), checked, stored),
        );
      } catch (error) {
        await discardAttachments(blobStore, tenant.id, stored);
        throw error;
      }
    }
    this.#deps.mailQueued?.();
    return { receipt: formatReceipt(receipt), receivedOn };
  }

  async #unitFor(trx: TenantTransaction, slug: string | undefined): Promise<{ id: string; name: string }> {
    const units = await listTenantUnits(trx);
    if (units.length === 0)
      throw new Invalid(
        'portal_not_ready',
        'This reporting portal is not set up yet: the organisation has no unit to receive reports. Please use another way to reach the team.',
      );
    if (slug === undefined) {
      if (units.length === 1) return units[0] as { id: string; name: string };
      throw new Invalid('unit_required', 'Choose the country or business unit your report concerns.', [
        { path: 'unit', message: 'is required' },
      ]);
    }
    const unit = units.find((candidate) => candidate.slug === slug);
    if (!unit)
      throw new Invalid('unit_not_found', 'There is no such unit.', [
        { path: 'unit', message: 'unknown unit' },
      ]);
    return unit;
  }

  /**
   * Exchanges a receipt for a 30-minute token. A receipt finds its report through its keyed index (one
   * HMAC, one indexed lookup). A receipt that finds none costs the slow hash of the 16-digit receipts issued
   * before the index (argon2id, as every receipt did before), whether or not it can be one of those, so
   * that every wrong receipt gets the same answer after the same work; a 16-digit receipt found that way
   * gets its keyed index. Nothing refuses a receipt unchecked: wrong receipts make the proof of work of the
   * portal's receipt logins dearer (receipt-throttle.ts), and a proof of less work than is due now is
   * refused (409 `proof_of_work_outdated`) before the receipt is looked up.
   */
  async openSession(slug: string, input: { receipt: string; proof: string }) {
    const { database, keyring, now } = this.#deps;
    const tenant = await activeTenant(database, slug);
    const keys = await keyring.forTenant(tenant.id);
    const scope = reporterScope(tenant.id);
    const digits = normaliseReceipt(input.receipt);
    const { found, salt, tokenKey, index } = await withTenant(database, scope, async (trx) => {
      const minWork = await this.#throttle.requiredWork(trx, now());
      await verifyPortalSolution(trx, await loadPortalSecret(trx, keys), input.proof, now(), { minWork });
      const portal = await keys.scope(trx, 'portal', tenant.id);
      const index = digits ? receiptIndex(portal.deriveKey('portal.receipt_index'), digits) : undefined;
      const found = index ? await findReportByReceiptIndex(trx, index) : undefined;
      return {
        found,
        index,
        salt: found ? undefined : (await reportSettings(trx, tenant.id)).receipt_salt,
        tokenKey: portal.deriveKey('portal.reporter_token'),
      };
    });
    let report = found;
    if (!report) {
      // Hash even what cannot be a 16-digit receipt, so that every wrong receipt costs the same.
      const legacy = digits && isLegacyReceipt(digits) ? digits : undefined;
      const receiptHash = await hashReceipt(legacy ?? '0000000000000000', salt as Buffer);
      report = await withTenant(database, scope, async (trx) => {
        const byHash = legacy ? await findReportByReceiptHash(trx, receiptHash) : undefined;
        if (byHash && index) await backfillReceiptIndex(trx, byHash.id, index);
        else await this.#throttle.recordFailure(trx, tenant.id, now());
        return byHash;
      });
    }
    if (!report) throw invalidReceipt();
    const { token, expiresAt } = issueReporterToken(tokenKey, report.id, now());
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async #sessionReport(slug: string, token: string | undefined) {
    const { database, keyring, now } = this.#deps;
    const tenant = await activeTenant(database, slug);
    if (!token) throw invalidSession();
    const keys = await keyring.forTenant(tenant.id);
    return {
      tenant,
      keys,
      verify: async (trx: TenantTransaction) => {
        const portal = await keys.scope(trx, 'portal', tenant.id);
        const reportId = verifyReporterToken(portal.deriveKey('portal.reporter_token'), token, now());
        const report = reportId ? await findReport(trx, reportId) : undefined;
        if (!report) throw invalidSession();
        return report;
      },
    };
  }

  /** The reporter's view of their report: status, what they sent, the dialogue. Not audited: see docs. */
  async view(slug: string, token: string | undefined): Promise<ReporterView> {
    const { tenant, keys, verify } = await this.#sessionReport(slug, token);
    return withTenant(this.#deps.database, reporterScope(tenant.id), async (trx) => {
      const report = await verify(trx);
      // A deleted report answers like a closed one, without content: its key is shredded.
      const closedWithoutContent = async (): Promise<ReporterView> => ({
        tenant: { slug: tenant.slug, name: tenant.name },
        receivedOn: report.received_on,
        anonymous: report.anonymous,
        status: 'closed',
        form: await reportFormVersion(trx, report.form_id, report.form_version),
        answers: {},
        attachments: [],
        messages: [],
      });
      if (report.deleted_at) return closedWithoutContent();
      let cipher: ScopeCipher;
      try {
        cipher = await keys.scope(trx, 'report', report.id);
      } catch (error) {
        if (error instanceof ScopeShreddedError) return closedWithoutContent();
        throw error;
      }
      const attachments = await listAttachments(trx, report.id);
      const statusForReporter = {
        new: 'received',
        acknowledged: 'in_review',
        case_opened: 'in_progress',
        attached: 'in_progress',
        closed: 'closed',
      } as const;
      return {
        tenant: { slug: tenant.slug, name: tenant.name },
        receivedOn: report.received_on,
        anonymous: report.anonymous,
        status: statusForReporter[report.status],
        form: await reportFormVersion(trx, report.form_id, report.form_version),
        answers: openAnswers(cipher, report),
        attachments: attachments
          .filter((attachment) => attachment.message_id === null)
          .map((attachment) => toAttachmentSummary(cipher, attachment)),
        messages: toDialogue(cipher, await listMessages(trx, report.id), attachments, false),
      };
    });
  }

  /** A message from the reporter, with attachments: stored like a submission, all or nothing. */
  async postMessage(
    slug: string,
    token: string | undefined,
    body: string,
    files: UploadedFile[],
  ): Promise<DialogueMessage> {
    const { database, blobStore, now } = this.#deps;
    const text = body.trim();
    if (!text && files.length === 0)
      throw new Invalid('message_empty', 'Write a message or attach a file.', [
        { path: 'body', message: 'is empty' },
      ]);
    const cleaned = await this.cleanFiles(files);
    const { tenant, keys, verify } = await this.#sessionReport(slug, token);
    const { reportId, cipher } = await withTenant(database, reporterScope(tenant.id), async (trx) => {
      const report = await verify(trx);
      if (report.deleted_at) throw reportClosed();
      return { reportId: report.id, cipher: await keys.scope(trx, 'report', report.id) };
    });
    const stored: StoredAttachment[] = await storeAttachments(
      blobStore,
      tenant.id,
      reportId,
      cipher,
      cleaned,
    );
    const day = dayOf(now());
    const messageId = randomUUID();
    try {
      return await withTenant(database, reporterScope(tenant.id), async (trx) => {
        const report = await verify(trx);
        const cipher = await keys.scope(trx, 'report', report.id);
        const seq = await takeMessageSeq(trx, report.id, 'reporter');
        await insertMessage(trx, {
          id: messageId,
          tenant_id: tenant.id,
          report_id: report.id,
          seq,
          author_type: 'reporter',
          author_id: null,
          kind: 'message',
          body_sealed: cipher.seal(text, field('report_messages', 'body_sealed', messageId)),
          sent_on: day,
          sent_at: null,
        });
        await recordAttachments(
          trx,
          cipher,
          { tenantId: tenant.id, reportId: report.id, messageId, day },
          stored,
        );
        await notifyReporterMessage(trx, { tenantId: tenant.id, id: report.id, unitId: report.unit_id, day });
        const attachments = await listAttachments(trx, report.id);
        const [message] = toDialogue(
          cipher,
          (await listMessages(trx, report.id)).filter((row) => row.id === messageId),
          attachments,
          false,
        );
        return message as DialogueMessage;
      });
    } catch (error) {
      await discardAttachments(blobStore, tenant.id, stored);
      throw error;
    }
  }
}
