import { randomUUID } from 'node:crypto';
import { type IntegrityAlarm, type IntegrityFailure, UnreadableFields } from '../../crypto/integrity.ts';
import { type Keyring, ScopeShreddedError, type TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Gone, Invalid, NotFound } from '../../errors.ts';
import { auditingIntegrity, recordDeniedRead, recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { nextNumber } from '../reports/store.ts';
import { withUnitScope } from '../units/service.ts';
import { findUnitById } from '../units/store.ts';
import { listHandOvers, recordHandOver } from './hand-overs.ts';
import { authorizeCase, type CaseActor } from './policy.ts';
import type { CaseDetail, CaseSummary } from './schemas.ts';
import {
  addCaseMember,
  type CaseRow,
  caseExists,
  findCase,
  insertCase,
  isCaseMember,
  listCaseReports,
  listOpenCases,
  moveCase,
  moveCaseReports,
} from './store.ts';

const titleField = (caseId: string) => ({ table: 'cases', column: 'title_sealed', rowId: caseId });

export const caseReference = (createdAt: Date, number: number) =>
  `C-${createdAt.getUTCFullYear()}-${String(number).padStart(4, '0')}`;

export function caseActor(trx: TenantTransaction, auth: AuthContext): Promise<CaseActor> {
  return withUnitScope(trx, auth);
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What is left of a deleted case: reference, unit, dates, the reason code; no title. */
function toTombstone(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    title: null,
    status: row.status,
    unit: { id: row.unit_id, name: row.unit_name },
    createdAt: row.created_at.toISOString(),
    deleted: { on: day(row.deleted_at ?? row.updated_at), reason: row.deletion_reason },
  };
}

/** The case's title, opened; null once the case's data key is shredded (its tombstone then shows). */
async function openTitle(trx: TenantTransaction, keys: TenantKeys, row: CaseRow): Promise<string | null> {
  if (row.deleted_at || !row.title_sealed) return null;
  try {
    return (await keys.scope(trx, 'case', row.id)).openText(row.title_sealed, titleField(row.id));
  } catch (error) {
    if (error instanceof ScopeShreddedError) return null;
    throw error;
  }
}

async function toSummary(
  trx: TenantTransaction,
  keys: TenantKeys,
  row: CaseRow,
  unreadable = new UnreadableFields(),
): Promise<CaseSummary> {
  // A title that fails verification (altered, moved): the case is listed by its metadata, marked unreadable.
  const damaged = unreadable.paths.length;
  const title = await unreadable.openAsync('title', () => openTitle(trx, keys, row), null);
  if (unreadable.paths.length > damaged)
    return { ...toTombstone(row), title: null, deleted: null, unreadable: true };
  if (title === null) return toTombstone(row);
  return {
    id: row.id,
    reference: row.reference,
    title,
    status: row.status,
    unit: { id: row.unit_id, name: row.unit_name },
    createdAt: row.created_at.toISOString(),
    deleted: null,
  };
}

/** A deleted case answers 410 with its tombstone. */
function caseGone(row: CaseRow): Gone {
  return new Gone(
    'case_deleted',
    `Case ${row.reference} was deleted.`,
    toTombstone(row).deleted ?? undefined,
  );
}

/**
 * Opens a case in `unitId` with the actor as owner and first team member, its own data key, and a title
 * sealed with it. The caller links what led to it (a report) in the same transaction.
 */
export async function openCase(
  trx: TenantTransaction,
  keys: TenantKeys,
  input: { tenantId: string; unitId: string; title: string; ownerId: string; now: Date; requestId?: string },
): Promise<string> {
  const id = randomUUID();
  const cipher = await keys.scope(trx, 'case', id);
  const number = await nextNumber(trx, input.tenantId, 'case');
  await insertCase(trx, {
    id,
    tenant_id: input.tenantId,
    unit_id: input.unitId,
    reference: caseReference(input.now, number),
    title_sealed: cipher.seal(input.title, titleField(id)),
    owner_id: input.ownerId,
    created_by: input.ownerId,
    created_at: input.now,
    updated_at: input.now,
  });
  await addCaseMember(trx, { tenant_id: input.tenantId, case_id: id, user_id: input.ownerId, role: 'owner' });
  await recordAuditEvent(trx, {
    actorType: 'user',
    actorId: input.ownerId,
    action: 'case.create',
    objectType: 'case',
    objectId: id,
    caseId: id,
    requestId: input.requestId ?? null,
    outcome: 'success',
  });
  return id;
}

/**
 * The case as the case page shows it today (the case file grows in a later issue); audited as case.read.
 * A title that fails verification throws IntegrityError; a hand-over reason that does is left out and
 * named in `unreadableFields` (audited as a failure, and passed to `alarm`).
 */
export async function readCaseDetail(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  requestId?: string,
  alarm?: IntegrityAlarm,
): Promise<CaseDetail> {
  const row = await findCase(trx, caseId);
  const actor = await caseActor(trx, auth);
  authorizeCase(actor, 'read', {
    tenantId: auth.tenantId,
    unitId: row?.unit_id ?? '',
    actorIsMember: row ? await isCaseMember(trx, row.id, auth.userId) : false,
  });
  if (!row) throw new Error('unreachable: authorizeCase refuses a missing case');
  const title = await openTitle(trx, keys, row);
  if (title === null) throw caseGone(row);
  await recordAuditEvent(trx, {
    actorType: 'user',
    actorId: auth.userId,
    action: 'case.read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    requestId: requestId ?? null,
    outcome: 'success',
  });
  const reports = await listCaseReports(trx, row.id);
  const unreadable = new UnreadableFields();
  const handOvers = await listHandOvers(
    trx,
    await keys.scope(trx, 'case', row.id),
    { caseId: row.id },
    unreadable,
  );
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.read', objectType: 'case', caseId: row.id, requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    alarm,
  );
  return {
    id: row.id,
    reference: row.reference,
    title,
    status: row.status,
    unit: { id: row.unit_id, name: row.unit_name },
    createdAt: row.created_at.toISOString(),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    reports: reports.map((report) => ({
      id: report.id,
      reference: report.reference,
      receivedOn: report.received_on,
    })),
    handOvers,
    unreadableFields: unreadable.paths,
  };
}

/** Reads and lists of cases for the routes. */
export class CaseService {
  readonly #database: Database;
  readonly #keyring: Keyring;
  readonly #alarm: IntegrityAlarm | undefined;

  constructor(database: Database, keyring: Keyring, alarm?: IntegrityAlarm) {
    this.#database = database;
    this.#keyring = keyring;
    this.#alarm = alarm;
  }

  /**
   * The case page (audited as case.read). A case the user may not see answers 404 like a missing one, and
   * the audit log records it as denied; a title that fails verification is audited as a failure.
   */
  async detail(auth: AuthContext, caseId: string, requestId: string): Promise<CaseDetail> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    const read = { action: 'case.read', objectType: 'case', objectId: caseId, caseId, requestId } as const;
    try {
      return await auditingIntegrity(this.#database, auth, read, this.#alarm, () =>
        withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
          readCaseDetail(trx, keys, auth, caseId, requestId, this.#alarm),
        ),
      );
    } catch (error) {
      if (error instanceof NotFound && error.code === 'case_not_found')
        await recordDeniedRead(this.#database, auth, read, (trx) => caseExists(trx, caseId));
      throw error;
    }
  }

  /** Open cases the user may see (row-level security narrows the rows; the policy is checked per row). */
  /**
   * Hands the case, and the reports it took over, to another unit's team, with a reason (audited as
   * case.hand_over). Answers the case, or null when the new unit lies outside the actor's scope.
   */
  async handOver(
    auth: AuthContext,
    caseId: string,
    input: { unitId: string; reason: string },
    requestId: string,
  ): Promise<CaseDetail | null> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const row = await findCase(trx, caseId);
      authorizeCase(await caseActor(trx, auth), 'hand_over', {
        tenantId: auth.tenantId,
        unitId: row?.unit_id ?? '',
        actorIsMember: row ? await isCaseMember(trx, row.id, auth.userId) : false,
      });
      if (!row) throw new Error('unreachable: authorizeCase refuses a missing case');
      if (row.deleted_at) throw caseGone(row);
      const unit = await findUnitById(trx, input.unitId);
      if (!unit)
        throw new Invalid('unit_not_found', 'There is no such unit.', [
          { path: 'unitId', message: 'unknown unit' },
        ]);
      if (unit.id === row.unit_id)
        throw new Invalid('unit_unchanged', 'The case belongs to this unit already.', [
          { path: 'unitId', message: 'is the current unit' },
        ]);
      // The reason is free text: sealed with the case's key in its own row, which the audit event names.
      const handOverId = await recordHandOver(trx, await keys.scope(trx, 'case', row.id), {
        tenantId: auth.tenantId,
        subject: { caseId: row.id },
        fromUnitId: row.unit_id,
        toUnitId: unit.id,
        reason: input.reason,
        handedBy: auth.apiToken ? null : auth.userId,
        now: new Date(),
      });
      const reports = await listCaseReports(trx, row.id);
      // The new unit may lie outside the sender's scope, which row-level security would refuse; the policy
      // has allowed the hand-over above.
      await withoutUserScope(trx, async () => {
        await moveCase(trx, row.id, unit.id);
        await moveCaseReports(trx, row.id, unit.id);
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'case.hand_over',
        objectType: 'hand_over',
        objectId: handOverId,
        caseId: row.id,
        // The reports that moved with the case.
        objectIds: reports.length > 0 ? reports.map((report) => report.id) : null,
        requestId,
        outcome: 'success',
        reason: `unit:${unit.slug}`,
      });
      const moved = await findCase(trx, row.id);
      return moved ? readCaseDetail(trx, keys, auth, row.id, requestId, this.#alarm) : null;
    });
  }

  /**
   * Open cases the user may see, titles opened: audited as one `case.list` event naming the listed cases.
   * A case whose title fails verification is listed without it (`unreadable`), audited as a failure.
   */
  async listOpen(auth: AuthContext, requestId?: string): Promise<CaseSummary[]> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const rows = await listOpenCases(trx, 200);
      const summaries: CaseSummary[] = [];
      const failures: Array<IntegrityFailure & { objectId: string }> = [];
      for (const row of rows) {
        const unreadable = new UnreadableFields();
        summaries.push(await toSummary(trx, keys, row, unreadable));
        for (const failure of unreadable.failures) failures.push({ ...failure, objectId: row.id });
      }
      if (summaries.length > 0)
        await recordAuditEvent(trx, {
          ...auditActorOf(auth),
          action: 'case.list',
          objectType: 'case',
          objectIds: summaries.map((summary) => summary.id),
          requestId: requestId ?? null,
          outcome: 'success',
        });
      await recordUnreadable(
        trx,
        auth,
        { action: 'case.list', objectType: 'case', requestId },
        failures,
        this.#alarm,
      );
      return summaries;
    });
  }
}
