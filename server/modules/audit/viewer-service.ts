import type { Database } from '../../db/database.ts';
import { defineKeyset } from '../../db/keyset.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import { loadCase } from '../cases/load-case.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { extractHeader, extractRow, extractTrailer } from './extract.ts';
import { toHex } from './hash-chain.ts';
import { authorizeAuditLog, authorizeCaseViewers } from './policy.ts';
import { recordAuditEvent } from './service.ts';
import type { AuditEventRow } from './store.ts';
import type {
  AuditEventsQuery,
  AuditFilterQuery,
  AuditLogEvent,
  AuditLogPage,
  AuditLogStatus,
  AuditLogUsers,
  CaseViewers,
} from './viewer-schemas.ts';
import {
  type AuditFilter,
  countPendingEvents,
  selectCaseIdByReference,
  selectCaseReferences,
  selectCaseViewers,
  selectChainHead,
  selectFilteredAuditEvents,
  selectLatestVerifications,
  selectTenantUsers,
  selectUserNames,
  type VerificationRow,
} from './viewer-store.ts';

// The audit viewer (docs/audit-log.md, "Reading the log"): auditors and admins filter the log and export it
// as CSV that `tma audit verify --extract` checks; the verification status; and "who has seen this case"
// for a case's owner. Every reading is itself audited (`audit.read`, `audit.export`, `case.viewers_read`),
// the filters as codes only.

const keyset = defineKeyset({
  name: 'audit.events',
  columns: [{ ref: 'seq', type: 'integer' }],
  order: 'desc',
});

/** Events per transaction while a CSV is streamed: memory stays flat for any extract. */
const EXPORT_PAGE = 500;

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/** A filter the store runs, resolved from the query (a case reference becomes the case's id). */
interface ResolvedFilter {
  filter: AuditFilter;
  /** The filters as audit codes. */
  codes: string[];
  /** A case reference that names no case: nothing matches. */
  empty: boolean;
}

async function resolveFilter(trx: TenantTransaction, query: AuditFilterQuery): Promise<ResolvedFilter> {
  const filter: AuditFilter = {};
  const codes: string[] = [];
  let empty = false;
  if (query.actorId !== undefined) {
    filter.actorId = query.actorId;
    codes.push(`actor=${query.actorId.toLowerCase()}`);
  }
  let caseId = query.caseId?.toLowerCase();
  if (query.caseReference !== undefined) {
    const found = await selectCaseIdByReference(trx, query.caseReference);
    if (found === null || (caseId !== undefined && found !== caseId)) empty = true;
    caseId = found ?? caseId;
  }
  if (caseId !== undefined) {
    filter.caseId = caseId;
    codes.push(`case=${caseId}`);
  }
  if (query.action !== undefined) {
    filter.action = query.action;
    codes.push(
      query.action.endsWith('.*') ? `action_prefix=${query.action.slice(0, -2)}` : `action=${query.action}`,
    );
  }
  if (query.outcome !== undefined) {
    filter.outcome = query.outcome;
    codes.push(`outcome=${query.outcome}`);
  }
  if (query.from !== undefined) {
    filter.from = new Date(query.from);
    codes.push('from');
  }
  if (query.to !== undefined) {
    filter.to = new Date(query.to);
    codes.push('to');
  }
  return { filter, codes, empty };
}

/** The filter codes as one audit reason (AUDIT_REASON_PATTERN, at most 200 characters). */
function reasonOf(codes: readonly string[]): string {
  const reason = codes.length === 0 ? 'filters=none' : codes.join(':').replaceAll(/[^a-z0-9_.:=-]/g, '_');
  return reason.slice(0, 200);
}

async function namesOf(trx: TenantTransaction, rows: readonly AuditEventRow[]) {
  const users = await selectUserNames(
    trx,
    rows.filter((row) => row.actor_type === 'user' && row.actor_id !== null).map((row) => row.actor_id ?? ''),
  );
  const cases = await selectCaseReferences(
    trx,
    rows.flatMap((row) => (row.case_id === null ? [] : [row.case_id])),
  );
  return (row: AuditEventRow) => ({
    actorName: row.actor_type === 'user' && row.actor_id !== null ? (users.get(row.actor_id) ?? null) : null,
    caseReference: row.case_id === null ? null : (cases.get(row.case_id) ?? null),
  });
}

function toLogEvent(row: AuditEventRow, names: { actorName: string | null; caseReference: string | null }) {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: names.actorName,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    caseId: row.case_id,
    caseReference: names.caseReference,
    requestId: row.request_id,
    outcome: row.outcome,
    reason: row.reason,
    objectCount: row.object_ids?.length ?? null,
    hash: toHex(row.hash),
  } satisfies AuditLogEvent;
}

function toVerification(row: VerificationRow | null) {
  if (!row) return null;
  return {
    verifiedAt: row.verified_at.toISOString(),
    mode: row.mode,
    source: row.source,
    ok: row.ok,
    head:
      row.head_seq === null
        ? null
        : { seq: row.head_seq, hash: row.head_hash === null ? null : toHex(row.head_hash) },
    problem: row.problem,
    problemSeq: row.problem_seq,
  };
}

export interface AuditFile {
  fileName: string;
  /** The CSV, produced page by page as it is read. */
  lines: AsyncIterable<string>;
}

export class AuditViewerService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(deps: { database: Database; now?: () => Date }) {
    this.#database = deps.database;
    this.#now = deps.now ?? (() => new Date());
  }

  async #authorize(trx: TenantTransaction, auth: AuthContext, action: 'read' | 'export') {
    authorizeAuditLog(await accessActor(trx, auth), action, { tenantId: auth.tenantId });
  }

  #record(trx: TenantTransaction, auth: AuthContext, requestId: string, action: string, reason: string) {
    return recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action,
      objectType: 'audit_log',
      objectId: auth.tenantId,
      requestId,
      outcome: 'success',
      reason,
    });
  }

  /** A page of the filtered log, newest first; audited as `audit.read` with the filters as codes. */
  list(auth: AuthContext, query: AuditEventsQuery, requestId: string): Promise<AuditLogPage> {
    const page = readPage(keyset, query);
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'read');
      const { filter, codes, empty } = await resolveFilter(trx, query);
      const head = await selectChainHead(trx);
      const before = page.after === null ? undefined : Number(page.after[0]);
      const rows = empty
        ? []
        : await selectFilteredAuditEvents(trx, filter, { before, upTo: head.seq, limit: page.limit + 1 });
      const shown = rows.slice(0, page.limit);
      const names = await namesOf(trx, shown);
      const last = shown.at(-1);
      await this.#record(trx, auth, requestId, 'audit.read', reasonOf(codes));
      return {
        events: shown.map((row) => toLogEvent(row, names(row))),
        nextCursor: rows.length > page.limit && last ? encodeCursor(keyset, [last.seq]) : null,
        head: { seq: head.seq, hash: head.hash === null ? null : toHex(head.hash) },
      };
    });
  }

  /**
   * The filtered log as CSV, newest first, up to the head at export time, which its first line names. The
   * check, the audit event (`audit.export`) and the head are one transaction; the events are then read a page
   * at a time, each in a short transaction of its own, so memory stays flat and no transaction stays open.
   */
  async csv(auth: AuthContext, query: AuditFilterQuery, requestId: string): Promise<AuditFile> {
    const exportedAt = this.#now();
    const start = await withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'export');
      const resolved = await resolveFilter(trx, query);
      const head = await selectChainHead(trx);
      await this.#record(trx, auth, requestId, 'audit.export', reasonOf(resolved.codes));
      return { ...resolved, head };
    });
    const database = this.#database;
    const scope = scopeOf(auth);
    const { filter, codes, empty, head } = start;
    async function* lines(): AsyncGenerator<string> {
      yield extractHeader({
        tenantId: auth.tenantId,
        head: { seq: head.seq, hash: head.hash === null ? null : toHex(head.hash) },
        exportedAt,
        filters: codes,
      });
      let before: number | undefined;
      let count = 0;
      while (!empty && head.seq > 0) {
        const chunk = await withTenant(database, scope, async (trx) => {
          const rows = await selectFilteredAuditEvents(trx, filter, {
            before,
            upTo: head.seq,
            limit: EXPORT_PAGE,
          });
          const names = await namesOf(trx, rows);
          return { text: rows.map((row) => extractRow(row, names(row))).join(''), rows };
        });
        if (chunk.rows.length > 0) yield chunk.text;
        count += chunk.rows.length;
        const last = chunk.rows.at(-1);
        if (chunk.rows.length < EXPORT_PAGE || !last) break;
        before = last.seq;
      }
      yield extractTrailer(count);
    }
    const stamp = exportedAt.toISOString().slice(0, 19).replaceAll(':', '-');
    return { fileName: `audit-log-${auth.tenant.slug}-${stamp}.csv`, lines: lines() };
  }

  /** The last verification of the chain (and the last intact one), the head now and what is not verified. */
  status(auth: AuthContext): Promise<AuditLogStatus> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'read');
      const { latest, lastOk } = await selectLatestVerifications(trx);
      const head = await selectChainHead(trx);
      const pendingEvents = await countPendingEvents(trx);
      return {
        lastVerification: toVerification(latest),
        lastIntact: toVerification(lastOk),
        head: { seq: head.seq, hash: head.hash === null ? null : toHex(head.hash) },
        pendingEvents,
        unverifiedEvents: Math.max(0, head.seq - (lastOk?.head_seq ?? 0)),
      };
    });
  }

  /** The tenant's users for the viewer's user filter (names and roles are not case content). */
  users(auth: AuthContext): Promise<AuditLogUsers> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      await this.#authorize(trx, auth, 'read');
      const rows = await selectTenantUsers(trx);
      return {
        users: rows.map((row) => ({
          id: row.id,
          name: row.display_name,
          role: row.role,
          active: row.status === 'active',
        })),
      };
    });
  }

  /**
   * Who has read, exported or changed the case, how often and when last: for its owner and admins who see
   * it. Audited as `case.viewers_read`.
   */
  caseViewers(auth: AuthContext, caseId: string, requestId: string): Promise<CaseViewers> {
    return withTenant(this.#database, scopeOf(auth), async (trx) => {
      const actor = await accessActor(trx, auth);
      const { row } = await loadCase(trx, actor, caseId, 'see');
      authorizeCaseViewers(actor, { tenantId: row.tenant_id, ownerId: row.owner_id });
      const viewers = await selectCaseViewers(trx, row.id);
      const names = await selectUserNames(
        trx,
        viewers.filter((viewer) => viewer.actor_type === 'user').map((viewer) => viewer.actor_id),
      );
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'case.viewers_read',
        objectType: 'case',
        objectId: row.id,
        caseId: row.id,
        requestId,
        outcome: 'success',
      });
      return {
        viewers: viewers.map((viewer) => ({
          actorType: viewer.actor_type === 'api_token' ? ('api_token' as const) : ('user' as const),
          actorId: viewer.actor_id,
          name: viewer.actor_type === 'user' ? (names.get(viewer.actor_id) ?? null) : null,
          reads: viewer.reads,
          exports: viewer.exports,
          changes: viewer.changes,
          lastAt: viewer.last_at.toISOString(),
          lastAction: viewer.last_action,
        })),
      };
    });
  }
}
