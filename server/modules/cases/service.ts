import { randomUUID } from 'node:crypto';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { nextNumber } from '../reports/store.ts';
import { withUnitScope } from '../units/service.ts';
import { findUnitById } from '../units/store.ts';
import { authorizeCase, type CaseActor } from './policy.ts';
import type { CaseDetail, CaseSummary } from './schemas.ts';
import {
  addCaseMember,
  type CaseRow,
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

async function toSummary(trx: TenantTransaction, keys: TenantKeys, row: CaseRow): Promise<CaseSummary> {
  const cipher = await keys.scope(trx, 'case', row.id);
  return {
    id: row.id,
    reference: row.reference,
    title: cipher.openText(row.title_sealed, titleField(row.id)),
    status: row.status,
    unit: { id: row.unit_id, name: row.unit_name },
    createdAt: row.created_at.toISOString(),
  };
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

/** The case as the case page shows it today (the case file grows in a later issue); audited as case.read. */
export async function readCaseDetail(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  requestId?: string,
): Promise<CaseDetail> {
  const row = await findCase(trx, caseId);
  const actor = await caseActor(trx, auth);
  authorizeCase(actor, 'read', {
    tenantId: auth.tenantId,
    unitId: row?.unit_id ?? '',
    actorIsMember: row ? await isCaseMember(trx, row.id, auth.userId) : false,
  });
  if (!row) throw new Error('unreachable: authorizeCase refuses a missing case');
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
  return {
    ...(await toSummary(trx, keys, row)),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    reports: reports.map((report) => ({
      id: report.id,
      reference: report.reference,
      receivedOn: report.received_on,
    })),
  };
}

/** Reads and lists of cases for the routes. */
export class CaseService {
  readonly #database: Database;
  readonly #keyring: Keyring;

  constructor(database: Database, keyring: Keyring) {
    this.#database = database;
    this.#keyring = keyring;
  }

  async detail(auth: AuthContext, caseId: string, requestId: string): Promise<CaseDetail> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
      readCaseDetail(trx, keys, auth, caseId, requestId),
    );
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
      const unit = await findUnitById(trx, input.unitId);
      if (!unit)
        throw new Invalid('unit_not_found', 'There is no such unit.', [
          { path: 'unitId', message: 'unknown unit' },
        ]);
      if (unit.id === row.unit_id)
        throw new Invalid('unit_unchanged', 'The case belongs to this unit already.', [
          { path: 'unitId', message: 'is the current unit' },
        ]);
      // The new unit may lie outside the sender's scope, which row-level security would refuse; the policy
      // has allowed the hand-over above.
      await withoutUserScope(trx, async () => {
        await moveCase(trx, row.id, unit.id);
        await moveCaseReports(trx, row.id, unit.id);
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'case.hand_over',
        objectType: 'case',
        objectId: row.id,
        caseId: row.id,
        requestId,
        outcome: 'success',
        reason: `to unit ${unit.slug}: ${input.reason.trim().slice(0, 400)}`,
      });
      const moved = await findCase(trx, row.id);
      return moved ? readCaseDetail(trx, keys, auth, row.id, requestId) : null;
    });
  }

  async listOpen(auth: AuthContext): Promise<CaseSummary[]> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const rows = await listOpenCases(trx, 200);
      const summaries: CaseSummary[] = [];
      for (const row of rows) summaries.push(await toSummary(trx, keys, row));
      return summaries;
    });
  }
}
