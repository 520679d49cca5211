import type { ColumnType } from 'kysely';

export type AuditActorType = 'user' | 'api_token' | 'reporter' | 'system' | 'operator';
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Written once, never updated: the update type is `never`. */
type Immutable<T> = ColumnType<T, T, never>;

/**
 * One audit event. bytea reads as Buffer on node-postgres and as Uint8Array on PGlite; both are
 * Uint8Array. No client address or user agent is stored: anonymous reporters stay anonymous.
 */
export interface AuditEventsTable {
  tenant_id: Immutable<string>;
  /** 1, 2, 3 … per tenant, without gaps. */
  seq: Immutable<number>;
  occurred_at: Immutable<Date>;
  actor_type: Immutable<AuditActorType>;
  actor_id: Immutable<string | null>;
  action: Immutable<string>;
  object_type: Immutable<string>;
  object_id: Immutable<string | null>;
  case_id: Immutable<string | null>;
  request_id: Immutable<string | null>;
  outcome: Immutable<AuditOutcome>;
  reason: Immutable<string | null>;
  /** The objects of a list page (uuid[]), or null; added by migration 0018. */
  object_ids: ColumnType<string[] | null, string[] | null | undefined, never>;
  prev_hash: Immutable<Uint8Array>;
  hash: Immutable<Uint8Array>;
}

/**
 * An event recorded but not yet linked into its tenant's chain (migration 0021): the fields of
 * audit_events without seq and hashes. Inserted by recordAuditEvent(), moved into audit_events by the
 * linker (audit_link_pending); never updated.
 */
export interface AuditPendingEventsTable {
  /** Orders the queue; not part of the event. */
  id: ColumnType<number, never, never>;
  tenant_id: Immutable<string>;
  occurred_at: Immutable<Date>;
  actor_type: Immutable<AuditActorType>;
  actor_id: Immutable<string | null>;
  action: Immutable<string>;
  object_type: Immutable<string>;
  object_id: Immutable<string | null>;
  case_id: Immutable<string | null>;
  request_id: Immutable<string | null>;
  outcome: Immutable<AuditOutcome>;
  reason: Immutable<string | null>;
  object_ids: ColumnType<string[] | null, string[] | null | undefined, never>;
}

/** The newest event of each tenant's chain (seq 0 and 32 zero bytes before the first). */
export interface AuditChainHeadsTable {
  tenant_id: ColumnType<string, string, never>;
  seq: number;
  hash: Uint8Array;
}

/** The result of one verification of a tenant's chain (migration 0044); never updated. */
export interface AuditVerificationsTable {
  id: ColumnType<number, never, never>;
  tenant_id: Immutable<string>;
  verified_at: Immutable<Date>;
  mode: Immutable<'full' | 'incremental'>;
  source: Immutable<'cli' | 'server'>;
  ok: Immutable<boolean>;
  head_seq: Immutable<number | null>;
  head_hash: Immutable<Uint8Array | null>;
  problem: Immutable<string | null>;
  problem_seq: Immutable<number | null>;
}

/** Tables of this area. */
export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_pending_events: AuditPendingEventsTable;
  audit_verifications: AuditVerificationsTable;
}
