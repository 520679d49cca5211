import { randomUUID } from 'node:crypto';
import { type IntegrityAlarm, type IntegrityFailure, UnreadableFields } from '../../crypto/integrity.ts';
import {
  type DataKeyJson,
  type Keyring,
  type ScopeCipher,
  ScopeShreddedError,
  type TenantKeys,
} from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { nextNumber } from '../../db/tenant-counters.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { hasUnitScope } from '../access/unit-access.ts';
import { auditingIntegrity, recordDeniedRead, recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { holdColumn, legalHoldFrom, loadedHold } from '../retention/legal-hold.ts';
import { findUnitById } from '../units/service.ts';
import { type CaseListParams, caseFilters, SEARCH_FIELDS } from './case-list-filters.ts';
import { CASE_ORDERS, listCases } from './case-list-store.ts';
import { openCaseHandOvers, recordHandOver } from './hand-overs.ts';
import { appendJournal } from './journal.ts';
import { summaryField } from './lifecycle.ts';
import { authorizeLoaded, caseGone, caseSubject, loadCase, tombstoneOf } from './load-case.ts';
import { type CaseAction, canCase, mayListCases, serializeCase } from './policy.ts';
import type { CaseDetail, CaseOwners, CaseSummary } from './schemas.ts';
import {
  addCaseMember,
  type CaseRow,
  caseDetailQuery,
  caseExists,
  findCase,
  insertCase,
  listCaseReports,
  listEligibleOwners,
  moveCase,
  moveCaseReports,
} from './store.ts';

const findCaseDetail = caseDetailQuery(holdColumn);

const titleField = (caseId: string) => ({ table: 'cases', column: 'title_sealed', rowId: caseId });

export const caseReference = (createdAt: Date, number: number) =>
  `C-${createdAt.getUTCFullYear()}-${String(number).padStart(4, '0')}`;

const toUnit = (row: CaseRow) => ({ id: row.unit_id, name: row.unit_name });

/** What is left of a deleted case: reference, unit, dates, the reason code; no title. */
function toTombstone(row: CaseRow, can: Record<CaseAction, boolean>): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    title: null,
    status: row.status,
    unit: toUnit(row),
    createdAt: row.created_at.toISOString(),
    deleted: tombstoneOf(row),
    level: null,
    category: null,
    tags: [],
    dueOn: null,
    owner: null,
    updatedAt: row.updated_at.toISOString(),
    can,
  };
}

/**
 * The case's cipher from the data key its own statement loaded (findCaseDetail), or null once its data key is
 * shredded (its tombstone then shows).
 */
async function openLoadedScope(
  trx: TenantTransaction,
  keys: TenantKeys,
  row: CaseRow & { data_key: DataKeyJson },
): Promise<ScopeCipher | null> {
  try {
    return await keys.scopeWith(trx, 'case', row.id, row.data_key);
  } catch (error) {
    if (error instanceof ScopeShreddedError) return null;
    throw error;
  }
}

/** The title with the case's cipher from a page's batch (TenantKeys.scopes); null once shredded. */
function openListedTitle(row: CaseRow, cipher: ScopeCipher | Error | undefined): string | null {
  if (row.deleted_at || !row.title_sealed) return null;
  if (cipher instanceof ScopeShreddedError) return null;
  if (cipher === undefined) throw new Error(`no cipher was loaded for case ${row.id}`);
  if (cipher instanceof Error) throw cipher;
  return cipher.openText(row.title_sealed, titleField(row.id));
}

/**
 * A case in the list. Its title is opened only for whoever may read the case (`can.read`), with the cipher
 * the page loaded for it; an admin who sees metadata only gets it without, and the key is never touched.
 */
function toSummary(
  row: CaseRow,
  can: Record<CaseAction, boolean>,
  cipher: ScopeCipher | Error | undefined,
  unreadable: UnreadableFields,
): CaseSummary {
  if (row.deleted_at) return toTombstone(row, can);
  const metadata: CaseSummary = {
    ...toTombstone(row, can),
    deleted: null,
    level: row.level,
    dueOn: row.due_on,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
  };
  if (!can.read) return metadata;
  // A title that fails verification (altered, moved): the case is listed by its metadata, marked unreadable.
  const damaged = unreadable.paths.length;
  const title = unreadable.open('title', () => openListedTitle(row, cipher), null);
  if (unreadable.paths.length > damaged) return { ...metadata, unreadable: true };
  if (title === null) return toTombstone(row, can);
  return { ...metadata, title, category: row.category, tags: row.tags };
}

/**
 * Opens a case in `unitId` with the actor as owner and first team member, its own data key, and a title
 * sealed with it. The caller links what led to it (a report) in the same transaction.
 */
/** The id and reference of a case, as a report links to it; undefined when the actor does not see it. */
export async function caseLink(
  trx: TenantTransaction,
  caseId: string,
): Promise<{ id: string; reference: string } | undefined> {
  const row = await findCase(trx, caseId);
  return row ? { id: row.id, reference: row.reference } : undefined;
}

export async function openCase(
  trx: TenantTransaction,
  keys: TenantKeys,
  input: {
    tenantId: string;
    unitId: string;
    title: string;
    ownerId: string;
    now: Date;
    requestId?: string;
    /** The report it is opened from. */
    reportId?: string;
  },
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
    search_index: (await keys.blindIndex(trx)).entries(SEARCH_FIELDS.caseText, input.title),
    owner_id: input.ownerId,
    created_by: input.ownerId,
    created_at: input.now,
    updated_at: input.now,
  });
  await addCaseMember(trx, {
    tenant_id: input.tenantId,
    case_id: id,
    user_id: input.ownerId,
    role: 'owner',
    added_by: input.ownerId,
  });
  await appendJournal(
    trx,
    null,
    { tenantId: input.tenantId, caseId: id, authorId: input.ownerId, now: input.now },
    { kind: 'case_opened', facts: input.reportId ? { reportId: input.reportId } : {} },
  );
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
 * Whoever may only see the case (an admin, by default) gets its metadata: no title, no hand-overs, and the
 * case's key stays closed (audited as case.read with reason `metadata_only`). A title that fails
 * verification throws IntegrityError; a hand-over reason that does is left out and named in
 * `unreadableFields` (audited as a failure, and passed to `alarm`).
 */
export async function readCaseDetail(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  requestId?: string,
  alarm?: IntegrityAlarm,
): Promise<CaseDetail> {
  const actor = await accessActor(trx, auth);
  // One statement loads the case with its reports, hand-overs, legal hold and data key (issue 18).
  const { row, can, subject } = authorizeLoaded(await findCaseDetail(trx, caseId, actor.id), actor, 'see');
  // An admin who sees metadata only never opens the key.
  const cipher = can.read && !row.deleted_at ? await openLoadedScope(trx, keys, row) : null;
  const title = cipher && row.title_sealed ? cipher.openText(row.title_sealed, titleField(row.id)) : null;
  const unreadable = new UnreadableFields();
  const sealedSummary = row.summary_sealed;
  const summary =
    cipher && sealedSummary
      ? unreadable.open('summary', () => cipher.openText(sealedSummary, summaryField(row.id)), null)
      : null;
  // Shredded by other means than TMA's deletion: gone all the same.
  if (can.read && title === null) throw caseGone(row);
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    requestId: requestId ?? null,
    outcome: 'success',
    reason: can.read ? null : 'metadata_only',
  });
  const handOvers = cipher ? openCaseHandOvers(row.hand_overs, cipher, unreadable) : [];
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
    unit: toUnit(row),
    createdAt: row.created_at.toISOString(),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    summary,
    category: can.read ? row.category : null,
    tags: can.read ? row.tags : [],
    level: row.level,
    dueOn: row.due_on,
    closedAt: row.closed_at?.toISOString() ?? null,
    closingOutcome: row.closing_outcome,
    legalHold: legalHoldFrom(loadedHold(row.legal_hold), cipher, actor, { caseId: row.id, subject }),
    reports: row.reports.map((report) => ({
      id: report.id,
      reference: report.reference,
      receivedOn: report.received_on,
    })),
    suggestedSpecialties: can.read ? (row.suggested_specialties as CaseDetail['suggestedSpecialties']) : [],
    handOvers,
    unreadableFields: unreadable.paths,
    can,
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
      const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'hand_over');
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
   * Everyone who can own a case, to filter the case list by: for those who see cases by unit scope (an
   * expert, who sees only their teams' cases, has no use for it).
   */
  async owners(auth: AuthContext): Promise<CaseOwners> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      if (!mayListCases(auth) || !hasUnitScope(await accessActor(trx, auth)))
        throw new Forbidden('forbidden', 'Only those who see cases by unit filter them by owner.');
      const rows = await listEligibleOwners(trx);
      return { owners: rows.map((row) => ({ id: row.id, name: row.display_name })) };
    });
  }

  /**
   * A page of the open cases the user may see (and the tombstones of deleted ones), newest first, titles
   * opened where they may read them: audited as one `case.list` event naming the listed cases. `after` is
   * the `nextCursor` of the page before (400 `cursor_invalid` for anything else), `limit` 1 to 200 (50).
   * Row-level security narrows the rows; the case policy is checked per row as well (the same rule:
   * policy-matrix.test.ts) and decides which titles are opened, their data keys read with one query. A case
   * whose title fails verification is listed without it (`unreadable`), audited as a failure.
   */
  async listOpen(
    auth: AuthContext,
    query: CaseListParams,
    requestId?: string,
  ): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
    if (!mayListCases(auth)) throw new Forbidden('forbidden', 'Auditors do not work with cases.');
    const sort = query.sort ?? 'newest';
    const page = readPage(CASE_ORDERS[sort], query);
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const actor = await accessActor(trx, auth);
      // Without unit scope (experts, auditors) only team cases can pass row-level security: say so up front.
      const { rows, next } = await listCases(trx, page, {
        memberOf: auth.userId,
        teamsOf: hasUnitScope(actor) ? undefined : auth.userId,
        sort,
        filters: await caseFilters(trx, keys, auth, query),
      });
      const listed = rows.flatMap((row) => {
        const subject = caseSubject(row, row.actor_is_member);
        return canCase(actor, 'see', subject) ? [{ row, can: serializeCase(actor, subject) }] : [];
      });
      const titled = listed.filter(({ row, can }) => can.read && !row.deleted_at && row.title_sealed);
      const ciphers =
        titled.length > 0
          ? await keys.scopesWith(
              trx,
              'case',
              titled.map(({ row }) => ({ id: row.id, dataKey: row.data_key })),
            )
          : new Map<string, ScopeCipher | Error>();
      const summaries: CaseSummary[] = [];
      const failures: Array<IntegrityFailure & { objectId: string }> = [];
      for (const { row, can } of listed) {
        const unreadable = new UnreadableFields();
        summaries.push(toSummary(row, can, ciphers.get(row.id), unreadable));
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
      return { cases: summaries, nextCursor: encodeCursor(CASE_ORDERS[sort], next) };
    });
  }
}
